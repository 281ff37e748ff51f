import { resolve } from 'node:path';
import { BUNDLES, bundleSize } from './lib/bundleSize.js';
import { fmtKb, type Row } from './lib/measure.js';

/**
 * Chime rows: the bundle of createClient + the Chime backend (socket, REST subset, SigV4).
 * The anchor, amazon-chime-sdk-js's DefaultMessagingSession, is not measured here: its CommonJS
 * build requires @aws-sdk/client-chime-sdk-messaging's Node entry (credential chain, node:fs),
 * which a browser bundle cannot resolve; issue 11 reports 315 KB gzip from the root import and
 * 91 KB with deep imports. The chaos row (2,000 messages through random drops) is printed by
 * test/chime.chaos.test.ts.
 */
export async function run(): Promise<Row[]> {
  const ours = await bundleSize(BUNDLES.chimeClient, resolve(import.meta.dirname));
  return [
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
