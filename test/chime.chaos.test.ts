import { expect, it } from 'vitest';
import { startEmulator } from '@channelkit/emulator';
import { prng } from '../packages/emulator/src/core/__tests__/_fuzz.js';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { chimeApi, chimeClient, createChannel, createUser } from './_chime.js';

// Chaos (issue 11 must-show): 2,000 messages sent while the receiver's socket is dropped at
// random (fixed seed) at least ten times; gap recovery (ListChannelMessages from the last
// timestamp seen, deduplicated by MessageId) must deliver each exactly once, in order.

it('chaos chime: 2,000 messages through random drops arrive exactly once and in order', { timeout: 60_000 }, async () => {
  const r = prng(0xc41e);
  const e = await startEmulator({ port: 0 });
  const ada = await createUser(e, 'ada');
  const bob = await createUser(e, 'bob');
  const room = await createChannel(e, ada, 'room', [bob]);
  const { client } = chimeClient(e, bob);
  const sender = chimeApi(e, ada);
  try {
    const got: number[] = [];
    let discontinuities = 0;
    client.channel('room').subscribe({ onEvent: (d) => got.push(d as number), onDiscontinuity: () => discontinuities++ });
    await waitFor(() => client.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
    await sender.sendChannelMessage(room, { Content: '-1', ContentType: 'application/json' });
    await waitFor(() => got.length === 1, 'first message seen (recovery has a starting point)');
    got.length = 0;
    const TOTAL = 2000;
    let drops = 0;
    let nextDrop = 50 + r.int(150);
    for (let n = 0; n < TOTAL; n++) {
      await sender.sendChannelMessage(room, { Content: String(n), ContentType: 'application/json' });
      if (n === nextDrop) {
        drops += e.faults.apply({ backend: 'chime', action: 'drop' }).affected;
        nextDrop = n + 30 + r.int(150);
      }
    }
    await waitFor(() => got.length >= TOTAL, `all ${TOTAL} delivered (have ${got.length})`, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(`chaos chime: ${TOTAL} messages, ${drops} drops, ${got.length} delivered, ${discontinuities} discontinuities`);
    expect(drops).toBeGreaterThanOrEqual(10);
    expect(discontinuities).toBe(0);
    expect(got).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
  } finally {
    client.close();
    await e.close();
  }
});
