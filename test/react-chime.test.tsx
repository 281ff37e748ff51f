import { renderHook, waitFor, act } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type Backend, createClient, type HistoryPage, type RealtimeClient } from '@channelkit/transport';
import { type ChannelDirectory, type ChannelSummary, useChannel, useChannelStorage, useChimeChannels, useMessageHistory } from '@channelkit/react';
import { strictProvider } from './react-harness.js';

// useChimeChannels over an app-supplied `ChannelDirectory` (the client-level facet,
// `clientFacets` → `client.directory`) and a stand-in backend built on the real `Backend`
// interface, driven through `createClient` over a real socket: one connection delivers every
// channel's events (Chime's model), so events for channels nobody subscribed to reach the hook
// through `client.onUnrouted`. test/react-chime-backend.test.tsx runs the hooks against the
// real Chime backend and the emulator.
// The same stand-in has history and storage facets, the paths AppSync/API Gateway lack.

type Msg = { id: string; text: string };

let server: WebSocketServer;
let url: string;
const storage = new Map<string, unknown>();

function fakeChime(directory?: ChannelDirectory): Backend {
  return {
    name: 'fake-chime',
    capabilities: {
      publish: 'socket',
      publishAcks: false,
      wildcardSubscribe: false,
      history: true,
      presence: false,
      storage: true,
      limits: { eventBytes: 32_768, batchEvents: 1, channelNameLength: 256 },
    },
    liveness: { mode: 'none', timeoutMs: 0 },
    handshake: false,
    subscribeAcks: false,
    publishAcks: false,
    channelKey: (name) => name,
    connect: async () => ({ url }),
    decode(raw) {
      const m = JSON.parse(String(raw)) as { channel: string; id: string; data: unknown };
      return { type: 'event', channel: m.channel, id: m.id, data: m.data };
    },
    // Chime routes every channel of the user on one socket: nothing to subscribe on the wire.
    encodeSubscribe: () => undefined,
    encodeUnsubscribe: () => undefined,
    preparePublish: (_channel, events) => events.map((e, offset) => ({ offset, events: [e], bytes: JSON.stringify(e).length })),
    encodePublish: ({ channel, events }) => JSON.stringify({ channel, id: (events[0] as Msg).id, data: events[0] }),
    closeDecision: () => ({ action: 'retry' }),
    // The client-level facet a Chime backend provides: `client.directory`.
    ...(directory ? { clientFacets: () => ({ directory }) } : {}),
    channelFacets: (channel) => ({
      history: {
        list: async (o): Promise<HistoryPage<unknown>> =>
          o?.before === 'h3'
            ? {
                items: [
                  { id: 'h1', data: { id: 'h1', text: 'one' } },
                  { id: 'h2', data: { id: 'h2', text: 'two' } },
                ],
                hasMore: false,
              }
            : { items: [{ id: 'h3', data: { id: 'h3', text: `three on ${channel}` } }], hasMore: true },
      },
      storage: {
        get: async (key) => storage.get(`${channel}:${key}`),
        set: async (key, value) => void storage.set(`${channel}:${key}`, value),
        list: async () => Object.fromEntries(storage),
      },
    }),
  };
}

const push = (channel: string, data: Msg) => {
  for (const ws of server.clients) ws.send(JSON.stringify({ channel, id: data.id, data }));
};

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  // Echo publishes to every connection, as the service fans out channel messages.
  server.on('connection', (ws) =>
    ws.on('message', (raw) => {
      for (const c of server.clients) c.send(String(raw));
    }),
  );
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = (directory?: ChannelDirectory): RealtimeClient => createClient({ backend: fakeChime(directory), WebSocket });

