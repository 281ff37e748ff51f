import { act, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode, useEffect, useRef, useState } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelKitError, type HistoryPage, type RealtimeClient } from '@channelkit/transport';
import { ChannelKitProvider, type HistoryFetcher, useChannel, useChannelStorage, useConnectionState, useMessageHistory, usePresence, usePublish, useTyping } from '@channelkit/react';
import { eventually, type ReactTarget, strictProvider, TARGETS } from './react-harness.js';

// Every hook, in <StrictMode>, against the emulator over real sockets, on every backend that
// has landed. Waits poll for an outcome; nothing asserts on timing.

type Msg = { id: string; text: string };
type PresenceRef = { current: ReturnType<typeof usePresence<{ name: string }>> };

function Who({ channel, user, view }: { channel: string; user: string; view: PresenceRef }) {
  view.current = usePresence<{ name: string }>(channel, { user, data: { name: user.toUpperCase() } });
  return <span>{view.current.members.map((m) => m.id).join(',')}</span>;
}

/** Watches a channel that gets no traffic, counting its renders. */
function Quiet({ channel, renders }: { channel: string; renders: { count: number } }) {
  useChannel(channel);
  renders.count++;
  return null;
}

function Loud({ channel }: { channel: string }) {
  const { events } = useChannel<Msg>(channel);
  return <span data-testid="n">{events.length}</span>;
}

type ChannelViewOf = ReturnType<typeof useChannel<Msg>>;

function LiveChannel({ channel, onView }: { channel: string; onView: (v: ChannelViewOf) => void }) {
  onView(useChannel<Msg>(channel));
  return null;
}

/** The README's client-lifetime pattern: created in a component, connected and closed by an effect. */
function LifetimeApp({ make, channel, onView, onClient }: { make: () => RealtimeClient; channel: string; onView: (v: ChannelViewOf) => void; onClient: (c: RealtimeClient) => void }) {
  // StrictMode calls this twice and keeps one: the other never connects (nothing leases it).
  const [client] = useState(make);
  const report = useRef(onClient);
  report.current = onClient;
  useEffect(() => {
    report.current(client);
    client.connect();
    return () => client.close();
  }, [client]);
  return (
    <ChannelKitProvider client={client}>
      <LiveChannel channel={channel} onView={onView} />
    </ChannelKitProvider>
  );
}

const W = { timeout: 10_000 };

