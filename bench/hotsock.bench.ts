import { WebSocket } from 'ws';
import { createClient } from '@channelkit/transport';
import { hotsock } from '@channelkit/transport/hotsock';
import { signJwt } from '@channelkit/emulator';
import { emulatorProcess } from './lib/emulatorProcess.js';
import type { Row } from './lib/measure.js';

const TOTAL = 2000;

/**
 * Chaos: 2,000 messages published at a steady rate while the emulator drops every subscriber
 * at random moments (at least 10 times). Ours: ChannelKit's Hotsock client (resubscribe, then
 * recover the gap through listMessages). Anchor, in the same run on the same stream: what the
 * official hotsock-js does — reconnect and resubscribe, no recovery — as a raw socket.
 */
export async function run(): Promise<Row[]> {
  const emulator = await emulatorProcess();
  const { hotsock: h, admin } = emulator.endpoints;
  const token = (uid: string) => signJwt({ scope: 'connect', uid, exp: Math.floor(Date.now() / 1000) + 300, channels: { chaos: { subscribe: true, historyStart: 0 } } }, h.issuer);

  const ours: number[] = [];
  const client = createClient({
    backend: hotsock({ webSocketUrl: h.webSocketUrl, httpApiUrl: h.httpApiUrl, connectToken: () => token('ours') }),
    WebSocket,
    backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
  });
  client.channel<number>('chaos').subscribe((n) => ours.push(n));

  const anchor: number[] = [];
  const anchorSocket = () => {
    const ws = new WebSocket(`${h.webSocketUrl}?token=${token('anchor')}`);
    ws.on('open', () => ws.send(JSON.stringify({ event: 'hotsock.subscribe', channel: 'chaos' })));
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { event: string; data: unknown };
      if (f.event === 'n') anchor.push(f.data as number);
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (!stopped) setTimeout(anchorSocket, 20); // hotsock-js: the first reconnect is immediate
    });
  };
  let stopped = false;
  anchorSocket();
  while ((await (await fetch(`${admin}/connections`)).json()).filter((c: { channels: string[] }) => c.channels.length > 0).length < 2) await new Promise((r) => setTimeout(r, 20));

  let seed = 0x5eed;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let drops = 0;
  let nextDrop = 60 + Math.floor(random() * 100);
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i++) {
    await fetch(h.publishUrl, { method: 'POST', headers: { authorization: `Bearer ${h.apiKey}` }, body: JSON.stringify({ channel: 'chaos', event: 'n', data: i, store: -1 }) });
    if (i === nextDrop) {
      await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ backend: 'hotsock', action: 'drop' }) });
      drops++;
      nextDrop = i + 60 + Math.floor(random() * 100);
    }
  }
  const published = performance.now() - t0;
  const deadline = Date.now() + 20_000;
  while (ours.length < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  stopped = true;
  client.close();
  await emulator.stop();

  const summary = (got: number[]) => {
    const unique = new Set(got).size;
    const inOrder = got.every((n, i) => i === 0 || n > got[i - 1]!);
    return { lost: TOTAL - unique, duplicated: got.length - unique, inOrder };
  };
  const o = summary(ours);
  const a = summary(anchor);
  const exact = o.lost === 0 && o.duplicated === 0 && o.inOrder && ours.every((n, i) => n === i);
  return [
    {
      benchmark: `chaos: ${TOTAL.toLocaleString('en-US')} messages in ${(published / 1000).toFixed(1)} s, ${drops} subscriber drops`,
      ours: `${ours.length}/${TOTAL} received, ${o.lost} lost, ${o.duplicated} duplicated${o.inOrder ? ', in order' : ', OUT OF ORDER'}`,
      anchor: `${anchor.length}/${TOTAL} received, ${a.lost} lost (hotsock-js: resubscribe, no recovery)`,
      ratio: `${a.lost} → ${o.lost} lost`,
      target: '0 lost, 0 duplicated, ≥ 10 drops',
      ok: exact && drops >= 10,
    },
  ];
}