describe('useChimeChannels over a stand-in Chime backend (createClient + real socket)', () => {
  it('shows a plain directory (list and markRead only) as listed: unread from read markers, markRead clears', async () => {
    const marked: string[] = [];
    const list: ChannelSummary[] = [
      { channel: 'c1', name: 'General', lastMessage: { id: 'x', data: { text: 'old' }, at: 1000 }, readAt: 500 },
      { channel: 'c2', name: 'Random', lastMessage: { id: 'y', data: { text: 'older' }, at: 900 }, readAt: 900 },
    ];
    let lists = 0;
    const directory: ChannelDirectory = {
      list: async () => {
        lists++;
        return list;
      },
      markRead: async (channel) => void marked.push(channel),
    };
    const c = client(directory);
    expect(c.directory).toBe(directory);
    const { result } = renderHook(() => ({ chime: useChimeChannels(), c1: useChannel<Msg>('c1') }), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.chime.status).toBe('ready'));
    expect(result.current.chime.channels.map((x) => [x.channel, x.unread])).toEqual([
      ['c1', 1],
      ['c2', 0],
    ]);
    // Events are not guessed into counts (which of them are the user's own, or not messages at
    // all, only a live directory knows): the list stays as listed.
    await waitFor(() => expect(result.current.c1.status).toBe('subscribed'), { timeout: 10_000 });
    push('c1', { id: 'n1', text: 'new in general' });
    await waitFor(() => expect(result.current.c1.events).toHaveLength(1), { timeout: 10_000 });
    expect(result.current.chime.channels.map((x) => [x.channel, x.unread, x.lastMessage?.id])).toEqual([
      ['c1', 1, 'x'],
      ['c2', 0, 'y'],
    ]);
    await act(() => result.current.chime.markRead('c1'));
    expect(marked).toEqual(['c1']);
    expect(result.current.chime.channels.map((x) => [x.channel, x.unread])).toEqual([
      ['c1', 0],
      ['c2', 0],
    ]);
    expect(lists).toBe(1);
    c.close();
  });

  it('two directories on one client are two lists', async () => {
    const a: ChannelDirectory = { list: async () => [{ channel: 'a', name: 'from A' }], markRead: async () => {} };
    const b: ChannelDirectory = { list: async () => [{ channel: 'b', name: 'from B' }], markRead: async () => {} };
    const c = client();
    const { result } = renderHook(() => ({ a: useChimeChannels({ directory: a }), b: useChimeChannels({ directory: b }) }), { wrapper: strictProvider(c) });
    await waitFor(() => expect([result.current.a.status, result.current.b.status]).toEqual(['ready', 'ready']));
    expect([result.current.a.channels.map((x) => x.name), result.current.b.channels.map((x) => x.name)]).toEqual([['from A'], ['from B']]);
    c.close();
  });

  it('shows a live directory’s snapshot at once, before list() answers, and keeps it if list() fails', async () => {
    const rows: readonly ChannelSummary[] = [{ channel: 'c1', name: 'General', unread: 2 }];
    let fail: (error: Error) => void = () => {};
    const directory: ChannelDirectory = {
      list: () => new Promise((_resolve, reject) => (fail = reject)),
      markRead: async () => {},
      getSnapshot: () => rows,
      subscribe: () => () => {},
    };
    const c = client(directory);
    const { result } = renderHook(() => useChimeChannels(), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.channels.map((x) => [x.name, x.unread])).toEqual([['General', 2]]));
    act(() => fail(new Error('REST 503')));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.channels.map((x) => x.name)).toEqual(['General']);
    c.close();
  });

  it('follows a live directory (subscribe/getSnapshot) as it changes and takes its unread counts as they are', async () => {
    let rows: readonly ChannelSummary[] = [{ channel: 'c1', name: 'General', unread: 0 }];
    const listeners = new Set<() => void>();
    const change = (next: readonly ChannelSummary[]) => {
      rows = next;
      for (const l of [...listeners]) l();
    };
    let lists = 0;
    const directory: ChannelDirectory = {
      list: async () => {
        lists++;
        return rows;
      },
      markRead: async (channel) => change(rows.map((r) => (r.channel === channel ? { ...r, unread: 0 } : r))),
      getSnapshot: () => rows,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const c = client(directory);
    const { result } = renderHook(() => ({ chime: useChimeChannels(), c1: useChannel<Msg>('c1') }), { wrapper: strictProvider(c) });
    await waitFor(() => expect(result.current.chime.status).toBe('ready'));
    await waitFor(() => expect(result.current.c1.status).toBe('subscribed'), { timeout: 10_000 });
    // An event the directory does not count (the user's own message, say) leaves the badge alone …
    push('c1', { id: 'own', text: 'mine' });
    await waitFor(() => expect(result.current.c1.events).toHaveLength(1), { timeout: 10_000 });
    expect(result.current.chime.channels).toEqual([{ channel: 'c1', name: 'General', lastMessage: undefined, unread: 0 }]);
    // … while what the directory publishes shows at once, without another request: a channel
    // that arrived (a prefetch after mount) and a count.
    change([
      { channel: 'c2', name: 'Random', lastMessage: { id: 'm1', data: { text: 'hi' }, at: 2000 }, unread: 3 },
      { channel: 'c1', name: 'General', unread: 0 },
    ]);
    await waitFor(() =>
      expect(result.current.chime.channels.map((x) => [x.channel, x.unread])).toEqual([
        ['c2', 3],
        ['c1', 0],
      ]),
    );
    await act(() => result.current.chime.markRead('c2'));
    expect(result.current.chime.channels.find((x) => x.channel === 'c2')!.unread).toBe(0);
    expect(lists).toBe(1);
    c.close();
  });

  it('without a directory the hook is disabled with a typed error', async () => {
    const c = client();
    const { result } = renderHook(() => useChimeChannels(), { wrapper: strictProvider(c) });
    expect(result.current.status).toBe('disabled');
    expect(result.current.error).toMatchObject({ name: 'ChannelKitError', code: 'UNSUPPORTED', details: { feature: 'directory' } });
    c.close();
  });

  it('useMessageHistory over the history facet (pages back, merged with live), useChannelStorage over the storage facet', async () => {
    const c = client();
    const { result } = renderHook(() => ({ history: useMessageHistory<Msg>('c3', { pageSize: 1 }), storage: useChannelStorage<string>('c3', 'topic'), live: useChannel('c3') }), {
      wrapper: strictProvider(c),
    });
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['h3']));
    await act(() => result.current.history.fetchOlder());
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['h1', 'h2', 'h3']));
    await waitFor(() => expect(result.current.live.status).toBe('subscribed'), { timeout: 10_000 });
    push('c3', { id: 'h3', text: 'replayed' });
    push('c3', { id: 'n9', text: 'live' });
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['h1', 'h2', 'h3', 'n9']), { timeout: 10_000 });
    await waitFor(() => expect(result.current.storage.status).toBe('ready'));
    expect(result.current.storage.value).toBeUndefined();
    await act(() => result.current.storage.set('Launch'));
    expect(result.current.storage.value).toBe('Launch');
    expect(storage.get('c3:topic')).toBe('Launch');
    c.close();
  });
});
