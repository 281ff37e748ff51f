import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { hotsockClient, serverPublish } from './_hotsock.js';

// Gap recovery never loses silently (docs/hotsock.md, "Gap recovery"): pages cut short by the
// API's 1 MB budget are followed, and a last-seen message that expired during the outage is a
// discontinuity. Real sockets against the emulator; the outage is a drop plus a held handshake.

let e: RunningEmulator | undefined;
const closers: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await e?.close();
  e = undefined;
});

/** Close to the 32 KiB data limit: about 33 of these fill the 1 MB page budget. */
const BIG = 'x'.repeat(31 * 1024);

async function subscribed(emulator: RunningEmulator, channel: string) {
  const c = hotsockClient(emulator);
  closers.push(c);
  const got: unknown[] = [];
  let discontinuities = 0;
  c.channel(channel).subscribe({ onEvent: (data) => void got.push(data), onDiscontinuity: () => void discontinuities++ });
  await waitFor(() => c.channel(channel).state.getSnapshot().status === 'subscribed', 'subscribed');
  return { c, got, discontinuities: () => discontinuities };
}

/** Drops the hotsock connections and holds the next handshake, so `during` runs in the outage. */
async function outage(emulator: RunningEmulator, c: { status: { getSnapshot(): { status: string } } }, during: () => Promise<void>) {
  emulator.faults.apply({ backend: 'hotsock', action: 'delayHandshake', durationMs: 1500 });
  emulator.faults.apply({ backend: 'hotsock', action: 'drop' });
  await waitFor(() => c.status.getSnapshot().status !== 'connected', 'the drop noticed');
  await during();
  await waitFor(() => c.status.getSnapshot().status === 'connected', 'reconnected');
}

describe('Hotsock gap recovery', () => {
  it('follows pages cut short by the 1 MB budget: 50 messages of 31 KB missed, 50 recovered, no discontinuity', async () => {
    e = await startEmulator({ port: 0 });
    const emulator = e;
    const { c, got, discontinuities } = await subscribed(emulator, 'big');
    await serverPublish(emulator, { channel: 'big', event: 'n', data: 'first', store: -1 });
    await waitFor(() => got.length === 1, 'first');
    await outage(emulator, c, async () => {
      for (let i = 0; i < 50; i++) expect((await serverPublish(emulator, { channel: 'big', event: 'n', data: `${i}:${BIG}`, store: -1 })).status).toBe(202);
    });
    await waitFor(
      () => got.length === 51,
      () => `51 events (got ${got.length})`,
    );
    expect(got.slice(1).map((d) => String(d).split(':')[0])).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(discontinuities()).toBe(0);
  });

  it('signals a discontinuity when the last message seen expired during the outage', async () => {
    let skew = 0;
    e = await startEmulator({ port: 0, hotsock: { now: () => Date.now() + skew } });
    const emulator = e;
    const { c, got, discontinuities } = await subscribed(emulator, 'short');
    await serverPublish(emulator, { channel: 'short', event: 'n', data: 'seen', store: 30 });
    await waitFor(() => got.length === 1, 'seen');
    await outage(emulator, c, async () => {
      await serverPublish(emulator, { channel: 'short', event: 'n', data: 'expires unseen', store: 30 });
      await serverPublish(emulator, { channel: 'short', event: 'n', data: 'kept', store: -1 });
      skew = 40_000; // both 30-second messages are past their store duration now
    });
    await waitFor(() => discontinuities() === 1, 'a discontinuity');
    // What history still holds is delivered; what expired is announced, not hidden.
    await waitFor(() => got.length === 2, 'the kept message');
    expect(got).toEqual(['seen', 'kept']);
  });

  it('no discontinuity when the last message seen is still stored', async () => {
    e = await startEmulator({ port: 0 });
    const emulator = e;
    const { c, got, discontinuities } = await subscribed(emulator, 'kept');
    await serverPublish(emulator, { channel: 'kept', event: 'n', data: 'seen', store: 300 });
    await waitFor(() => got.length === 1, 'seen');
    await outage(emulator, c, async () => {
      await serverPublish(emulator, { channel: 'kept', event: 'n', data: 'missed', store: 300 });
    });
    await waitFor(() => got.length === 2, 'the missed message');
    expect(got).toEqual(['seen', 'missed']);
    expect(discontinuities()).toBe(0);
  });
});

describe('Hotsock history.list hasMore', () => {
  it('a page cut short by size says there is more; the last page says there is not', async () => {
    e = await startEmulator({ port: 0 });
    const emulator = e;
    const { c } = await subscribed(emulator, 'pages');
    for (let i = 0; i < 40; i++) await serverPublish(emulator, { channel: 'pages', event: 'n', data: `${i}:${BIG}`, store: -1 });
    const newest = await c.channel('pages').history!.list({ limit: 100 });
    expect(newest.items.length).toBeLessThan(40);
    expect(newest.hasMore).toBe(true);
    const rest = await c.channel('pages').history!.list({ before: newest.items[0]!.id, limit: 100 });
    expect(newest.items.length + rest.items.length).toBe(40);
    expect(rest.hasMore).toBe(false);
  });
});
