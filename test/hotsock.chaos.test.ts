import { expect, it } from 'vitest';
import { startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { hotsockClient, OPEN_CHANNEL, serverPublish } from './_hotsock.js';

/** A small seeded generator (mulberry32): the same drop moments on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it('chaos: 2,000 messages at a steady rate, the subscriber dropped at least 10 times, all 2,000 received once and in order', async () => {
  const e = await startEmulator({ port: 0 });
  const random = rng(0xc4a05);
  const subscriber = hotsockClient(e, { claims: { uid: 'reader', channels: { chaos: OPEN_CHANNEL } } });
  try {
    const got: number[] = [];
    let discontinuities = 0;
    subscriber.channel<number>('chaos').subscribe({ onEvent: (n) => got.push(n), onDiscontinuity: () => discontinuities++ });
    await waitFor(() => subscriber.channel('chaos').state.getSnapshot().status === 'subscribed', 'subscribed', 10_000);

    const TOTAL = 2000;
    let drops = 0;
    let nextDrop = 60 + Math.floor(random() * 100);
    for (let i = 0; i < TOTAL; i++) {
      // Server publish, one request after another: a steady stream whatever the subscriber does.
      const res = await serverPublish(e, { channel: 'chaos', event: 'n', data: i, store: -1 });
      expect(res.status).toBe(202);
      if (i === nextDrop) {
        const live = e.connections().filter((c) => c.backend === 'hotsock');
        if (live.length > 0) {
          e.faults.apply({ backend: 'hotsock', action: 'drop' });
          drops++;
        }
        nextDrop = i + 60 + Math.floor(random() * 100);
      }
    }
    await waitFor(() => got.length >= TOTAL, `all ${TOTAL} messages (have ${got.length})`, 20_000);
    await new Promise((r) => setTimeout(r, 100));
    const duplicates = got.length - new Set(got).size;
    const inOrder = got.every((n, i) => n === i);
    console.log(
      `chaos hotsock: ${TOTAL} published, ${drops} drops, ${got.length} received, ${duplicates} duplicated, ${TOTAL - new Set(got).size} lost, in order: ${inOrder}, discontinuities: ${discontinuities}`,
    );
    expect(drops).toBeGreaterThanOrEqual(10);
    expect(got).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    expect(discontinuities).toBe(0);
  } finally {
    subscriber.close();
    await e.close();
  }
}, 60_000);
