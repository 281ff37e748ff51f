// The React hooks against the Hotsock backend on the emulator (issue 10: "their tests run against
// Hotsock too"): native presence on presence.* channels, history from listMessages merged with
// live and optimistic messages, channel storage, one wire subscription under StrictMode, and
// recovery (no discontinuity) after a drop.
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type PresenceView, useChannel, useChannelStorage, useConnectionState, useMessageHistory, usePresence, usePublish } from '@channelkit/react';
import { hotsockClient, mint, OPEN_CHANNEL } from './_hotsock.js';
import { adminCall, eventually, nodeFetch, strictProvider } from './react-harness.js';

type Msg = { id: string; text: string };

/** POST /publish with the emulator's API key (server-side publish, stored for history), over node:http. */
async function serverPublish(emulator: RunningEmulator, body: Record<string, unknown>): Promise<void> {
  const res = await nodeFetch(emulator.endpoints.hotsock.publishUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.endpoints.hotsock.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ store: -1, ...body }),
  });
  if (!res.ok) throw new Error(`publish: ${res.status} ${await res.text()}`);
}
const W = { timeout: 10_000 };

let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});

/** A Hotsock client for `uid`: every channel open (history, storage, echo), presence.* with umd updates. */
function client(uid: string): RealtimeClient {
  const c = hotsockClient(e, {
    fetch: nodeFetch,
    claims: { uid, umd: { name: uid }, channels: { '*': OPEN_CHANNEL, 'presence.*': { ...OPEN_CHANNEL, subscribe: true } } },
    backend: { umdToken: ({ channel, umd }) => mint(e, { scope: 'umd', uid, umd, channels: { [channel]: { umdUpdate: true } } }) },
  });
  clients.push(c);
  return c;
}

/** Wire subscriptions per channel across the emulator's live Hotsock connections. */
async function wireSubscriptions(): Promise<Record<string, number>> {
  const all = (await adminCall(`${e.endpoints.admin}/connections`)) as Array<{ backend: string; channels: string[] }>;
  const counts: Record<string, number> = {};
  for (const c of all) if (c.backend === 'hotsock') for (const ch of c.channels) counts[ch] = (counts[ch] ?? 0) + 1;
  return counts;
}

type PresenceRef = { current: PresenceView<{ name: string }> };
function Who({ channel, user, view }: { channel: string; user: string; view: PresenceRef }) {
  view.current = usePresence<{ name: string }>(channel, { user });
  return null;
}

