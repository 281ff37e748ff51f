// usePresence as apps write it, on the convention backends (AppSync Events, API Gateway) over
// real sockets: the channel prop changes (a room switcher), options are fresh inline literals
// every render, `enabled` and `listenOnly` toggle, selectors keep re-renders to the slice read.
// Renders and presence frames on the wire are counted and must stay bounded.
import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { ChannelKitProvider, type PresenceMemberOf, type PresenceSignal, type PresenceView, usePresence } from '@channelkit/react';
import { eventually, type ReactTarget, TARGETS } from './react-harness.js';

type Data = { name: string };
interface Probe {
  renders: number;
  view: PresenceView<Data>;
  /** Every render: the channel prop and the members shown with it. */
  log: Array<{ channel: string; ids: string[] }>;
}
const probe = (): Probe => ({ renders: 0, view: undefined as unknown as PresenceView<Data>, log: [] });

function Member({ channel, user, name, probe: p, enabled, listenOnly }: { channel: string; user: string; name?: string; probe: Probe; enabled?: boolean; listenOnly?: boolean }) {
  // Inline literal on purpose: a new `data` object every render, as apps write it.
  const view = usePresence<Data>(channel, { user, data: { name: name ?? user.toUpperCase() }, enabled, listenOnly });
  p.renders++;
  p.view = view;
  p.log.push({ channel, ids: view.members.map((m) => m.id) });
  return null;
}

function mount(client: RealtimeClient, node: React.ReactNode) {
  const r = render(
    <StrictMode>
      <ChannelKitProvider client={client}>{node}</ChannelKitProvider>
    </StrictMode>,
  );
  return {
    rerender: (next: React.ReactNode) =>
      r.rerender(
        <StrictMode>
          <ChannelKitProvider client={client}>{next}</ChannelKitProvider>
        </StrictMode>,
      ),
    unmount: r.unmount,
  };
}

/** Counts presence signals on a sibling channel, by type, from a raw client. */
function wiretap(client: RealtimeClient, channel: string) {
  const counts: Record<string, number> = {};
  const handle = client.channel<PresenceSignal>(`${client.channel(channel).name}/presence`);
  const release = handle.subscribe({
    onEvent: (s) => {
      const k = `${s.user}:${s.type}`;
      counts[k] = (counts[k] ?? 0) + 1;
    },
  });
  return { counts, ready: () => handle.state.getSnapshot().status === 'subscribed', release };
}

/** A peer with a long heartbeat: only the reply to a newcomer's `sync`/`enter` shows it quickly. */
function Slow({ channel, probe: q }: { channel: string; probe: Probe }) {
  q.view = usePresence<Data>(channel, { user: 'peer', data: { name: 'Peer' }, heartbeatMs: 60_000 });
  return null;
}

/** Reads only the member count, through an inline selector and equality, as apps write them. */
function Count({ channel, counted }: { channel: string; counted: { renders: number; value: number } }) {
  counted.value = usePresence<Data, number>(channel, { listenOnly: true, select: (v) => v.members.length, isEqual: (x, y) => x === y });
  counted.renders++;
  return null;
}

function Switcher({ channel, client, probe: q }: { channel: string; client: string; probe: Probe }) {
  q.view = usePresence<Data>(channel, { user: 'sw', data: { name: 'Switcher' }, client });
  return null;
}

function Bad({ channel, data }: { channel: string; data: unknown }) {
  usePresence(channel, { data });
  return null;
}

const ids = (p: Probe) => p.view.members.map((m) => m.id).join(',');

