// The listener hooks (connection state, errors, presence changes) and the selector / `enabled`
// options of useConnectionState, useTyping and useChannelStorage, on the convention backends
// over real sockets. Listeners are inline functions (a new one every render) and must neither
// resubscribe nor render; selectors must keep re-renders to the slice a component reads.
import { render, renderHook } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKitError, RealtimeClient } from '@channelkit/transport';
import {
  ChannelKitProvider,
  type ConnectionStateChange,
  type ErrorSource,
  type PresenceEvent,
  useChannelStorage,
  useConnectionState,
  useConnectionStateListener,
  useErrorListener,
  usePresence,
  usePresenceListener,
  useTyping,
} from '@channelkit/react';
import { adminCall, eventually, type ReactTarget, strictProvider, TARGETS } from './react-harness.js';

type Data = { name: string };

function mount(client: RealtimeClient, node: React.ReactNode) {
  const wrap = (n: React.ReactNode) => (
    <StrictMode>
      <ChannelKitProvider client={client}>{n}</ChannelKitProvider>
    </StrictMode>
  );
  const r = render(wrap(node));
  return { rerender: (n: React.ReactNode) => r.rerender(wrap(n)), unmount: r.unmount };
}

function Peer({ channel, user, name }: { channel: string; user: string; name: string }) {
  usePresence<Data>(channel, { user, data: { name } });
  return null;
}

function Listener({ channel, log, renders }: { channel: string; log: PresenceEvent<Data>[]; renders: { count: number } }) {
  usePresenceListener<Data>(channel, (e) => log.push(e)); // inline listener, new every render
  renders.count++;
  return null;
}

function StatusWatch({ changes, renders, states }: { changes: ConnectionStateChange[]; renders: { count: number }; states?: ConnectionStateChange['current'][] }) {
  useConnectionStateListener((c) => changes.push(c), { states });
  renders.count++;
  return null;
}

function Errors({ channel, log }: { channel: string; log: Array<[ChannelKitError, ErrorSource]> }) {
  useErrorListener((error, source) => log.push([error, source]), { channel });
  return null;
}