describe.each(TARGETS)('@channelkit/react on %s', (_name, start) => {
  let t: ReactTarget;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('useChannel: one wire subscription across mount–unmount–mount, events in order, handler changes never resubscribe', async () => {
    const client = t.client();
    const heard: string[] = [];
    const { result, rerender, unmount } = renderHook(({ tag }) => useChannel<Msg>(t.channel, (m) => heard.push(`${tag}:${m.text}`)), {
      wrapper: strictProvider(client),
      initialProps: { tag: 'a' },
    });
    await waitFor(() => expect(result.current.status).toBe('subscribed'), W);
    expect((await t.wireSubscriptions())[t.channel]).toBe(1);
    rerender({ tag: 'b' }); // a new handler: same lease
    const sender = t.client();
    await sender.channel<Msg>(t.channel).publish({ id: 'e1', text: 'one' }, { id: 'e2', text: 'two' });
    await waitFor(() => expect(result.current.events.map((e) => e.data.text)).toEqual(['one', 'two']), W);
    expect(result.current.events.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(heard).toEqual(['b:one', 'b:two']);
    expect((await t.wireSubscriptions())[t.channel]).toBe(1);
    // A second component on the same channel, and a remount: still one wire subscription.
    const again = renderHook(() => useChannel<Msg>(t.channel), { wrapper: strictProvider(client) });
    await waitFor(() => expect(again.result.current.status).toBe('subscribed'), W);
    expect((await t.wireSubscriptions())[t.channel]).toBe(1);
    unmount();
    again.unmount();
    sender.close();
    client.close();
  });

  it('useChannel: enabled false subscribes nothing', async () => {
    const client = t.client();
    const { result } = renderHook(() => [useChannel(t.other, undefined, { enabled: false }), useConnectionState()] as const, { wrapper: strictProvider(client) });
    await new Promise((r) => setTimeout(r, 50));
    expect(result.current[0].status).toBe('idle');
    expect(result.current[1].status).toBe('idle'); // nothing opened a connection
    expect((await t.wireSubscriptions())[t.other]).toBeUndefined();
    client.close();
  });

  it('reconnect: useConnectionState follows the outage, useChannel counts the discontinuity, history is refetched', async () => {
    const client = t.client();
    let fetches = 0;
    const fetcher: HistoryFetcher<Msg> = async () => {
      fetches++;
      return { items: [{ id: `h${fetches}`, data: { id: `h${fetches}`, text: `history ${fetches}` } }], hasMore: false };
    };
    const statuses: string[] = [];
    const { result } = renderHook(
      () => {
        const conn = useConnectionState();
        statuses.push(conn.status);
        return { conn, channel: useChannel<Msg>(t.channel), history: useMessageHistory<Msg>(t.channel, { fetcher }) };
      },
      { wrapper: strictProvider(client) },
    );
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['h1']), W);
    expect(result.current.conn.status).toBe('connected');
    await t.drop();
    await waitFor(() => expect(result.current.channel.discontinuities).toBe(1), W);
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    await waitFor(() => expect(result.current.conn.status).toBe('connected'), W);
    expect(statuses).toContain('reconnecting');
    // The refetch replaced the history (the first page is fetched again after the discontinuity).
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['h2']), W);
    expect((await t.wireSubscriptions())[t.channel]).toBe(1);
    client.close();
  });

  it('useMessageHistory + usePublish: history, live and optimistic messages merged in order with no duplicates', async () => {
    const client = t.client();
    const older: HistoryPage<Msg> = { items: [{ id: 'a1', data: { id: 'a1', text: 'a1' } }], hasMore: false };
    const newest: HistoryPage<Msg> = {
      items: [
        { id: 'b1', data: { id: 'b1', text: 'b1' } },
        { id: 'b2', data: { id: 'b2', text: 'b2' } },
      ],
      hasMore: true,
    };
    const fetcher: HistoryFetcher<Msg> = async ({ before }) => (before === 'b1' ? older : newest);
    const { result } = renderHook(() => ({ history: useMessageHistory<Msg>(t.other, { fetcher, pageSize: 2 }), pub: usePublish<Msg>(t.other), channel: useChannel<Msg>(t.other) }), {
      wrapper: strictProvider(client),
    });
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['b1', 'b2']), W);
    expect(result.current.history.hasMore).toBe(true);
    await act(() => result.current.history.fetchOlder());
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['a1', 'b1', 'b2']), W);
    expect(result.current.history.hasMore).toBe(false);
    await waitFor(() => expect(result.current.channel.status).toBe('subscribed'), W);
    // Live: one new message and a replay of one history already has.
    const other = t.client();
    await other.channel<Msg>(t.other).publish({ id: 'b2', text: 'b2' }, { id: 'c1', text: 'c1' });
    await waitFor(() => expect(result.current.channel.events.length).toBe(2), W);
    // Optimistic: shows at once, then its echo replaces it.
    let sent: Promise<unknown> | undefined;
    act(() => {
      sent = result.current.pub.publish({ id: 'p1', text: 'mine' });
    });
    const optimistic = result.current.history.messages.find((m) => m.id === 'p1');
    expect(optimistic?.source === 'live' || optimistic?.status === 'pending' || optimistic?.status === 'sent').toBe(true);
    await act(() => sent!);
    await waitFor(() => expect(result.current.history.messages.find((m) => m.id === 'p1')?.source).toBe('live'), W);
    const ids = result.current.history.messages.map((m) => m.id);
    expect(ids).toEqual(['a1', 'b1', 'b2', 'c1', 'p1']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.current.pub.entries).toEqual([]);
    other.close();
    client.close();
  });

  it('usePublish: a publish made while offline shows as queued, then is delivered', async () => {
    const client = t.client(); // not connected yet: the publish connects it
    const { result } = renderHook(() => ({ pub: usePublish<Msg>(t.channel), conn: useConnectionState() }), { wrapper: strictProvider(client) });
    expect(result.current.conn.status).toBe('idle');
    let done: Promise<unknown> | undefined;
    act(() => {
      done = result.current.pub.publish({ id: 'q1', text: 'queued' });
    });
    expect(result.current.pub.entries.map((e) => e.status)).toEqual(['queued']);
    await act(() => done!);
    // Nobody subscribed to hear the echo: the acknowledged entry ends with the ack (issue 17 #10:
    // it used to wait as `sent` for ever).
    expect(result.current.pub.entries).toEqual([]);
    client.close();
  });

  it('typed errors in hook state: oversized publish fails (retry, discard), storage and history are typed-unsupported', async () => {
    const client = t.client();
    const { result } = renderHook(() => ({ pub: usePublish<Msg>(t.channel), storage: useChannelStorage<string>(t.channel, 'topic'), history: useMessageHistory<Msg>(t.channel) }), {
      wrapper: strictProvider(client),
    });
    const huge = { id: 'big', text: 'x'.repeat(client.capabilities.limits.eventBytes * 2) };
    await act(async () => {
      await expect(result.current.pub.publish(huge)).rejects.toBeInstanceOf(ChannelKitError);
    });
    expect(result.current.pub.failed).toHaveLength(1);
    expect(result.current.pub.failed[0]!.error).toBeInstanceOf(ChannelKitError);
    expect(result.current.pub.failed[0]!.error!.code).toBe('LIMIT_EXCEEDED');
    await act(async () => {
      await expect(result.current.pub.retry(result.current.pub.failed[0]!.localId)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    });
    act(() => result.current.pub.discard(result.current.pub.failed[0]!.localId));
    expect(result.current.pub.entries).toEqual([]);
    expect(result.current.storage.status).toBe('disabled');
    expect(result.current.storage.error).toBeInstanceOf(ChannelKitError);
    expect(result.current.storage.error).toMatchObject({ code: 'UNSUPPORTED', details: { feature: 'storage' } });
    expect(result.current.history.error).toBeInstanceOf(ChannelKitError);
    expect(result.current.history.error).toMatchObject({ code: 'UNSUPPORTED', details: { feature: 'history' } });
    client.close();
  });

  it('typed errors: a refused subscription surfaces as failed with its error', async () => {
    const client = t.client();
    const { result } = renderHook(() => useChannel(t.refused), { wrapper: strictProvider(client) });
    await waitFor(() => expect(result.current.status).toBe('failed'), W);
    expect(result.current.error).toBeInstanceOf(ChannelKitError);
    expect(result.current.error!.code).toBe(t.refusedCode);
    client.close();
  });

  it('a client created in a component and closed on unmount survives StrictMode’s remount (the README’s lifetime pattern)', async () => {
    let made: RealtimeClient | undefined;
    let view: ChannelViewOf | undefined;
    const mounted = render(
      <StrictMode>
        <LifetimeApp make={() => t.client()} channel={t.channel} onView={(v) => (view = v)} onClient={(c) => (made = c)} />
      </StrictMode>,
    );
    await waitFor(() => expect(view?.status).toBe('subscribed'), W);
    const sender = t.client();
    await sender.channel<Msg>(t.channel).publish({ id: 'life1', text: 'after the remount' });
    await waitFor(() => expect(view?.events.map((e) => e.data.text)).toContain('after the remount'), W);
    mounted.unmount();
    expect(made!.status.getSnapshot().status).toBe('closed');
    sender.close();
  });

  it('usePresence: three clients converge (enter, heartbeat reply, leave)', async () => {
    const clients = [t.client(), t.client(), t.client()];
    const views: PresenceRef[] = [];
    const mounted = clients.map((client, i) => {
      const user = `user-${i + 1}`;
      const view = { current: undefined as unknown as PresenceRef['current'] };
      views.push(view);
      return render(
        <StrictMode>
          <ChannelKitProvider client={client}>
            <Who channel={t.channel} user={user} view={view} />
          </ChannelKitProvider>
        </StrictMode>,
      );
    });
    const ids = (i: number) => views[i]!.current.members.map((m) => m.id).join(',');
    await eventually(() => [0, 1, 2].every((i) => ids(i) === 'user-1,user-2,user-3'), 'three members everywhere');
    expect(views[0]!.current.mode).toBe('convention');
    expect(views[1]!.current.members.find((m) => m.id === 'user-3')?.data).toEqual({ name: 'USER-3' });
    expect(views[2]!.current.self).toEqual({ id: 'user-3', data: { name: 'USER-3' } });
    // One presence wire subscription per client, on the sibling channel only.
    const subs = await t.wireSubscriptions();
    expect(Object.entries(subs).filter(([ch]) => ch.endsWith('presence'))).toEqual([[`${t.channel}/presence`, 3]]);
    await act(() => views[0]!.current.update({ name: 'Ada' }));
    await eventually(() => views[2]!.current.members.find((m) => m.id === 'user-1')?.data !== undefined && JSON.stringify(views[2]!.current.members[0]!.data) === '{"name":"Ada"}', 'update seen');
    mounted[2]!.unmount();
    await eventually(() => ids(0) === 'user-1,user-2' && ids(1) === 'user-1,user-2', 'leave seen');
    mounted[0]!.unmount();
    mounted[1]!.unmount();
    for (const c of clients) c.close();
  });

  it('useTyping: a throttled signal shows on the other client and expires on its own', async () => {
    const [a, b] = [t.client(), t.client()];
    const alice = renderHook(() => useTyping(t.channel, { user: 'alice', expireMs: 300 }), { wrapper: strictProvider(a) });
    const bob = renderHook(() => ({ typing: useTyping(t.channel, { user: 'bob', expireMs: 300 }), channel: useChannel(`${t.channel}/typing`) }), { wrapper: strictProvider(b) });
    await waitFor(() => expect(bob.result.current.channel.status).toBe('subscribed'), W);
    await eventually(async () => ((await t.wireSubscriptions())[`${t.channel}/typing`] ?? 0) === 2, 'both subscribed');
    act(() => {
      alice.result.current.signal();
      alice.result.current.signal(); // throttled: one signal
    });
    await waitFor(() => expect(bob.result.current.typing.typing).toEqual(['alice']), W);
    expect(bob.result.current.channel.events).toHaveLength(1);
    await waitFor(() => expect(bob.result.current.typing.typing).toEqual([]), W);
    expect(alice.result.current.typing).toEqual([]); // never oneself
    alice.unmount();
    bob.unmount();
    a.close();
    b.close();
  });

  it('a component re-renders only for its own channel', async () => {
    const client = t.client();
    const renders = { count: 0 };
    const view = render(
      <StrictMode>
        <ChannelKitProvider client={client}>
          <Quiet channel={t.other} renders={renders} />
          <Loud channel={t.channel} />
        </ChannelKitProvider>
      </StrictMode>,
    );
    await eventually(async () => (await t.wireSubscriptions())[t.other] !== undefined && (await t.wireSubscriptions())[t.channel] !== undefined, 'subscribed');
    await waitFor(() => expect(client.channel(t.other).state.getSnapshot().status).toBe('subscribed'), W);
    await new Promise((r) => setTimeout(r, 50));
    const before = renders.count;
    const sender = t.client();
    await sender.channel<Msg>(t.channel).publish(...Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, text: String(i) })));
    await waitFor(() => expect(view.getByTestId('n').textContent).toBe('5'), W);
    expect(renders.count).toBe(before);
    view.unmount();
    sender.close();
    client.close();
  });
});
