// Model-based test of usePresence (convention presence, AppSync Events and API Gateway on the
// emulator, real sockets): fast-check draws sequences of what apps do — mount, unmount,
// StrictMode remount, channel switch, client swap, fresh inline data literals, a changed data
// value, `enabled` and `listenOnly` toggles, a dropped connection — and after every step checks:
//   - no render ever shows a member from another channel;
//   - presence frames of our own on the wire stay bounded per step (≤ 1 update, ≤ 2 enters …);
//   - renders stay bounded per step;
//   - no exception reaches an error boundary;
//   - the shown members converge to the model's (the peer of the current channel, plus
//     ourselves unless listen-only; nothing while disabled).
// Seeded and bounded; on failure fast-check prints the seed and the shrunk command path, and
// `{ seed, path }` in the options below replays it.
import { fc, it } from '@fast-check/vitest';
import { render } from '@testing-library/react';
import { Component, type ReactNode, StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { ChannelKitProvider, type PresenceSignal, type PresenceView, usePresence } from '@channelkit/react';
import { eventually, type ReactTarget, TARGETS } from './react-harness.js';

type Data = { name: string };
// Per backend: AppSync Events names channels by path, API Gateway by plain names. The third
// room has nobody else in it.
let ROOMS: readonly string[] = [];
let PEER_OF: Record<string, string | undefined> = {};
const PEERS = new Set(['peer-1', 'peer-2']);
const ROOM = [0, 1, 2] as const;

interface Model {
  mounted: boolean;
  room: (typeof ROOM)[number];
  client: 'a' | 'b';
  name: string;
  enabled: boolean;
  listenOnly: boolean;
}

interface Real {
  clients: { a: RealtimeClient; b: RealtimeClient };
  t: ReactTarget;
  out: { renders: number; view: PresenceView<Data> | undefined; log: Array<{ channel: string; ids: string[] }>; errors: unknown[] };
  counts: Record<string, number>;
  tree: { unmount(): void; rerender(node: ReactNode): void } | undefined;
}

class Boundary extends Component<{ errors: unknown[]; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.errors.push(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

function Me({ m, out }: { m: Model; out: Real['out'] }) {
  // A fresh options object and data literal on every render, as apps write them.
  const channel = ROOMS[m.room]!;
  const view = usePresence<Data>(channel, { user: 'me', data: { name: m.name }, enabled: m.enabled, listenOnly: m.listenOnly, client: m.client, heartbeatMs: 60_000 });
  out.renders++;
  out.view = view;
  out.log.push({ channel, ids: view.members.map((x) => x.id) });
  return null;
}

function Peer({ channel, user }: { channel: string; user: string }) {
  usePresence<Data>(channel, { user, data: { name: user } });
  return null;
}

const tree = (r: Real, m: Model) => (
  <StrictMode>
    <ChannelKitProvider clients={r.clients}>
      <Boundary errors={r.out.errors}>
        <Me m={{ ...m }} out={r.out} />
      </Boundary>
    </ChannelKitProvider>
  </StrictMode>
);

const mine = (r: Real, type: PresenceSignal['type']) => Object.entries(r.counts).reduce((n, [k, v]) => (k.endsWith(`|me:${type}`) ? n + v : n), 0);

/** The invariants, checked after every command. */
async function check(m: Model, r: Real, before: { renders: number; log: number; enter: number; update: number; leave: number }) {
  expect(r.out.errors).toEqual([]);
  // Never another channel's member, on any render since the last step.
  for (const row of r.out.log.slice(before.log)) for (const id of row.ids) if (PEERS.has(id)) expect([row.channel, id]).toEqual([row.channel, PEER_OF[row.channel]]);
  // Converge to the model.
  if (m.mounted) {
    const channel = ROOMS[m.room]!;
    const want = !m.enabled ? [] : [...(m.listenOnly ? [] : ['me']), ...(PEER_OF[channel] ? [PEER_OF[channel]!] : [])].sort();
    await eventually(() => JSON.stringify(r.out.view?.members.map((x) => x.id)) === JSON.stringify(want), `members ${want.join(',') || '(none)'} on ${channel}`, 5_000);
  }
  await new Promise((res) => setTimeout(res, 30));
  // Bounded: frames of our own and renders, per step.
  expect(mine(r, 'update') - before.update).toBeLessThanOrEqual(1);
  expect(mine(r, 'enter') - before.enter).toBeLessThanOrEqual(2);
  expect(mine(r, 'leave') - before.leave).toBeLessThanOrEqual(2);
  expect(r.out.renders - before.renders).toBeLessThanOrEqual(40);
}

type Cmd = fc.AsyncCommand<Model, Real>;
const step = (label: string, can: (m: Model) => boolean, apply: (m: Model) => void, act: (m: Model, r: Real) => Promise<void> | void): Cmd => ({
  check: can,
  async run(m, r) {
    const before = { renders: r.out.renders, log: r.out.log.length, enter: mine(r, 'enter'), update: mine(r, 'update'), leave: mine(r, 'leave') };
    apply(m);
    await act(m, r);
    await check(m, r, before);
  },
  toString: () => label,
});

const rerender = (m: Model, r: Real) => r.tree?.rerender(tree(r, m));
const commands = [
  fc.constant(
    step(
      'mount',
      (m) => !m.mounted,
      (m) => {
        m.mounted = true;
      },
      (m, r) => {
        const view = render(tree(r, m));
        r.tree = view;
      },
    ),
  ),
  fc.constant(
    step(
      'unmount',
      (m) => m.mounted,
      (m) => {
        m.mounted = false;
      },
      (_m, r) => {
        r.tree?.unmount();
        r.tree = undefined;
      },
    ),
  ),
  fc.constant(
    step(
      'strict remount',
      (m) => m.mounted,
      () => {},
      (m, r) => {
        r.tree?.unmount();
        r.tree = render(tree(r, m));
      },
    ),
  ),
  fc.constantFrom(...ROOM).map((room) =>
    step(
      `room ${room + 1}`,
      (m) => m.mounted && m.room !== room,
      (m) => {
        m.room = room;
      },
      rerender,
    ),
  ),
  fc.constant(
    step(
      'swap client',
      (m) => m.mounted,
      (m) => {
        m.client = m.client === 'a' ? 'b' : 'a';
      },
      rerender,
    ),
  ),
  fc.constant(
    step(
      'fresh literals',
      (m) => m.mounted,
      () => {},
      async (m, r) => {
        for (let i = 0; i < 5; i++) rerender(m, r);
      },
    ),
  ),
  fc.constantFrom('Ada', 'Bob', 'Cyd').map((name) =>
    step(
      `data ${name}`,
      (m) => m.name !== name,
      (m) => {
        m.name = name;
      },
      rerender,
    ),
  ),
  fc.constant(
    step(
      'toggle enabled',
      () => true,
      (m) => {
        m.enabled = !m.enabled;
      },
      rerender,
    ),
  ),
  fc.constant(
    step(
      'toggle listenOnly',
      () => true,
      (m) => {
        m.listenOnly = !m.listenOnly;
      },
      rerender,
    ),
  ),
  fc.constant(
    step(
      'drop connection',
      (m) => m.mounted && m.enabled,
      () => {},
      async (_m, r) => {
        await r.t.drop();
        await eventually(() => r.clients.a.status.getSnapshot().status !== 'connected', 'dropped', 5_000).catch(() => {});
      },
    ),
  ),
];

describe.each(TARGETS)('usePresence, model-based (%s convention)', (_name, start) => {
  let t: ReactTarget;
  let peers: RealtimeClient[];
  let spy: RealtimeClient;
  const counts: Record<string, number> = {};
  let unmountPeers: () => void;
  beforeAll(async () => {
    t = await start();
    const base = t.channel.slice(0, t.channel.lastIndexOf('/') + 1); // '/default/' or ''
    ROOMS = ['m1', 'm2', 'm3'].map((n) => `${base}${n}`);
    PEER_OF = { [ROOMS[0]!]: 'peer-1', [ROOMS[1]!]: 'peer-2' };
    peers = [t.client(), t.client()];
    const views = peers.map((c, i) =>
      render(
        <ChannelKitProvider client={c}>
          <Peer channel={ROOMS[i]!} user={`peer-${i + 1}`} />
        </ChannelKitProvider>,
      ),
    );
    unmountPeers = () => {
      for (const v of views) v.unmount();
    };
    spy = t.client();
    for (const room of ROOMS) {
      const h = spy.channel<PresenceSignal>(`${room}/presence`);
      h.subscribe({
        onEvent: (s) => {
          const k = `${room}|${s.user}:${s.type}`;
          counts[k] = (counts[k] ?? 0) + 1;
        },
      });
    }
    await eventually(() => ROOMS.every((room) => spy.channel(`${room}/presence`).state.getSnapshot().status === 'subscribed'), 'wiretaps subscribed');
  });
  afterAll(async () => {
    unmountPeers();
    await t.close();
  });

  it.prop([fc.commands(commands, { size: '+1', maxCommands: 20 })], { seed: 1717, numRuns: 15, endOnFailure: true })(
    'random app sessions keep members to their channel, frames and renders bounded, no exception',
    async (cmds) => {
      const clients = { a: t.client(), b: t.client() };
      const real: Real = { clients, t, counts, out: { renders: 0, view: undefined, log: [], errors: [] }, tree: undefined };
      // Sessions start mounted, as an app's page does; `unmount`/`mount` are commands.
      const model: Model = { mounted: true, room: 0, client: 'a', name: 'Ada', enabled: true, listenOnly: false };
      try {
        await fc.asyncModelRun(() => {
          real.tree = render(tree(real, model));
          return { model, real };
        }, cmds);
      } finally {
        real.tree?.unmount();
        clients.a.close();
        clients.b.close();
      }
    },
    60_000,
  );
});