describe.each(TARGETS)('listener hooks and selectors on %s', (_name, start) => {
  let t: ReactTarget;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('usePresenceListener: enter, update and leave without rendering, never listed itself', async () => {
    const [peer, watcher] = [t.client(), t.client()];
    const log: PresenceEvent<Data>[] = [];
    const renders = { count: 0 };
    const w = mount(watcher, <Listener channel={t.channel} log={log} renders={renders} />);
    await eventually(() => watcher.channel(`${watcher.channel(t.channel).name}/presence`).state.getSnapshot().status === 'subscribed', 'listening');
    const p = mount(peer, <Peer channel={t.channel} user="peer" name="Peer" />);
    await eventually(() => log.some((e) => e.type === 'enter' && e.member.id === 'peer'), 'enter');
    p.rerender(<Peer channel={t.channel} user="peer" name="Renamed" />);
    await eventually(() => log.some((e) => e.type === 'update' && e.member.data?.name === 'Renamed'), 'update');
    p.unmount();
    await eventually(() => log.some((e) => e.type === 'leave' && e.member.id === 'peer'), 'leave');
    expect(log.map((e) => e.type)).toEqual(['enter', 'update', 'leave']);
    expect(log.at(-1)!.members).toEqual([]);
    expect(renders.count).toBeLessThanOrEqual(2); // StrictMode's double render of the mount only
    w.unmount();
    peer.close();
    watcher.close();
  });

  it('useConnectionStateListener: status changes after a drop, filtered by states, no renders', async () => {
    const c = t.client();
    const all: ConnectionStateChange[] = [];
    const connectedOnly: ConnectionStateChange[] = [];
    const renders = { count: 0 };
    const m = mount(
      c,
      <>
        <StatusWatch changes={all} renders={renders} />
        <StatusWatch changes={connectedOnly} renders={renders} states={['connected']} />
        <Peer channel={t.other} user="x" name="X" />
      </>,
    );
    await eventually(() => c.status.getSnapshot().status === 'connected', 'connected');
    const before = connectedOnly.length;
    await t.drop();
    await eventually(() => connectedOnly.length > before, 'reconnected');
    expect(all.map((x) => x.current)).toContain('reconnecting');
    expect(connectedOnly.every((x) => x.current === 'connected')).toBe(true);
    for (const x of all) expect(x.previous).not.toBe(x.current);
    expect(renders.count).toBeLessThanOrEqual(4); // two components, StrictMode's mount only
    m.unmount();
    c.close();
  });

  it('useErrorListener: a refused channel’s error is reported once, with its source', async () => {
    const c = t.client();
    const log: Array<[ChannelKitError, ErrorSource]> = [];
    const m = mount(
      c,
      <>
        <Errors channel={t.refused} log={log} />
        <Peer channel={t.refused} user="x" name="X" />
      </>,
    );
    // The refused room's presence sibling is refused too; the listener watches the room itself.
    const room = c.channel(t.refused);
    const release = room.subscribe({ onEvent: () => {} });
    await eventually(() => log.length > 0, 'error reported');
    await new Promise((r) => setTimeout(r, 200));
    const mine = log.filter(([, s]) => s.kind === 'channel');
    expect(mine).toHaveLength(1);
    expect(mine[0]![0].code).toBe(t.refusedCode);
    expect(mine[0]![1]).toEqual({ kind: 'channel', channel: room.name });
    release();
    m.unmount();
    c.close();
  });

  it('useConnectionState: a selector re-renders only when its slice changes; enabled: false is idle', async () => {
    const c = t.client();
    const seen: boolean[] = [];
    const { result, unmount } = renderHook(
      () => {
        const online = useConnectionState({ select: (s) => s.status === 'connected' });
        seen.push(online);
        return { online, off: useConnectionState({ enabled: false }), channel: usePresence(t.other, { user: 'y' }) };
      },
      { wrapper: strictProvider(c) },
    );
    await eventually(() => result.current.online, 'online');
    await t.drop();
    await eventually(() => seen.includes(false) && seen.lastIndexOf(true) > seen.indexOf(false) && result.current.online, 'back online');
    // connecting → handshaking → connected … are several status changes; the slice changed twice.
    const flips = seen.filter((v, i) => i > 0 && v !== seen[i - 1]).length;
    expect(flips).toBeLessThanOrEqual(3);
    expect(result.current.off.status).toBe('idle');
    unmount();
    c.close();
  });

  it('useTyping: after a channel switch no render shows the old channel’s typists', async () => {
    const [a, b] = [t.client(), t.client()];
    const alice = renderHook(() => useTyping(t.channel, { user: 'alice', expireMs: 5_000 }), { wrapper: strictProvider(a) });
    const log: Array<[string, readonly string[]]> = [];
    const bob = renderHook(
      ({ channel }) => {
        const v = useTyping(channel, { user: 'bob', expireMs: 5_000 });
        log.push([channel, v.typing]);
        return v;
      },
      { wrapper: strictProvider(b), initialProps: { channel: t.channel } },
    );
    await eventually(async () => (await t.wireSubscriptions())[`${t.channel}/typing`] === 2, 'both subscribed');
    alice.result.current.signal();
    await eventually(() => bob.result.current.typing.includes('alice'), 'bob sees alice');
    bob.rerender({ channel: t.other });
    expect(log.filter(([ch, typing]) => ch === t.other && typing.length > 0)).toEqual([]);
    alice.unmount();
    bob.unmount();
    a.close();
    b.close();
  });

  it('useTyping and useChannelStorage: enabled: false subscribes nothing and is the empty view', async () => {
    const c = t.client();
    const { result, rerender, unmount } = renderHook(({ on }) => ({ typing: useTyping(t.channel, { user: 'u', enabled: on }), storage: useChannelStorage(t.channel, 'topic', { enabled: on }) }), {
      wrapper: strictProvider(c),
      initialProps: { on: false },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(result.current.typing.typing).toEqual([]);
    expect([result.current.storage.status, result.current.storage.error, result.current.storage.value]).toEqual(['disabled', undefined, undefined]);
    await expect(result.current.storage.set('x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const room = c.channel(t.channel);
    expect([room.state.getSnapshot().status, c.channel(`${room.name}/typing`).state.getSnapshot().status]).toEqual(['idle', 'idle']);
    rerender({ on: true });
    // Enabled on a backend without storage: the typed UNSUPPORTED error, as before.
    expect((result.current.storage.error as ChannelKitError | undefined)?.code).toBe('UNSUPPORTED');
    await eventually(async () => (await t.wireSubscriptions())[`${t.channel}/typing`] === 1, 'typing subscribed');
    unmount();
    c.close();
  });
});

// AppSync Events only: a frame that is not its protocol is an error there, reported through
// `client.onError`; API Gateway's client takes a non-JSON frame as a raw event on its default
// channel (a backend may push anything there), so there is nothing to report.
describe('useErrorListener on AppSync Events', () => {
  let t: ReactTarget;
  beforeAll(async () => {
    t = await TARGETS[0]![1]();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a garbage frame is reported as a client error, once; an inline listener is not resubscribed', async () => {
    const c = t.client();
    const log: Array<[ChannelKitError, ErrorSource]> = [];
    const m = mount(
      c,
      <>
        <Errors channel={t.other} log={log} />
        <Peer channel={t.other} user="g" name="G" />
      </>,
    );
    await eventually(() => c.status.getSnapshot().status === 'connected', 'connected');
    for (let i = 0; i < 5; i++)
      m.rerender(
        <>
          <Errors channel={t.other} log={log} />
          <Peer channel={t.other} user="g" name="G" />
        </>,
      );
    await adminCall(`${t.admin}/faults`, 'POST', { backend: t.backend, action: 'garbage' });
    await eventually(() => log.some(([, s]) => s.kind === 'client'), 'client error reported');
    // One listener, however many renders: each error once.
    const clientErrors = log.filter(([, s]) => s.kind === 'client');
    expect(new Set(clientErrors.map(([e]) => e)).size).toBe(clientErrors.length);
    m.unmount();
    c.close();
  });
});
