import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { chimeApi, chimeClient, createChannel, createUser } from './_chime.js';

// Chime gap recovery never loses silently (docs/chime.md, "Gap recovery"): when the last
// message seen before the outage is no longer listed (past the AppInstance's retention, or
// deleted), what is listed is delivered and a discontinuity signalled. Real sockets.

let e: RunningEmulator;
const closers: Array<{ close(): void }> = [];
beforeEach(async () => {
  e = await startEmulator({ port: 0 });
});
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await e.close();
});

async function setUp() {
  const alice = await createUser(e, 'alice');
  const bob = await createUser(e, 'bob');
  const room = await createChannel(e, bob, 'room', [alice, bob]);
  const { client } = chimeClient(e, alice);
  closers.push(client);
  const got: unknown[] = [];
  let discontinuities = 0;
  client.channel(room).subscribe({ onEvent: (data) => void got.push(data), onDiscontinuity: () => void discontinuities++ });
  await waitFor(() => client.channel(room).state.getSnapshot().status === 'subscribed' && client.status.getSnapshot().status === 'connected', 'subscribed');
  const send = chimeApi(e, bob);
  const seen = await send.sendChannelMessage(room, { Content: 'seen' });
  await waitFor(() => got.length === 1, 'seen');
  return { client, room, send, got, seenId: seen.MessageId, discontinuities: () => discontinuities };
}

/** Drops alice's socket and holds the next handshake, so `during` runs in the outage. */
async function outage(client: { status: { getSnapshot(): { status: string } } }, during: () => Promise<void>) {
  e.faults.apply({ backend: 'chime', action: 'delayHandshake', durationMs: 1000 });
  e.faults.apply({ backend: 'chime', action: 'drop' });
  await waitFor(() => client.status.getSnapshot().status !== 'connected', 'the drop noticed');
  await during();
  await waitFor(() => client.status.getSnapshot().status === 'connected', 'reconnected');
}

describe('Chime gap recovery', () => {
  it('recovers what was missed, no discontinuity, when the last message seen is still listed', async () => {
    const { client, room, send, got, discontinuities } = await setUp();
    await outage(client, async () => {
      await send.sendChannelMessage(room, { Content: 'missed' });
    });
    await waitFor(() => got.length === 2, 'the missed message');
    expect(got).toEqual(['seen', 'missed']);
    expect(discontinuities()).toBe(0);
  });

  it('signals a discontinuity when the last message seen is gone from the history', async () => {
    const { client, room, send, got, seenId, discontinuities } = await setUp();
    await outage(client, async () => {
      await send.sendChannelMessage(room, { Content: 'missed' });
      // What the AppInstance's retention does to old messages (the emulator keeps everything,
      // so the test removes it from the emulated store directly, as retention would).
      const stored = e.chime.model.channel(room).messages.find((m) => m.MessageId === seenId);
      expect(stored).toBeDefined();
      stored!.deleted = true;
    });
    await waitFor(() => discontinuities() === 1, 'a discontinuity');
    await waitFor(() => got.length === 2, 'what is still listed');
    expect(got).toEqual(['seen', 'missed']);
  });
});
