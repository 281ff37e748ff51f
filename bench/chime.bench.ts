import { resolve } from 'node:path';
import { BUNDLES, bundleSize } from './lib/bundleSize.js';
import { runChimeChaos } from './lib/chimeChaos.js';
import { fmtKb, type Row } from './lib/measure.js';

/**
 * Chime rows: the bundle of createClient + the Chime backend (socket, REST subset, SigV4).
 * The anchor, amazon-chime-sdk-js's DefaultMessagingSession, is not measured here: its CommonJS
 * build requires @aws-sdk/client-chime-sdk-messaging's Node entry (credential chain, node:fs),
 * which a browser bundle cannot resolve; issue 11 reports 315 KB gzip from the root import and
 * 91 KB with deep imports. The chaos row runs the scenario of test/chime.chaos.test.ts twice
 * side by side: with gap recovery, and resubscribing without it (the SDK's behaviour).
 */
export async function run(): Promise<Row[]> {
  const ours = await bundleSize(BUNDLES.chimeClient, resolve(import.meta.dirname));
  const withRecovery = await runChimeChaos();
  const without = await runChimeChaos({ recover: false });
  const summary = (r: typeof withRecovery) => {
    const unique = new Set(r.received).size;
    const inOrder = r.received.every((v, i) => i === 0 || v > r.received[i - 1]!);
    return { lost: r.total - unique, duplicated: r.received.length - unique, inOrder };
  };
  const a = summary(withRecovery);
  const b = summary(without);
  return [
    {
      benchmark: `chaos: ${withRecovery.total} Chime messages, ${withRecovery.drops} receiver drops`,
      ours: `${withRecovery.total - a.lost}/${withRecovery.total} received, ${a.lost} lost, ${a.duplicated} duplicated, ${a.inOrder ? 'in order' : 'OUT OF ORDER'}`,
      anchor: `${without.total - b.lost}/${without.total} received, ${b.lost} lost (resubscribe without recovery, ${without.drops} drops)`,
      ratio: `${b.lost} → ${a.lost} lost`,
      target: '0 lost, 0 duplicated, ≥ 10 drops',
      ok: a.lost === 0 && a.duplicated === 0 && a.inOrder && withRecovery.drops >= 10,
    },
    {
      benchmark: 'createClient + Chime bundle (min+gzip)',
      ours: fmtKb(ours.gzip),
      anchor: '91 KB amazon-chime-sdk-js deep imports (issue 11 figure, not measured here)',
      ratio: `${(ours.gzip / (91 * 1024)).toFixed(2)}×`,
      target: '≤ 12.00 KB',
      ok: ours.gzip <= 12 * 1024,
    },
  ];
}
