// Model-based test of usePresence on Hotsock's native presence (presence.* channels, emulator,
// real sockets): the same random app sessions as react-presence.model.test.tsx — mount,
// unmount, StrictMode remount, room switch, fresh inline data literals, a changed data value,
// `enabled` and `listenOnly` toggles, a dropped connection — with these invariants after each
// step: no render shows another room's member, umd updates (the request behind every presence
// data change, whose echo used to loop, defect 2) and renders stay bounded, nothing reaches an
// error boundary, and the members converge (on Hotsock every subscriber is a member, listen-only
// included, so "me" is listed whenever enabled). Seeded and bounded; failures print seed + path.
import { fc, it } from '@fast-check/vitest';
import { render } from '@testing-library/react';
import { Component, type ReactNode, StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type PresenceView, usePresence } from '@channelkit/react';
import { hotsockClient, mint, OPEN_CHANNEL } from './_hotsock.js';
import { adminCall, eventually, nodeFetch } from './react-harness.js';

type Data = { name: string };
const ROOMS = ['presence.m1', 'presence.m2', 'presence.m3'] as const; // m3 has nobody else
const PEER_OF: Record<string, string | undefined> = { 'presence.m1': 'peer-1', 'presence.m2': 'peer-2' };
const PEERS = new Set(['peer-1', 'peer-2']);

interface Model {
  mounted: boolean;
  room: 0 | 1 | 2;
  name: string;
  enabled: boolean;
  listenOnly: boolean;
}
interface Real {
  client: RealtimeClient;
  umd: { updates: number };
  out: { renders: number; view: PresenceView<Data> | undefined; log: Array<{ channel: string; ids: string[] }>; errors: unknown[] };
  tree: { unmount(): void; rerender(node: ReactNode): void } | undefined;
}

let e: RunningEmulator;
const all: RealtimeClient[] = [];
function client(uid: string) {
  const umd = { updates: 0 };
  const c = hotsockClient(e, {
    fetch: nodeFetch,
    claims: { uid, umd: { name: uid }, channels: { '*': OPEN_CHANNEL, 'presence.*': { ...OPEN_CHANNEL, subscribe: true } } },
    backend: {
      umdToken: ({ channel, umd: data }) => {
        umd.updates++;
        return mint(e, { scope: 'umd', uid, umd: data, channels: { [channel]: { umdUpdate: true } } });
      },
    },
  });
  all.push(c);
  return { c, umd };
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
  const channel = ROOMS[m.room];
  // A fresh options object and data literal on every render, as apps write them.
  const view = usePresence<Data>(channel, { data: { name: m.name }, enabled: m.enabled, listenOnly: m.listenOnly });
  out.renders++;
  out.view = view;
  out.log.push({ channel, ids: view.members.map((x) => x.id) });
  return null;
}

function Peer({ channel }: { channel: string }) {
  usePresence<Data>(channel, { data: { name: 'peer' } });
  return null;
}

const tree = (r: Real, m: Model) => (
  <StrictMode>
    <ChannelKitProvider client={r.client}>
      <Boundary errors={r.out.errors}>
        <Me m={{ ...m }} out={r.out} />
      </Boundary>
    </ChannelKitProvider>
  </StrictMode>
);

async function check(m: Model, r: Real, before: { renders: number; log: number; updates: number }, dataChanged: boolean) {
  expect(r.out.errors).toEqual([]);
  for (const row of r.out.log.slice(before.log)) for (const id of row.ids) if (PEERS.has(id)) expect([row.channel, id]).toEqual([row.channel, PEER_OF[row.channel]]);
  if (m.mounted) {
    const channel = ROOMS[m.room];
    const want = !m.enabled ? [] : ['me', ...(PEER_OF[channel] ? [PEER_OF[channel]!] : [])].sort();
    await eventually(() => JSON.stringify(r.out.view?.members.map((x) => x.id)) === JSON.stringify(want), `members ${want.join(',') || '(none)'} on ${channel}`, 5_000);
  }
  await new Promise((res) => setTimeout(res, 50));
  // StrictMode's mount runs the announcing effect twice; a drop re-announces once per re-subscription.
  expect(r.umd.updates - before.updates).toBeLessThanOrEqual(dataChanged ? 3 : 2);
  if (m.listenOnly) expect(r.umd.updates - before.updates).toBe(0);
  expect(r.out.renders - before.renders).toBeLessThanOrEqual(40);
}

