// The React hooks against the real Chime backend on the emulator (issue 11: "their tests run
// against Chime too"): useChimeChannels from the backend's `client.directory` (prefetch, unread,
// markRead), useMessageHistory over ListChannelMessages, usePresence from memberships, and
// useChannel's one membership check across a StrictMode mount–unmount–mount.
// REST goes through node:http (nodeFetch): happy-dom's fetch applies browser CORS rules.

import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type PresenceView, useChannel, useChimeChannels, useMessageHistory, usePresence, usePublish } from '@channelkit/react';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { type ChimeBackend, ChimeMessagingApi, chime, createAppInstanceUser } from '@channelkit/transport/chime';
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { adminCall, eventually, nodeFetch, strictProvider } from './react-harness.js';

type Msg = { id: string; text: string };
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

/** The REST API as `userArn`, signed with the credentials the emulator issued for that user. */
function api(userArn: string): ChimeMessagingApi {
  const { endpoint, region } = e.endpoints.chime;
  const credentials = e.chime.credentialsFor(userArn);
  return new ChimeMessagingApi({ endpoint, region, credentials: async () => credentials, fetch: nodeFetch }, userArn);
}

function createUser(id: string): Promise<string> {
  const { identityEndpoint, region, credentials, appInstanceArn } = e.endpoints.chime;
  return createAppInstanceUser({ endpoint: identityEndpoint, region, credentials: async () => credentials, fetch: nodeFetch }, { AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: id });
}

async function createChannel(owner: string, id: string, members: string[]): Promise<string> {
  const arn = await api(owner).createChannel({ AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: id, ChannelId: id });
  for (const m of members) await api(owner).createChannelMembership(arn, m);
  return arn;
}

const send = (from: string, channel: string, m: Msg) => api(from).sendChannelMessage(channel, { Content: JSON.stringify(m), ContentType: 'application/json' });