describe('@channelkit/react on Hotsock', () => {
  it('useChannel: one wire subscription across StrictMode mount–unmount–mount and a second component', async () => {
    const c = client('ada');
    const { result, unmount } = renderHook(() => useChannel<Msg>('room'), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.status).toBe('subscribed'), W);
    expect((await wireSubscriptions()).room).toBe(1);
    await serverPublish(e, { channel: 'room', event: 'message', data: { id: 'e1', text: 'one' } });
    await waitFor(() => expect(result.current.events.map((x) => x.data.text)).toEqual(['one']), W);
    const again = renderHook(() => useChannel<Msg>('room'), { wrapper: strictProvider(c) });
    await waitFor(() => expect(again.result.current.status).toBe('subscribed'), W);
    expect((await wireSubscriptions()).room).toBe(1);
    unmount();
    again.unmount();
    await eventually(async () => (await wireSubscriptions()).room === undefined, 'unsubscribed after the last unmount');
    c.close();
  });

  it('reconnect after an admin drop: recovered from history, no discontinuity, nothing lost or doubled', async () => {
    const c = client('ada');
    const statuses: string[] = [];
    const { result } = renderHook(
      () => {
        const conn = useConnectionState();
        statuses.push(conn.status);
        return { conn, channel: useChannel<Msg>('recover') };
      },
      { wrapper: strictProvider(c) },
    );
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await serverPublish(e, { channel: 'recover', event: 'message', data: { id: 'r1', text: 'before' } });
    await waitFor(() => expect(result.current.channel.events).toHaveLength(1), W);
    // Hold the reconnect back until a message was published while the socket was down.
    await adminCall(`${e.endpoints.admin}/faults`, 'POST', { backend: 'hotsock', action: 'refuseHandshake', code: 503 });
    await adminCall(`${e.endpoints.admin}/faults`, 'POST', { backend: 'hotsock', action: 'drop' });
    await waitFor(() => expect(result.current.conn.status).not.toBe('connected'), W);
    await serverPublish(e, { channel: 'recover', event: 'message', data: { id: 'r2', text: 'during' } });
    await adminCall(`${e.endpoints.admin}/faults`, 'POST', { action: 'reset' });
    await waitFor(() => expect(result.current.conn.status).toBe('connected'), W);
    await serverPublish(e, { channel: 'recover', event: 'message', data: { id: 'r3', text: 'after' } });
    await waitFor(() => expect(result.current.channel.events.map((x) => x.data.id)).toEqual(['r1', 'r2', 'r3']), W);
    expect(statuses).toContain('reconnecting');
    expect(result.current.channel.discontinuities).toBe(0);
    expect(result.current.channel.status).toBe('subscribed');
    expect((await wireSubscriptions()).recover).toBe(1);
    c.close();
  });

  it('useMessageHistory over listMessages, merged with live and optimistic messages, no duplicates', async () => {
    const sender = client('bob');
    for (const id of ['h1', 'h2', 'h3']) await serverPublish(e, { channel: 'hist', event: 'message', data: { id, text: id } });
    const c = client('ada');
    const { result } = renderHook(() => ({ history: useMessageHistory<Msg>('hist', { pageSize: 2 }), pub: usePublish<Msg>('hist'), channel: useChannel<Msg>('hist') }), {
      wrapper: strictProvider(c),
    });
    await waitFor(() => expect(result.current.history.messages.map((m) => m.data.id)).toEqual(['h2', 'h3']), W);
    expect(result.current.history.hasMore).toBe(true);
    await act(() => result.current.history.fetchOlder());
    await waitFor(() => expect(result.current.history.messages.map((m) => m.data.id)).toEqual(['h1', 'h2', 'h3']), W);
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await sender.channel<Msg>('hist').publish({ id: 'l1', text: 'live' });
    await waitFor(() => expect(result.current.channel.events).toHaveLength(1), W);
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.pub.publish({ id: 'p1', text: 'mine' });
    });
    expect(result.current.history.messages.some((m) => m.data.id === 'p1')).toBe(true);
    await act(() => sent!);
    await waitFor(() => expect(result.current.history.messages.find((m) => m.data.id === 'p1')?.source).toBe('live'), W);
    const ids = result.current.history.messages.map((m) => m.data.id);
    expect(ids).toEqual(['h1', 'h2', 'h3', 'l1', 'p1']);
    const keys = result.current.history.messages.map((m) => m.id);
    expect(new Set(keys).size).toBe(keys.length);
    expect(result.current.pub.entries).toEqual([]);
    sender.close();
    c.close();
  });

  it('useMessageHistory: a message both in the fetched page and in the live window shows once', async () => {
    const sender = client('bob');
    const c = client('ada');
    // The channel is live (and l1 in its window) before the history hook fetches its first page.
    const { result, rerender } = renderHook(({ on }) => ({ channel: useChannel<Msg>('both'), history: useMessageHistory<Msg>('both', { enabled: on }) }), {
      wrapper: strictProvider(c),
      initialProps: { on: false },
    });
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await sender.channel<Msg>('both').publish({ id: 'l1', text: 'live and stored' });
    await waitFor(() => expect(result.current.channel.events).toHaveLength(1), W);
    rerender({ on: true });
    await waitFor(() => expect(result.current.history.messages.map((m) => [m.data.id, m.source])).toEqual([['l1', 'history']]), W);
    sender.close();
    c.close();
  });

  it('useMessageHistory: a message with no id in its data is still one message, keyed by the backend’s id', async () => {
    const sender = client('bob');
    const c = client('ada');
    const { result, rerender } = renderHook(({ on }) => ({ channel: useChannel<{ text: string }>('noid'), history: useMessageHistory<{ text: string }>('noid', { enabled: on }) }), {
      wrapper: strictProvider(c),
      initialProps: { on: false },
    });
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await sender.channel<{ text: string }>('noid').publish({ text: 'no id in here' });
    await waitFor(() => expect(result.current.channel.events).toHaveLength(1), W);
    // The live event carries Hotsock's message id in meta (not a positional `live-0` key) …
    const liveId = result.current.channel.events[0]!.meta.id;
    expect(liveId).toMatch(/^[0-9A-Z]{26}$/);
    rerender({ on: true });
    // … so the stored copy the history page brings merges with it instead of doubling it.
    await waitFor(() => expect(result.current.history.messages.map((m) => [m.id, m.data.text, m.source])).toEqual([[liveId, 'no id in here', 'history']]), W);
    sender.close();
    c.close();
  });

  it('useChannelStorage: set, get, and another client sees the value and observes later writes', async () => {
    const [a, b] = [client('ada'), client('bob')];
    const one = renderHook(() => ({ storage: useChannelStorage<string>('store', 'topic'), live: useChannel('store') }), { wrapper: strictProvider(a) });
    await waitFor(() => expect(one.result.current.live.status).toBe('subscribed'), W);
    await waitFor(() => expect([one.result.current.storage.status, one.result.current.storage.error?.message]).toEqual(['ready', undefined]), W);
    expect(one.result.current.storage.value).toBeUndefined();
    await act(() => one.result.current.storage.set('Launch'));
    expect(one.result.current.storage.value).toBe('Launch');
    const two = renderHook(() => ({ storage: useChannelStorage<string>('store', 'topic'), live: useChannel('store') }), { wrapper: strictProvider(b) });
    await waitFor(() => expect(two.result.current.storage.value).toBe('Launch'), W);
    expect(two.result.current.storage.error).toBeUndefined();
    // Observe: a later write by the other client reaches this hook (hotsock.channelStorageUpdated).
    await act(() => one.result.current.storage.set('Liftoff'));
    await waitFor(() => expect(two.result.current.storage.value).toBe('Liftoff'), W);
    one.unmount();
    two.unmount();
    a.close();
    b.close();
  });

  it('usePresence (native, presence.* channels): three clients converge, an update and a leave reach everyone', async () => {
    const cs = ['ada', 'bob', 'cyd'].map(client);
    const views: PresenceRef[] = [];
    const mounted = cs.map((c, i) => {
      const view = { current: undefined as unknown as PresenceRef['current'] };
      views.push(view);
      return render(
        <StrictMode>
          <ChannelKitProvider client={c}>
            <Who channel="presence.lobby" user={['ada', 'bob', 'cyd'][i]!} view={view} />
          </ChannelKitProvider>
        </StrictMode>,
      );
    });
    const ids = (i: number) => views[i]!.current.members.map((m) => m.id).join(',');
    await eventually(() => [0, 1, 2].every((i) => ids(i) === 'ada,bob,cyd'), 'three members everywhere');
    expect(views[0]!.current.mode).toBe('native');
    expect(views[1]!.current.members.find((m) => m.id === 'cyd')?.data).toEqual({ name: 'cyd' });
    expect(views[2]!.current.self).toEqual({ id: 'cyd', data: { name: 'cyd' } });
    // Native: the presence channel itself, one wire subscription per client, no sibling channel.
    const subs = await wireSubscriptions();
    expect(Object.entries(subs).filter(([ch]) => ch.includes('lobby'))).toEqual([['presence.lobby', 3]]);
    await act(() => views[0]!.current.update({ name: 'Ada' }));
    await eventually(() => [1, 2].every((i) => JSON.stringify(views[i]!.current.members.find((m) => m.id === 'ada')?.data) === '{"name":"Ada"}'), 'update seen');
    mounted[2]!.unmount();
    cs[2]!.close();
    await eventually(() => ids(0) === 'ada,bob' && ids(1) === 'ada,bob', 'leave seen');
    expect(JSON.stringify(views[0]!.current.members)).toBe(JSON.stringify(views[1]!.current.members));
    mounted[0]!.unmount();
    mounted[1]!.unmount();
  });
});