type Cmd = fc.AsyncCommand<Model, Real>;
const step = (label: string, can: (m: Model) => boolean, apply: (m: Model) => boolean | undefined, act: (m: Model, r: Real) => Promise<void> | void): Cmd => ({
  check: can,
  async run(m, r) {
    const before = { renders: r.out.renders, log: r.out.log.length, updates: r.umd.updates };
    const dataChanged = apply(m) === true;
    await act(m, r);
    await check(m, r, before, dataChanged);
  },
  toString: () => label,
});
const rerender = (m: Model, r: Real) => r.tree?.rerender(tree(r, m));
const set =
  <K extends keyof Model>(k: K, v: (m: Model) => Model[K]) =>
  (m: Model) => {
    m[k] = v(m);
    return k === 'name' || k === 'room' || k === 'enabled' || k === 'listenOnly';
  };

const commands = [
  fc.constant(
    step(
      'unmount',
      (m) => m.mounted,
      set('mounted', () => false),
      (_m, r) => {
        r.tree?.unmount();
        r.tree = undefined;
      },
    ),
  ),
  fc.constant(
    step(
      'mount',
      (m) => !m.mounted,
      set('mounted', () => true),
      (m, r) => {
        r.tree = render(tree(r, m));
      },
    ),
  ),
  fc.constant(
    step(
      'strict remount',
      (m) => m.mounted,
      () => true,
      (m, r) => {
        r.tree?.unmount();
        r.tree = render(tree(r, m));
      },
    ),
  ),
  fc.constantFrom(0 as const, 1 as const, 2 as const).map((room) =>
    step(
      `room ${room + 1}`,
      (m) => m.mounted && m.room !== room,
      set('room', () => room),
      rerender,
    ),
  ),
  fc.constant(
    step(
      'fresh literals',
      (m) => m.mounted,
      () => undefined,
      (m, r) => {
        for (let i = 0; i < 5; i++) rerender(m, r);
      },
    ),
  ),
  fc.constantFrom('Ada', 'Bob').map((name) =>
    step(
      `data ${name}`,
      (m) => m.name !== name,
      set('name', () => name),
      rerender,
    ),
  ),
  fc.constant(
    step(
      'toggle enabled',
      () => true,
      set('enabled', (m) => !m.enabled),
      rerender,
    ),
  ),
  fc.constant(
    step(
      'toggle listenOnly',
      () => true,
      set('listenOnly', (m) => !m.listenOnly),
      rerender,
    ),
  ),
  fc.constant(
    step(
      'drop connection',
      (m) => m.mounted && m.enabled,
      () => true,
      async () => {
        await adminCall(`${e.endpoints.admin}/faults`, 'POST', { backend: 'hotsock', action: 'drop' });
      },
    ),
  ),
];

describe('usePresence, model-based (Hotsock native presence)', () => {
  let unmountPeers: () => void;
  beforeAll(async () => {
    e = await startEmulator({ port: 0 });
    const views = ['peer-1', 'peer-2'].map((uid, i) =>
      render(
        <ChannelKitProvider client={client(uid).c}>
          <Peer channel={ROOMS[i]!} />
        </ChannelKitProvider>,
      ),
    );
    unmountPeers = () => {
      for (const v of views) v.unmount();
    };
  });
  afterAll(async () => {
    unmountPeers();
    for (const c of all) c.close();
    await e.close();
  });

  it.prop([fc.commands(commands, { size: '+1', maxCommands: 16 })], { seed: 4242, numRuns: 10, endOnFailure: true })(
    'random app sessions keep members to their room, umd updates and renders bounded, no exception',
    async (cmds) => {
      const { c, umd } = client('me');
      const real: Real = { client: c, umd, out: { renders: 0, view: undefined, log: [], errors: [] }, tree: undefined };
      const model: Model = { mounted: true, room: 0, name: 'Ada', enabled: true, listenOnly: false };
      try {
        await fc.asyncModelRun(() => {
          real.tree = render(tree(real, model));
          return { model, real };
        }, cmds);
      } finally {
        real.tree?.unmount();
        c.close();
      }
    },
    60_000,
  );
});
