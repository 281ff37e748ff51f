// Model-based test of the hooks (issue 17): fast-check generates sequences of what apps and
// networks do — mount, unmount, remount under StrictMode, channel switches, options written as
// fresh literals, a client swap, publishes, retries, dropped connections, a peer's hostile
// payloads — and after every step checks what must always hold:
//   - renders per step are bounded (no render loop), and so are history requests;
//   - no render ever shows an event or message of another channel;
//   - nothing published is missing once a room has settled (the app's history API keeps every
//     message, as a history backend would: what was published while away must come back);
//   - one wire subscription per channel per connection (the emulator's GET /connections);
//   - no exception reaches the error boundary.
// Over the emulator's real sockets (AppSync Events). Seeded and bounded: a failure prints the
// seed and path; replay with FC_SEED=… FC_PATH=… (and FC_RUNS=… for longer local runs).
import { act, cleanup, render } from '@testing-library/react';
import { fc } from '@fast-check/vitest';
import { Component, type ReactNode, StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { WebSocket } from 'ws';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type HistoryFetcher, type HistoryMessage, type LiveEvent, type PublishView, useChannel, useMessageHistory, usePublish } from '@channelkit/react';
import { adminCall } from './react-harness.js';

type Item = { id: string; ch: string; text: string };
const CHANNELS = 3;
const SLOTS = 2;
/** The slots' names (keys: a remount changes the epoch in the key, a slot keeps its name). */
const SLOT_IDS = Array.from({ length: SLOTS }, (_, i) => `slot-${i}`);
const RUNS = Number(process.env.FC_RUNS ?? 20);
const SEED = Number(process.env.FC_SEED ?? 170_017);

