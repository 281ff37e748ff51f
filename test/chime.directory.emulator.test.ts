// The Chime channel list as a live directory: what counts as unread, whose clock the read
// marker is on, and what a throwing listener may not break.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelKitError, ChannelSummary } from '@channelkit/transport';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { chimeApi, chimeClient, createChannel, createUser } from './_chime.js';

let e: RunningEmulator;
let ada: string;
let bob: string;
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
  [ada, bob] = await Promise.all([createUser(e, 'ada'), createUser(e, 'bob')]);
});
afterAll(async () => {
  await e.close();
});

const row = (rows: readonly ChannelSummary[], channel: string) => rows.find((r) => r.channel === channel);

describe('Chime channel directory', () => {
  it('counts STANDARD messages from others only: CONTROL messages (typing) neither count nor replace the preview', async () => {
    const room = await createChannel(e, bob, 'control', [ada]);
    const { client } = chimeClient(e, ada);
    const directory = client.directory!;
    client.connect();
    await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected');
    await directory.list();
    const bobApi = chimeApi(e, bob);
    await bobApi.sendChannelMessage(room, { Content: 'hello' });
    await waitFor(() => row(directory.getSnapshot!(), room)?.unread === 1, 'one unread');
    await bobApi.sendChannelMessage(room, { Content: 'typing', Type: 'CONTROL', Persistence: 'NON_PERSISTENT' });
    await bobApi.sendChannelMessage(room, { Content: 'second' });
    await waitFor(() => row(directory.getSnapshot!(), room)?.unread === 2, 'two unread');
    expect(row(directory.getSnapshot!(), room)?.lastMessage?.data).toBe('second');
    client.close();
  });

  it('markRead puts the marker on the server’s clock: with the device an hour ahead, the next message is still unread', async () => {
    const room = await createChannel(e, bob, 'skew', [ada]);
    const { client, backend } = chimeClient(e, ada);
    const directory = client.directory!;
    client.connect();
    await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected');
    const bobApi = chimeApi(e, bob);
    await bobApi.sendChannelMessage(room, { Content: 'first' });
    await waitFor(() => row(directory.getSnapshot!(), room)?.unread === 1, 'one unread');
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 3_600_000);
    try {
      await directory.markRead(room, Date.now());
    } finally {
      vi.restoreAllMocks();
    }
    expect(row(directory.getSnapshot!(), room)?.unread).toBe(0);
    await bobApi.sendChannelMessage(room, { Content: 'after reading' });
    await waitFor(() => row(directory.getSnapshot!(), room)?.unread === 1, 'the next message is unread');
    expect(backend.channels.getSnapshot().find((c) => c.channel.ChannelArn === room)?.readMarkerTimestamp).toBeLessThan(now + 60_000);
    client.close();
  });

  it('a throwing directory listener is reported as LISTENER_ERROR and costs nobody the message', async () => {
    const room = await createChannel(e, bob, 'throwing', [ada]);
    const { client } = chimeClient(e, ada);
    const errors: ChannelKitError[] = [];
    client.onError((error) => errors.push(error));
    const calls: number[] = [];
    client.directory!.subscribe!(() => {
      calls.push(1);
      throw new Error('boom in a listener');
    });
    client.directory!.subscribe!(() => calls.push(2));
    const got: unknown[] = [];
    client.channel(room).subscribe((data) => got.push(data));
    await waitFor(() => client.channel(room).state.getSnapshot().status === 'subscribed', 'subscribed');
    await chimeApi(e, bob).sendChannelMessage(room, { Content: 'still delivered' });
    await waitFor(() => got.includes('still delivered'), 'delivered');
    expect(calls).toContain(2);
    expect(client.status.getSnapshot().status).toBe('connected');
    await waitFor(() => errors.some((x) => x.code === 'LISTENER_ERROR' && /boom in a listener/.test(x.message)), 'reported');
    expect(errors.some((x) => /undecodable/.test(x.message))).toBe(false);
    client.close();
  });
});