/** A Chime client for `userArn`; `calls` counts the REST operations it made (by path). */
function client(userArn: string): { client: RealtimeClient; backend: ChimeBackend; calls: string[] } {
  const { endpoint, region, appInstanceArn } = e.endpoints.chime;
  const credentials = e.chime.credentialsFor(userArn);
  const calls: string[] = [];
  const counting: typeof fetch = (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${decodeURIComponent(new URL(String(input)).pathname)}`);
    return nodeFetch(input, init);
  };
  const backend = chime({ region, appInstanceArn, userArn, credentials, endpoint, fetch: counting });
  const c = createClient({ backend, WebSocket, fetch: nodeFetch, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } });
  clients.push(c);
  return { client: c, backend, calls };
}

type PresenceRef = { current: PresenceView<unknown> };
function Who({ channel, view }: { channel: string; view: PresenceRef }) {
  view.current = usePresence(channel);
  return null;
}

describe('@channelkit/react on Chime', () => {
  let ada: string;
  let bob: string;
  let cyd: string;
  beforeAll(async () => {
    [ada, bob, cyd] = await Promise.all([createUser('ada'), createUser('bob'), createUser('cyd')]);
  });

  it('useChimeChannels reads client.directory: prefetch, unread from read markers, live updates, markRead', async () => {
    const general = await createChannel(bob, 'general', [ada]);
    const random = await createChannel(ada, 'random', [bob]);
    await send(ada, random, { id: 'r1', text: 'mine' });
    await send(bob, general, { id: 'g1', text: 'hello ada' });
    const { client: c } = client(ada);
    expect(c.directory).toBeDefined();
    // Mounted before anything connected: the directory is live, so the CHANNEL_DETAILS prefetch
    // that arrives after the first list (last messages included) shows without another request.
    const { result } = renderHook(() => useChimeChannels(), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.status).toBe('ready'), W);
    expect(result.current.error).toBeUndefined();
    c.connect();
    await waitFor(
      () =>
        expect(result.current.channels.map((x) => [x.channel, x.name, x.unread, (x.lastMessage?.data as Msg | undefined)?.id])).toEqual([
          [general, 'general', 1, 'g1'],
          [random, 'random', 0, 'r1'], // the last message is ada's own
        ]),
      W,
    );
    // Live: nobody subscribed to `random`, its events reach the hook through onUnrouted.
    await send(bob, random, { id: 'r2', text: 'hi from bob' });
    await waitFor(() => expect(result.current.channels[0]).toMatchObject({ channel: random, unread: 1, lastMessage: { data: { id: 'r2' } } }), W);
    await send(bob, general, { id: 'g2', text: 'again' });
    await waitFor(() => expect(result.current.channels[0]).toMatchObject({ channel: general, unread: 2, lastMessage: { data: { id: 'g2' } } }), W);
    // Ada's own message moves the channel up but is not unread; a new member is not a message.
    await send(ada, general, { id: 'g3', text: 'mine' });
    await waitFor(() => expect(result.current.channels[0]).toMatchObject({ channel: general, lastMessage: { data: { id: 'g3' } } }), W);
    await api(bob).createChannelMembership(general, await createUser('cy'));
    await send(bob, random, { id: 'r3', text: 'ping' }); // a later event: the membership event has been applied
    await waitFor(() => expect(result.current.channels[0]).toMatchObject({ channel: random, unread: 2 }), W);
    expect(result.current.channels.find((x) => x.channel === general)!.unread).toBe(2);
    await act(() => result.current.markRead(general));
    expect(result.current.channels.find((x) => x.channel === general)!.unread).toBe(0);
    // The read marker is on the server: a fresh list counts general as read.
    const rows = await c.directory!.list();
    expect(rows.find((r) => r.channel === general)).toMatchObject({ unread: 0 });
    expect(rows.find((r) => r.channel === general)!.readAt).toBeGreaterThan(0);
    c.close();
  });

  it('useMessageHistory over ListChannelMessages, merged with live and optimistic messages, no duplicates', async () => {
    const hist = await createChannel(bob, 'hist', [ada]);
    for (const id of ['h1', 'h2', 'h3']) await send(bob, hist, { id, text: id });
    const { client: c } = client(ada);
    const { result } = renderHook(() => ({ history: useMessageHistory<Msg>(hist, { pageSize: 2 }), pub: usePublish<Msg>(hist), channel: useChannel<Msg>(hist) }), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.history.messages.map((m) => m.data.id)).toEqual(['h2', 'h3']), W);
    expect(result.current.history.hasMore).toBe(true);
    await act(() => result.current.history.fetchOlder());
    await waitFor(() => expect(result.current.history.messages.map((m) => m.data.id)).toEqual(['h1', 'h2', 'h3']), W);
    expect(result.current.history.messages.every((m) => m.source === 'history')).toBe(true);
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await send(bob, hist, { id: 'l1', text: 'live' });
    await waitFor(() => expect(result.current.channel.events).toHaveLength(1), W);
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.pub.publish({ id: 'p1', text: 'mine' });
    });
    expect(result.current.history.messages.some((m) => m.data.id === 'p1')).toBe(true);
    await act(() => sent!);
    await waitFor(() => expect(result.current.history.messages.find((m) => m.data.id === 'p1')?.source).toBe('live'), W);
    expect(result.current.history.messages.map((m) => m.data.id)).toEqual(['h1', 'h2', 'h3', 'l1', 'p1']);
    const keys = result.current.history.messages.map((m) => m.id);
    expect(new Set(keys).size).toBe(keys.length);
    expect(result.current.pub.entries).toEqual([]);
    c.close();
  });

  it('useMessageHistory: a message both in the fetched page and in the live window shows once', async () => {
    const both = await createChannel(bob, 'both', [ada]);
    const { client: c } = client(ada);
    const { result, rerender } = renderHook(({ on }) => ({ channel: useChannel<Msg>(both), history: useMessageHistory<Msg>(both, { enabled: on }) }), {
      wrapper: strictProvider(c),
      initialProps: { on: false },
    });
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await send(bob, both, { id: 'l1', text: 'live and stored' });
    await waitFor(() => expect(result.current.channel.events).toHaveLength(1), W);
    rerender({ on: true });
    await waitFor(() => expect(result.current.history.messages.map((m) => [m.data.id, m.source])).toEqual([['l1', 'history']]), W);
    c.close();
  });

  it('useMessageHistory: a peer reusing another message’s data.id neither hides nor replaces it (keys are the backend’s ids)', async () => {
    const spoof = await createChannel(bob, 'spoof', [ada, cyd]);
    await send(bob, spoof, { id: 'a1', text: 'real, from bob' });
    await send(cyd, spoof, { id: 'a1', text: 'fake, from cyd' });
    const { client: c } = client(ada);
    const { result } = renderHook(() => useMessageHistory<Msg>(spoof, { pageSize: 1 }), { wrapper: strictProvider(c) });
    const texts = () => result.current.messages.map((m) => m.data.text);
    await waitFor(() => expect(texts()).toEqual(['fake, from cyd']), W);
    // The older page holds bob's message with the same data.id: both show, once each.
    await act(() => result.current.fetchOlder());
    await waitFor(() => expect(texts()).toEqual(['real, from bob', 'fake, from cyd']), W);
    // … and live: another copy of the id arrives, a third message.
    await send(cyd, spoof, { id: 'a1', text: 'again, from cyd' });
    await waitFor(() => expect(texts()).toEqual(['real, from bob', 'fake, from cyd', 'again, from cyd']), W);
    const keys = result.current.messages.map((m) => m.id);
    expect(new Set(keys).size).toBe(3);
    expect(keys).not.toContain('a1');
    c.close();
  });

  it('useMessageHistory applies edits, redactions and deletions to the message they name', async () => {
    const edits = await createChannel(bob, 'edits', [ada]);
    const { client: c } = client(ada);
    const { result } = renderHook(() => ({ channel: useChannel<Msg>(edits), history: useMessageHistory<Msg | string>(edits) }), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    const ids: string[] = [];
    for (const id of ['e1', 'e2', 'e3']) ids.push((await send(bob, edits, { id, text: id })).MessageId);
    const shown = () => result.current.history.messages.filter((m) => !m.deleted).map((m) => [m.id, m.data]);
    await waitFor(() => expect(shown()).toEqual(ids.map((id, i) => [id, { id: `e${i + 1}`, text: `e${i + 1}` }])), W);
    await api(bob).updateChannelMessage(edits, ids[0]!, { Content: JSON.stringify({ id: 'e1', text: 'e1, edited' }), ContentType: 'application/json' });
    await api(bob).redactChannelMessage(edits, ids[1]!);
    // Only AppInstanceAdmins delete messages; the emulator's default user `admin` is one.
    await api(`${e.endpoints.chime.appInstanceArn}/user/admin`).deleteChannelMessage(edits, ids[2]!);
    await waitFor(() => expect(result.current.channel.events).toHaveLength(6), W);
    await waitFor(() => expect(shown()).toEqual([[ids[0], { id: 'e1', text: 'e1, edited' }]]), W);
    // A redaction (content gone, place kept) and a deletion are both tombstones.
    expect(result.current.history.messages.map((m) => [m.id, m.edited, m.deleted])).toEqual([
      [ids[0], true, false],
      [ids[1], false, true],
      [ids[2], false, true],
    ]);
    c.close();
    // A client that arrives later reads them from history: the redacted one is a tombstone there
    // too (Chime lists it, Redacted, content gone); the deleted one is not listed at all.
    const { client: late } = client(ada);
    const after = renderHook(() => ({ channel: useChannel<Msg>(edits), history: useMessageHistory<Msg | string>(edits) }), { wrapper: strictProvider(late) });
    await waitFor(
      () =>
        expect(after.result.current.history.messages.map((m) => [m.id, m.deleted])).toEqual([
          [ids[0], false],
          [ids[1], true],
        ]),
      W,
    );
    expect(after.result.current.history.messages[0]!.data).toEqual({ id: 'e1', text: 'e1, edited' });
    late.close();
  });

  it('usePresence from memberships: three clients converge; a removed membership leaves everywhere', async () => {
    const room = await createChannel(ada, 'room', [bob, cyd]);
    const cs = [ada, bob, cyd].map((u) => client(u).client);
    const views: PresenceRef[] = [];
    const mounted = cs.map((c) => {
      const view = { current: undefined as unknown as PresenceRef['current'] };
      views.push(view);
      return render(
        <StrictMode>
          <ChannelKitProvider client={c}>
            <Who channel={room} view={view} />
          </ChannelKitProvider>
        </StrictMode>,
      );
    });
    const all = [ada, bob, cyd].sort().join(',');
    const ids = (i: number) => views[i]!.current.members.map((m) => m.id).join(',');
    await eventually(() => [0, 1, 2].every((i) => ids(i) === all), 'three members everywhere');
    expect(views[0]!.current.mode).toBe('native');
    expect([0, 1, 2].map((i) => views[i]!.current.self?.id)).toEqual([ada, bob, cyd]);
    expect(views[1]!.current.members.find((m) => m.id === cyd)?.data).toEqual({ name: 'cyd' });
    // Chime presence is membership and carries no data: update is typed-unsupported.
    await expect(views[0]!.current.update({ away: true })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await api(ada).deleteChannelMembership(room, cyd);
    const two = [ada, bob].sort().join(',');
    await eventually(() => ids(0) === two && ids(1) === two, 'cyd left everywhere');
    expect(JSON.stringify(views[0]!.current.members)).toBe(JSON.stringify(views[1]!.current.members));
    for (const m of mounted) m.unmount();
    for (const c of cs) c.close();
  });

  it('useChannel: one socket and one membership check across StrictMode mount–unmount–mount and a second component', async () => {
    const lobby = await createChannel(bob, 'lobby', [ada]);
    const sessions = async () => ((await adminCall(`${e.endpoints.admin}/connections`)) as Array<{ backend: string }>).filter((x) => x.backend === 'chime').length;
    await eventually(async () => (await sessions()) === 0, 'the earlier tests closed their sessions');
    const { client: c, calls } = client(ada);
    const checks = () => calls.filter((x) => x === `GET /channels/${lobby}/memberships`).length;
    const { result, unmount } = renderHook(() => useChannel<Msg>(lobby), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.status).toBe('subscribed'), W);
    expect(checks()).toBe(1);
    await send(bob, lobby, { id: 'e1', text: 'one' });
    await waitFor(() => expect(result.current.events.map((x) => x.data.text)).toEqual(['one']), W);
    const again = renderHook(() => useChannel<Msg>(lobby), { wrapper: strictProvider(c) });
    await waitFor(() => expect(again.result.current.status).toBe('subscribed'), W);
    expect(checks()).toBe(1);
    expect(await sessions()).toBe(1);
    unmount();
    again.unmount();
    c.close();
  });
});