/** What peers send that the hooks must survive (and never show in another channel). */
const HOSTILE: ReadonlyArray<(ch: string) => unknown> = [
  () => null,
  () => [1, 2, 3],
  () => 'a bare string',
  () => 42,
  (ch) => ({ id: 42, ch, text: { nested: { deep: [null] } } }),
  (ch) => ({ ch, text: 'x'.repeat(100_000) }),
  (ch) => JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"ch":"${ch}","text":"proto"}`),
  (ch) => ({ ch, $changes: { id: 42, action: 'explode' } }),
  (ch) => ({ ch, $changes: null, text: 'null changes' }),
  (ch) => ({ id: '', ch, text: 'empty id' }),
];

type Cmd =
  | { t: 'mount' | 'unmount' | 'publish' | 'retry'; slot: number }
  | { t: 'channel'; slot: number; ch: number }
  | { t: 'peer'; ch: number; hostile: number }
  | { t: 'rerender' | 'remount' | 'swap' | 'drop' }
  | { t: 'wait'; ms: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constantFrom('mount' as const, 'unmount' as const, 'publish' as const, 'retry' as const), slot: fc.nat(SLOTS - 1) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('channel' as const), slot: fc.nat(SLOTS - 1), ch: fc.nat(CHANNELS - 1) }) },
  // A peer's message (hostile: -1), or one of the hostile payloads.
  { weight: 3, arbitrary: fc.record({ t: fc.constant('peer' as const), ch: fc.nat(CHANNELS - 1), hostile: fc.constant(-1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('peer' as const), ch: fc.nat(CHANNELS - 1), hostile: fc.nat(HOSTILE.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('rerender' as const, 'remount' as const, 'swap' as const, 'drop' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 50, max: 600 }) }) },
);

type SlotOut = { renders: number; channel?: string; events?: readonly LiveEvent<Item>[]; messages?: readonly HistoryMessage<Item>[]; pub?: PublishView<Item> };
type World = { violations: string[]; errors: unknown[]; fetches: number; fetcher: HistoryFetcher<Item>; slots: SlotOut[] };

const chOf = (data: unknown) => (data !== null && typeof data === 'object' && typeof (data as { ch?: unknown }).ch === 'string' ? (data as { ch: string }).ch : undefined);

function Slot({ channel, world, index, n }: { channel: string; world: World; index: number; n: number }) {
  const out = world.slots[index]!;
  out.renders++;
  // Options and callbacks as apps write them: fresh literals on every render.
  const live = useChannel<Item>(channel, () => n, { limit: 50 });
  const history = useMessageHistory<Item>(channel, { pageSize: 100, fetcher: (r) => world.fetcher(r) });
  const pub = usePublish<Item>(channel, {});
  for (const e of live.events) if (chOf(e.data) !== undefined && chOf(e.data) !== channel) world.violations.push(`useChannel(${channel}) showed ${chOf(e.data)}`);
  for (const m of history.messages) if (chOf(m.data) !== undefined && chOf(m.data) !== channel) world.violations.push(`useMessageHistory(${channel}) showed ${chOf(m.data)}`);
  out.channel = channel;
  out.events = live.events;
  out.messages = history.messages;
  out.pub = pub;
  return null;
}

class Boundary extends Component<{ world: World; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.world.errors.push(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

type Model = { mounted: boolean[]; channel: number[]; client: number; epoch: number; n: number };

function App({ model, clients, names, world }: { model: Model; clients: RealtimeClient[]; names: string[]; world: World }) {
  return (
    <StrictMode>
      <Boundary world={world}>
        <ChannelKitProvider client={clients[model.client]!} gcTimeMs={300}>
          {SLOT_IDS.map((slot, i) => (model.mounted[i] ? <Slot key={`${slot}-${model.epoch}`} index={i} channel={names[model.channel[i]!]!} world={world} n={model.n} /> : null))}
        </ChannelKitProvider>
      </Boundary>
    </StrictMode>
  );
}

let e: RunningEmulator;
beforeAll(async () => {
  e = await startEmulator({ port: 0, appsync: { namespaces: { default: {} } } });
});
afterAll(async () => {
  await e.close();
});

const settle = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await settle(25);
  }
  return true;
}

describe('hooks under random app and network behaviour (model-based, seeded)', () => {
  let run = 0;
  it(`holds every invariant after every step (${RUNS} runs, seed ${SEED})`, async () => {
    const path = process.env.FC_PATH;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 6, maxLength: 18 }), async (cmds) => {
        run++;
        const names = Array.from({ length: CHANNELS }, (_, i) => `/default/m${run}-${i}`);
        const make = () =>
          createClient({
            backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }),
            WebSocket,
            releaseGraceMs: 100,
            backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
          });
        const clients = [make(), make()];
        const peer = make();
        // The app's history API: every message published, by channel (what its server stores).
        // Each room starts with one stored message, so every view has history to get wrong.
        const stored = new Map<string, Item[]>(names.map((ch, i) => [ch, [{ id: `r${run}-s${i}`, ch, text: 'stored before' }]]));
        const world: World = {
          violations: [],
          errors: [],
          fetches: 0,
          slots: Array.from({ length: SLOTS }, () => ({ renders: 0 })),
          fetcher: async ({ channel }) => {
            world.fetches++;
            return { items: (stored.get(channel) ?? []).map((m) => ({ id: m.id, data: m })), hasMore: false };
          },
        };
        const model: Model = { mounted: [true, false], channel: [0, 1], client: 0, epoch: 0, n: 0 };
        let seq = 0;
        const view = render(<App model={{ ...model }} clients={clients} names={names} world={world} />);
        const update = () => view.rerender(<App model={{ ...model, mounted: [...model.mounted], channel: [...model.channel] }} clients={clients} names={names} world={world} />);
        const mountedSlots = () => model.mounted.flatMap((on, i) => (on ? [i] : []));
        const settled = () =>
          mountedSlots().every((i) => {
            const out = world.slots[i]!;
            const want = stored.get(names[model.channel[i]!]!) ?? [];
            const ids = new Set(out.messages?.map((m) => m.id));
            return out.channel === names[model.channel[i]!] && want.every((m) => ids.has(m.id));
          });
        const missing = () =>
          mountedSlots().flatMap((i) => {
            const out = world.slots[i]!;
            const ids = new Set(out.messages?.map((m) => m.id));
            return (stored.get(names[model.channel[i]!]!) ?? []).filter((m) => !ids.has(m.id)).map((m) => `slot ${i} on ${out.channel}: ${m.id}`);
          });
        try {
          await settle(50);
          for (const c of cmds) {
            const renders = world.slots.reduce((n, s) => n + s.renders, 0);
            const fetches = world.fetches;
            switch (c.t) {
              case 'mount':
              case 'unmount':
                model.mounted[c.slot] = c.t === 'mount';
                update();
                break;
              case 'channel':
                model.channel[c.slot] = c.ch;
                update();
                break;
              case 'rerender':
                model.n++;
                update();
                break;
              case 'remount':
                model.epoch++;
                update();
                break;
              case 'swap':
                model.client = 1 - model.client;
                update();
                break;
              case 'publish': {
                const pub = model.mounted[c.slot] ? world.slots[c.slot]!.pub : undefined;
                if (!pub) break;
                const ch = names[model.channel[c.slot]!]!;
                const item = { id: `r${run}-p${++seq}`, ch, text: `from slot ${c.slot}` };
                stored.set(ch, [...(stored.get(ch) ?? []), item]);
                act(() => void pub.publish(item).catch(() => undefined));
                break;
              }
              case 'retry': {
                const pub = model.mounted[c.slot] ? world.slots[c.slot]!.pub : undefined;
                const entry = pub?.entries[0];
                if (!pub || !entry) break;
                const result = await act(() => pub.retry(entry.localId).catch(() => 'rejected'));
                if (entry.status !== 'failed' && result !== undefined) world.violations.push(`retry re-sent a ${entry.status} entry`);
                break;
              }
              case 'peer': {
                const ch = names[c.ch]!;
                if (c.hostile < 0) {
                  const item = { id: `r${run}-x${++seq}`, ch, text: 'from a peer' };
                  stored.set(ch, [...(stored.get(ch) ?? []), item]);
                  await peer.channel<Item>(ch).publish(item);
                } else await peer.channel<unknown>(ch).publish(HOSTILE[c.hostile]!(ch));
                break;
              }
              case 'drop':
                await adminCall(`${e.endpoints.admin}/faults`, 'POST', { backend: 'appsync', action: 'drop' });
                break;
              case 'wait':
                await settle(c.ms);
                if (!(await until(settled, 6_000))) world.violations.push(`after waiting, missing: ${missing().join(', ')}`);
                break;
            }
            await settle(40);
            // Bounded: a step costs a few renders per slot (StrictMode doubles them), not a loop.
            const spent = world.slots.reduce((n, s) => n + s.renders, 0) - renders;
            if (spent > 80) world.violations.push(`${c.t}: ${spent} renders`);
            if (world.fetches - fetches > 12) world.violations.push(`${c.t}: ${world.fetches - fetches} history requests`);
            const connections = (await adminCall(`${e.endpoints.admin}/connections`)) as Array<{ backend: string; channels: string[] }>;
            for (const conn of connections) if (new Set(conn.channels).size !== conn.channels.length) world.violations.push(`${c.t}: a connection subscribed one channel twice: ${conn.channels}`);
            expect(world.errors, `after ${c.t}`).toEqual([]);
            expect(world.violations, `after ${c.t}`).toEqual([]);
          }
          // Whatever happened, a room that settles shows everything that was published to it.
          if (!(await until(settled, 8_000))) world.violations.push(`at the end, missing: ${missing().join(', ')}`);
          expect(world.violations).toEqual([]);
          expect(world.errors).toEqual([]);
        } finally {
          view.unmount();
          cleanup();
          for (const c of [...clients, peer]) c.close();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, ...(path ? { path } : {}) },
    );
  }, 120_000);
});