describe.each(TARGETS)('usePresence on %s (convention)', (_name, start) => {
  let t: ReactTarget;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('inline data literals send one enter and no updates; renders stay bounded', async () => {
    const spy = t.client();
    const tap = wiretap(spy, t.channel);
    await eventually(tap.ready, 'wiretap subscribed');
    const c = t.client();
    const p = probe();
    const m = mount(c, <Member channel={t.channel} user="ada" probe={p} />);
    await eventually(() => ids(p) === 'ada', 'self listed');
    await eventually(() => (tap.counts['ada:enter'] ?? 0) >= 1, 'enter on the wire');
    // Re-render with fresh literals many times: same value, nothing sent.
    for (let i = 0; i < 20; i++) m.rerender(<Member channel={t.channel} user="ada" probe={p} />);
    await new Promise((r) => setTimeout(r, 300));
    expect(tap.counts['ada:update'] ?? 0).toBe(0);
    expect(tap.counts['ada:enter']).toBe(1);
    const settled = p.renders;
    await new Promise((r) => setTimeout(r, 300));
    expect(p.renders).toBe(settled); // nothing renders by itself
    m.unmount();
    await eventually(() => (tap.counts['ada:leave'] ?? 0) === 1, 'leave on the wire');
    tap.release();
    c.close();
    spy.close();
  });

  it('a changed data value sends one update', async () => {
    const spy = t.client();
    const tap = wiretap(spy, t.other);
    await eventually(tap.ready, 'wiretap subscribed');
    const c = t.client();
    const p = probe();
    const m = mount(c, <Member channel={t.other} user="bob" probe={p} />);
    await eventually(() => (tap.counts['bob:enter'] ?? 0) === 1, 'enter');
    m.rerender(<Member channel={t.other} user="bob" name="Bobby" probe={p} />);
    await eventually(() => (tap.counts['bob:update'] ?? 0) === 1, 'one update');
    for (let i = 0; i < 10; i++) m.rerender(<Member channel={t.other} user="bob" name="Bobby" probe={p} />);
    await eventually(() => JSON.stringify(p.view.self?.data) === '{"name":"Bobby"}', 'self shows the new data');
    await new Promise((r) => setTimeout(r, 200));
    expect([tap.counts['bob:enter'], tap.counts['bob:update'], tap.counts['bob:leave']]).toEqual([1, 1, undefined]);
    m.rerender(<Member channel={t.other} user="cyd" name="Bobby" probe={p} />); // user is a key: leave + enter
    await eventually(() => (tap.counts['cyd:enter'] ?? 0) === 1 && (tap.counts['bob:leave'] ?? 0) === 1, 're-entered as cyd');
    expect(tap.counts['cyd:update'] ?? 0).toBe(0);
    m.unmount();
    tap.release();
    c.close();
    spy.close();
  });

  it('after a channel switch no render shows the old channel’s members (defect 6)', async () => {
    const [peerA, peerB, me] = [t.client(), t.client(), t.client()];
    const pa = probe();
    const pb = probe();
    const a = mount(peerA, <Member channel={t.channel} user="peer-a" probe={pa} />);
    const b = mount(peerB, <Member channel={t.other} user="peer-b" probe={pb} />);
    const p = probe();
    const m = mount(me, <Member channel={t.channel} user="me" probe={p} />);
    await eventually(() => ids(p) === 'me,peer-a', 'me sees peer-a');
    m.rerender(<Member channel={t.other} user="me" probe={p} />);
    await eventually(() => ids(p) === 'me,peer-b', 'me sees peer-b');
    const leaked = p.log.filter((r) => r.channel === t.other && r.ids.includes('peer-a'));
    expect(leaked).toEqual([]);
    // And back: peer-a again, never peer-b on the first channel.
    m.rerender(<Member channel={t.channel} user="me" probe={p} />);
    await eventually(() => ids(p) === 'me,peer-a', 'back to peer-a');
    expect(p.log.filter((r) => r.channel === t.channel && r.ids.includes('peer-b'))).toEqual([]);
    await eventually(() => ids(pa) === 'me,peer-a' && ids(pb) === 'peer-b', 'peers saw me leave the other room');
    for (const x of [a, b, m]) x.unmount();
    for (const c of [peerA, peerB, me]) c.close();
  });

  it('enabled: false subscribes nothing and publishes nothing; true enters', async () => {
    const spy = t.client();
    const tap = wiretap(spy, t.channel);
    await eventually(tap.ready, 'wiretap subscribed');
    const c = t.client();
    const p = probe();
    const m = mount(c, <Member channel={t.channel} user="off" probe={p} enabled={false} />);
    await new Promise((r) => setTimeout(r, 300));
    expect(p.view.members).toEqual([]);
    expect(p.view.self).toBeUndefined();
    expect(Object.keys(tap.counts).filter((k) => k.startsWith('off:'))).toEqual([]);
    expect(c.channel(`${c.channel(t.channel).name}/presence`).state.getSnapshot().status).toBe('idle');
    await expect(p.view.update({ name: 'later' })).resolves.toBeUndefined(); // kept, not sent
    expect(tap.counts['off:update']).toBeUndefined();
    m.rerender(<Member channel={t.channel} user="off" probe={p} enabled />);
    await eventually(() => (tap.counts['off:enter'] ?? 0) === 1 && ids(p) === 'off', 'entered once enabled');
    m.rerender(<Member channel={t.channel} user="off" probe={p} enabled={false} />);
    await eventually(() => (tap.counts['off:leave'] ?? 0) === 1, 'left once disabled');
    expect(p.view.members).toEqual([]);
    m.unmount();
    tap.release();
    c.close();
    spy.close();
  });

  it('listenOnly observes the members at once (sync) without entering; update() is refused', async () => {
    const spy = t.client();
    const tap = wiretap(spy, t.other);
    await eventually(tap.ready, 'wiretap subscribed');
    const [peer, watcher] = [t.client(), t.client()];
    const pp = probe();
    const a = mount(peer, <Slow channel={t.other} probe={pp} />);
    await eventually(() => (tap.counts['peer:enter'] ?? 0) === 1, 'peer entered');
    const w = probe();
    const m = mount(watcher, <Member channel={t.other} user="watcher" probe={w} listenOnly />);
    await eventually(() => ids(w) === 'peer', 'watcher sees peer', 5_000);
    expect(w.view.self).toBeUndefined();
    expect(w.view.members[0]!.data).toEqual({ name: 'Peer' });
    await new Promise((r) => setTimeout(r, 200));
    expect(pp.view.members.map((x) => x.id)).toEqual(['peer']); // never listed by the others
    expect(Object.keys(tap.counts).filter((k) => k.startsWith('watcher:'))).toEqual(['watcher:sync']);
    await expect(w.view.update({ name: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // Toggling listen-only off enters.
    m.rerender(<Member channel={t.other} user="watcher" probe={w} />);
    await eventually(() => ids(pp) === 'peer,watcher', 'watcher entered');
    m.unmount();
    a.unmount();
    tap.release();
    for (const c of [spy, peer, watcher]) c.close();
  });

  it('a selector re-renders only when its slice changes', async () => {
    const [peer, me] = [t.client(), t.client()];
    const pp = probe();
    const a = mount(peer, <Member channel={t.channel} user="peer" probe={pp} />);
    const counted = { renders: 0, value: 0 };
    const m = mount(me, <Count channel={t.channel} counted={counted} />);
    await eventually(() => counted.value === 1, 'one member');
    const before = counted.renders;
    // The peer's data changes: the list changes, its length does not.
    await act(() => pp.view.update({ name: 'Renamed' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(counted.renders).toBe(before);
    a.unmount();
    await eventually(() => counted.value === 0, 'peer left');
    m.unmount();
    peer.close();
    me.close();
  });

  it('a changed client option leaves through the old client and enters through the new one', async () => {
    const spy = t.client();
    const tap = wiretap(spy, t.other);
    await eventually(tap.ready, 'wiretap subscribed');
    const [one, two] = [t.client(), t.client()];
    const p = probe();
    const wrap = (client: string) => (
      <StrictMode>
        <ChannelKitProvider clients={{ one, two }}>
          <Switcher channel={t.other} client={client} probe={p} />
        </ChannelKitProvider>
      </StrictMode>
    );
    const r = render(wrap('one'));
    await eventually(() => ids(p) === 'sw' && (tap.counts['sw:enter'] ?? 0) === 1, 'entered through one');
    r.rerender(wrap('two'));
    await eventually(() => (tap.counts['sw:enter'] ?? 0) === 2 && (tap.counts['sw:leave'] ?? 0) === 1, 'left one, entered two');
    await eventually(() => ids(p) === 'sw', 'listed again');
    const sibling = `${one.channel(t.other).name}/presence`;
    await eventually(() => one.channel(sibling).state.getSnapshot().status === 'idle', 'one released the sibling');
    expect(tap.counts['sw:update'] ?? 0).toBe(0);
    r.unmount();
    tap.release();
    for (const c of [spy, one, two]) c.close();
  });

  it('data values that JSON cannot carry are refused with a typed error naming the rule', () => {
    const c = t.client();
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => {
      errors.push(e.error);
      e.preventDefault();
    };
    window.addEventListener('error', onError);
    try {
      expect(() =>
        render(
          <ChannelKitProvider client={c}>
            <Bad channel={t.channel} data={cyclic} />
          </ChannelKitProvider>,
        ),
      ).toThrow(/JSON-serialisable/);
    } finally {
      window.removeEventListener('error', onError);
      c.close();
    }
  });
});

describe('usePresence types', () => {
  it('member data is typed by the hook’s generic; a selector’s result type is the hook’s', () => {
    expectTypeOf<PresenceView<Data>['members'][number]['data']>().toEqualTypeOf<Data | undefined>();
    expectTypeOf<PresenceView<Data>['self']>().toEqualTypeOf<PresenceMemberOf<Data> | undefined>();
    expectTypeOf(usePresence<Data, number>).returns.toEqualTypeOf<number>();
    expectTypeOf(usePresence<Data>).returns.toEqualTypeOf<PresenceView<Data>>();
  });
});
