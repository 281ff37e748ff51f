// Issue 17's defects in @channelkit/react, one test each (each fails without its fix). Over the
// emulator's real sockets where the scenario is about the wire (AppSync Events); over the
// transport's in-memory socket and lite protocol where the test must decide what the backend
// does and when (no echo, an ack held back, an echo between two frames).
import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { WebSocket } from 'ws';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type HistoryFetcher, type HistoryMessage, type PublishView, useChannel, useChannelKit, useMessageHistory, usePublish } from '@channelkit/react';
import { fakeSocketFactory } from '../packages/transport/src/connection/__tests__/_fakeSocket.js';
import { liteProtocol } from '../packages/transport/src/connection/__tests__/_liteProtocol.js';
import { adminCall } from './react-harness.js';

type Msg = { id?: string; text: string };
const W = { timeout: 5_000 };
const settle = (ms = 30) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
afterEach(() => cleanup());

type Out = { messages: readonly HistoryMessage<Msg>[] };
function HistoryRoom({ channel, fetcher, out }: { channel: string; fetcher: HistoryFetcher<Msg>; out: Out }) {
  out.messages = useMessageHistory<Msg>(channel, { fetcher }).messages;
  return null;
}
function AwayApp({ client, gcTimeMs, open, channel, fetcher, out }: { client: RealtimeClient; gcTimeMs: number; open: boolean; channel: string; fetcher: HistoryFetcher<Msg>; out: Out }) {
  return (
    <StrictMode>
      <ChannelKitProvider client={client} gcTimeMs={gcTimeMs}>
        {open ? <HistoryRoom channel={channel} fetcher={fetcher} out={out} /> : null}
      </ChannelKitProvider>
    </StrictMode>
  );
}
type Seen = { events: number; client?: RealtimeClient; queryClient?: QueryClient };
function Live({ channel, seen }: { channel: string; seen: Seen }) {
  const kit = useChannelKit();
  seen.client = kit.client();
  seen.queryClient = kit.queryClient;
  seen.events = useChannel<Msg>(channel).events.length;
  return null;
}
function Thrower({ channel }: { channel: string }) {
  useChannel<Msg>(channel, () => {
    throw new Error('boom');
  });
  return null;
}
function Listener({ channel, heard }: { channel: string; heard: string[] }) {
  useChannel<Msg>(channel, (m) => heard.push(m.text));
  return null;
}
function Watch({ channel }: { channel: string }) {
  useChannel(channel);
  return null;
}
function GcProbe({ channel, watch, feeds }: { channel: string; watch: boolean; feeds: unknown[] }) {
  feeds.push(useChannelKit().feed(channel));
  return watch ? <Watch channel={channel} /> : null;
}
function Composer({ view }: { view: { pub?: PublishView<Msg> } }) {
  view.pub = usePublish<Msg>('/room');
  return null;
}

describe('over the emulator (AppSync Events)', () => {
  let e: RunningEmulator;
  const clients: RealtimeClient[] = [];
  beforeAll(async () => {
    e = await startEmulator({ port: 0, appsync: { namespaces: { default: {} } } });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await e.close();
  });
  const client = (releaseGraceMs = 1000) => {
    const c = createClient({
      backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }),
      WebSocket,
      releaseGraceMs,
      backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
    });
    clients.push(c);
    return c;
  };
  const wire = async (channel: string) => {
    const all = (await adminCall(`${e.endpoints.admin}/connections`)) as Array<{ backend: string; channels: string[] }>;
    return all.filter((c) => c.backend === 'appsync' && c.channels.includes(channel)).length;
  };

  /** A history API the app owns: what was published to each channel, as the fetcher returns it. */
  const historyApi = () => {
    const stored = new Map<string, Msg[]>();
    const fetcher: HistoryFetcher<Msg> = async ({ channel }) => ({ items: (stored.get(channel) ?? []).map((m) => ({ id: m.id!, data: m })), hasMore: false });
    const store = (channel: string, m: Msg) => stored.set(channel, [...(stored.get(channel) ?? []), m]);
    return { fetcher, store };
  };

  for (const gcTimeMs of [30_000, 100])
    it(`#4: back after the release grace (feed ${gcTimeMs > 1000 ? 'kept' : 'dropped'}), what was published while away is shown`, async () => {
      const c = client(50);
      const { fetcher, store } = historyApi();
      const ch = `/default/away-${gcTimeMs}`;
      store(ch, { id: 'h1', text: 'before' });
      const out: Out = { messages: [] };
      const view = () => out.messages;
      const app = render(<AwayApp client={c} gcTimeMs={gcTimeMs} open channel={ch} fetcher={fetcher} out={out} />);
      await waitFor(() => expect(view().map((m) => m.id)).toEqual(['h1']), W);
      app.rerender(<AwayApp client={c} gcTimeMs={gcTimeMs} open={false} channel={ch} fetcher={fetcher} out={out} />);
      // Away for longer than the release grace: the wire subscription goes.
      await waitFor(async () => expect(await wire(ch)).toBe(0), W);
      await settle(gcTimeMs > 1000 ? 50 : 250);
      store(ch, { id: 'h2', text: 'while away' });
      app.rerender(<AwayApp client={c} gcTimeMs={gcTimeMs} open channel={ch} fetcher={fetcher} out={out} />);
      await waitFor(() => expect(view().map((m) => m.id)).toEqual(['h1', 'h2']), W);
      app.unmount();
    });

  it('#7: the first render after a channel switch never shows the previous channel’s history', async () => {
    const c = client();
    const { fetcher, store } = historyApi();
    store('/default/sw-a', { id: 'a1', text: 'in a' });
    store('/default/sw-b', { id: 'b1', text: 'in b' });
    const renders: Array<{ channel: string; ids: string[] }> = [];
    const { result, rerender, unmount } = renderHook(
      ({ channel }) => {
        const h = useMessageHistory<Msg>(channel, { fetcher });
        renders.push({ channel, ids: h.messages.map((m) => m.id) });
        return h;
      },
      { initialProps: { channel: '/default/sw-a' }, wrapper: ({ children }) => <ChannelKitProvider client={c}>{children}</ChannelKitProvider> },
    );
    await waitFor(() => expect(result.current.messages.map((m) => m.id)).toEqual(['a1']), W);
    rerender({ channel: '/default/sw-b' });
    await waitFor(() => expect(result.current.messages.map((m) => m.id)).toEqual(['b1']), W);
    // And back to a (cached): its own data on the very first render.
    const at = renders.length;
    rerender({ channel: '/default/sw-a' });
    expect(renders[at]).toEqual({ channel: '/default/sw-a', ids: ['a1'] });
    expect(renders.filter((r) => r.channel === '/default/sw-b' && r.ids.includes('a1'))).toEqual([]);
    expect(renders.filter((r) => r.channel === '/default/sw-a' && r.ids.includes('b1'))).toEqual([]);
    unmount();
  });

  it('#8: the provider follows a new client, queryClient and windowSize', async () => {
    const [c1, c2, sender] = [client(), client(), client()];
    const [q1, q2] = [new QueryClient(), new QueryClient()];
    const ch = '/default/swap';
    const seen: Seen = { events: 0 };
    const app = (c: RealtimeClient, q: QueryClient, windowSize: number) => (
      <StrictMode>
        <ChannelKitProvider client={c} queryClient={q} windowSize={windowSize}>
          <Live channel={ch} seen={seen} />
        </ChannelKitProvider>
      </StrictMode>
    );
    const view = render(app(c1, q1, 100));
    await waitFor(() => expect(c1.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    view.rerender(app(c2, q2, 2));
    expect(seen.client).toBe(c2);
    expect(seen.queryClient).toBe(q2);
    await waitFor(() => expect(c2.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await sender.channel<Msg>(ch).publish({ id: 's1', text: '1' }, { id: 's2', text: '2' }, { id: 's3', text: '3' });
    // Heard through the new client, in the new window size.
    await waitFor(() => expect(seen.events).toBe(2), W);
    // The old client's lease is released (after its grace).
    await waitFor(() => expect(c1.channel(ch).state.getSnapshot().status).not.toBe('subscribed'), W);
    view.unmount();
  });

  it('#15: a throwing onEvent handler is reported and the channel’s other handlers still run', async () => {
    const [c, sender] = [client(), client()];
    const ch = '/default/throwing';
    const heard: string[] = [];
    const onError = vi.fn();
    const view = render(
      <ChannelKitProvider client={c} onError={onError}>
        <Thrower channel={ch} />
        <Listener channel={ch} heard={heard} />
      </ChannelKitProvider>,
    );
    await waitFor(() => expect(c.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await sender.channel<Msg>(ch).publish({ id: 't1', text: 'one' }, { id: 't2', text: 'two' });
    await waitFor(() => expect(heard).toEqual(['one', 'two']), W);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'LISTENER_ERROR' });
    view.unmount();
  });

  it('#20: events show in a tab whose animation frames never run (hidden)', async () => {
    const [c, sender] = [client(), client()];
    const ch = '/default/hidden';
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation(() => 1);
    try {
      const { result, unmount } = renderHook(() => useChannel<Msg>(ch), { wrapper: ({ children }) => <ChannelKitProvider client={c}>{children}</ChannelKitProvider> });
      await waitFor(() => expect(result.current.status).toBe('subscribed'), W);
      await sender.channel<Msg>(ch).publish({ id: 'x1', text: 'while hidden' });
      await waitFor(() => expect(result.current.events.map((e) => e.data.text)).toEqual(['while hidden']), W);
      expect(raf).toHaveBeenCalled();
      unmount();
    } finally {
      raf.mockRestore();
    }
  });

  it('#12: a released channel’s feed is dropped after gcTimeMs (and kept while in use)', async () => {
    const c = client();
    const ch = '/default/gc';
    const feeds: unknown[] = [];
    const app = (watch: boolean) => (
      <ChannelKitProvider client={c} gcTimeMs={50}>
        <GcProbe channel={ch} watch={watch} feeds={feeds} />
      </ChannelKitProvider>
    );
    const view = render(app(true));
    await settle(150);
    view.rerender(app(true));
    expect(feeds.at(-1)).toBe(feeds[0]); // in use: kept
    view.rerender(app(false));
    await settle(150);
    view.rerender(app(false));
    expect(feeds.at(-1)).not.toBe(feeds[0]); // released for longer than gcTimeMs: dropped
    view.unmount();
  });
});

// ---------------------------------------------------------------------------------------------
// The in-memory socket: the test plays the backend.

type View = { history?: ReturnType<typeof useMessageHistory<Msg>>; publish?: PublishView<Msg>; renders: Array<Array<{ key: string; id: string; source: string; status: string }>> };

function Room({ view, history = true }: { view: View; history?: boolean }) {
  const h = useMessageHistory<Msg>('/room', { enabled: history, fetcher: async () => ({ items: [{ id: 'h1', data: { id: 'h1', text: 'history one' } }], hasMore: false }) });
  view.history = h;
  view.publish = usePublish<Msg>('/room');
  view.renders.push(h.messages.map((m) => ({ key: m.key, id: m.id, source: m.source, status: m.status })));
  return null;
}

async function lite({ windowSize = 100, history = true }: { windowSize?: number; history?: boolean } = {}) {
  const sockets = fakeSocketFactory();
  const client = createClient({ backend: liteProtocol({ url: 'ws://lite.test/' }), WebSocket: sockets.WebSocket });
  const view: View = { renders: [] };
  const wrap = (children: ReactNode) => (
    <ChannelKitProvider client={client} windowSize={windowSize}>
      {children}
    </ChannelKitProvider>
  );
  render(wrap(<Room view={view} history={history} />));
  await settle();
  const socket = sockets.last();
  socket.open();
  socket.receive({ type: 'ack' });
  await settle();
  const sub = socket.ofType('sub')[0]?.id;
  if (sub !== undefined) socket.receive({ type: 'subscribed', id: sub });
  await settle(50);
  const ids = () => view.history!.messages.map((m) => `${m.id}:${m.source}:${m.status}`);
  return { socket, sub, view, ids, client };
}

describe('over the in-memory socket (the test plays the backend)', () => {
  it('#10: on a backend that does not echo, an acknowledged publish is delivered where it was sent, not `sent` after newer messages', async () => {
    const { socket, sub, view, ids } = await lite();
    act(() => void view.publish!.publish({ id: 'p1', text: 'mine' }));
    await settle();
    socket.receive({ type: 'published', id: socket.ofType('pub')[0]!.id });
    await settle();
    socket.receive({ type: 'data', id: sub, eid: 'e2', data: { id: 'e2', text: 'newer' } });
    await settle();
    expect(ids()).toEqual(['h1:history:delivered', 'p1:live:delivered', 'e2:live:delivered']);
    expect(view.publish!.entries).toEqual([]);
  });

  it('#11: retry() of an entry still pending sends nothing (no double send)', async () => {
    const { socket, view } = await lite();
    act(() => void view.publish!.publish({ id: 'p1', text: 'mine' }).catch(() => {}));
    await settle();
    expect(view.publish!.entries.map((e) => e.status)).toEqual(['pending']);
    let retried: unknown = 'not called';
    await act(async () => {
      retried = await view.publish!.retry(view.publish!.entries[0]!.localId);
    });
    expect(retried).toBeUndefined();
    expect(socket.ofType('pub')).toHaveLength(1);
  });

  it('#13: a sent message never disappears for a frame when its echo arrives, and keeps its key', async () => {
    const { socket, sub, view } = await lite();
    act(() => void view.publish!.publish({ id: 'p1', text: 'mine' }));
    await settle();
    const from = view.renders.length - 1;
    // The echo first (the backend's id differs from the app's), the ack after.
    socket.receive({ type: 'data', id: sub, eid: 'srv-1', data: { id: 'p1', text: 'mine' } });
    await settle();
    socket.receive({ type: 'published', id: socket.ofType('pub')[0]!.id });
    await settle();
    const rows = view.renders.slice(from).map((r) => r.filter((m) => m.key === 'p1'));
    // Every render from the publish on lists it exactly once, under one key.
    expect(rows.every((r) => r.length === 1)).toBe(true);
    expect(rows.at(-1)).toEqual([{ key: 'p1', id: 'srv-1', source: 'live', status: 'delivered' }]);
  });

  it('#14: events without ids keep their keys once the window is full', async () => {
    const { socket, sub, view } = await lite({ windowSize: 3 });
    for (let i = 0; i < 3; i++) socket.receive({ type: 'data', id: sub, data: { text: `m${i}` } });
    await settle();
    const keyOf = () => new Map(view.history!.messages.filter((m) => m.source === 'live').map((m) => [m.data.text, m.key]));
    const before = keyOf();
    socket.receive({ type: 'data', id: sub, data: { text: 'm3' } });
    await settle();
    const after = keyOf();
    expect([...after.keys()]).toEqual(['m1', 'm2', 'm3']);
    expect(after.get('m1')).toBe(before.get('m1'));
    expect(after.get('m2')).toBe(before.get('m2'));
    expect(new Set(after.values()).size).toBe(3);
  });

  it('#10: usePublish alone (nobody hears the echo): the entry ends with the ack', async () => {
    const sockets = fakeSocketFactory();
    const client = createClient({ backend: liteProtocol({ url: 'ws://lite.test/' }), WebSocket: sockets.WebSocket });
    const view: { pub?: PublishView<Msg> } = {};
    render(
      <ChannelKitProvider client={client}>
        <Composer view={view} />
      </ChannelKitProvider>,
    );
    act(() => void view.pub!.publish({ id: 'p1', text: 'alone' }));
    await settle();
    const socket = sockets.last();
    socket.open();
    socket.receive({ type: 'ack' });
    await settle();
    socket.receive({ type: 'published', id: socket.ofType('pub')[0]!.id });
    await settle();
    expect(view.pub!.entries).toEqual([]);
  });
});
