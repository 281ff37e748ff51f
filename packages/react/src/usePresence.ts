'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { ChannelKitError, type PresenceMember } from '@channelkit/transport';
import { frameScheduler, siblingChannel, useChannelKit, useStoreSelector, EMPTY } from './ChannelKitProvider.js';

/**
 * Options of {@link usePresence}. Write them inline: only `client`, `channel` and `enabled`
 * re-subscribe; `data` is compared by value (its JSON, which is what goes on the wire), so a
 * fresh literal with the same content sends nothing.
 *
 * @example
 * ```ts
 * const options: UsePresenceOptions<{ name: string }> = { user: 'u-1', data: { name: 'Ada' }, heartbeatMs: 10_000 };
 * ```
 */
export interface UsePresenceOptions<U, S = PresenceView<U>> {
  /** Who this is: members are deduplicated by it (default: a random id per hook). */
  user?: string | undefined;
  /** What others see of this member (JSON-serialisable: it is compared and sent as JSON). */
  data?: U | undefined;
  /** Convention only: how often to re-announce (default 15 s). */
  heartbeatMs?: number | undefined;
  /** Convention only: a member not heard from for this long is gone (default 3 × heartbeat). */
  timeoutMs?: number | undefined;
  /** `false`: no subscription and nothing published; the hook returns the empty view. */
  enabled?: boolean | undefined;
  /**
   * `true`: observe the members without entering. Convention: no enter, heartbeat, update or
   * leave of one's own (a `sync` asks the others to answer with a heartbeat). Native: no data
   * is published — membership there is the backend's (Hotsock: subscribers of a `presence.*`
   * channel; Chime: channel memberships), so this client may still be listed.
   */
  listenOnly?: boolean | undefined;
  client?: string | undefined;
  /**
   * Picks the slice the component renders: it renders again only when the slice changes (by
   * `isEqual`), not on every presence change. Read at render: an inline function is fine.
   */
  select?: ((view: PresenceView<U>) => S) | undefined;
  /** How two slices compare (default `Object.is`; e.g. a shallow compare for arrays). */
  isEqual?: ((a: S, b: S) => boolean) | undefined;
}

/**
 * One member as {@link usePresence} lists it, its data typed by the hook's generic. The data
 * is what a peer sent: validate it before trusting its shape.
 *
 * @example
 * ```ts
 * const label = (m: PresenceMemberOf<{ name: string }>) => m.data?.name ?? m.id;
 * ```
 */
export interface PresenceMemberOf<U> extends PresenceMember {
  readonly data?: U;
}

/**
 * What {@link usePresence} returns (and what its selector receives).
 *
 * @example
 * ```ts
 * const { members, self, update }: PresenceView<{ name: string }> = view;
 * ```
 */
export interface PresenceView<U> {
  /** One entry per user, sorted by id. */
  readonly members: readonly PresenceMemberOf<U>[];
  readonly self: PresenceMemberOf<U> | undefined;
  /** Publishes new data (stable per channel; rejects with INVALID_ARGUMENT in listen-only mode). */
  readonly update: (data: U) => Promise<void>;
  /** `native` (backend presence) or `convention` (a sibling channel, see the README). */
  readonly mode: 'native' | 'convention';
  readonly error: ChannelKitError | undefined;
}

/**
 * A message of the presence convention on the sibling channel `<channel>/presence`.
 *
 * @example
 * ```ts
 * const hello: PresenceSignal = { type: 'enter', user: 'u-1', instance: 'a8f…', data: { name: 'Ada' } };
 * ```
 */
export interface PresenceSignal {
  /** `sync`: a listen-only observer asks for heartbeats; it is not a member. */
  readonly type: 'enter' | 'heartbeat' | 'leave' | 'update' | 'sync';
  readonly user: string;
  /** One per hook instance (tab): a user with two tabs leaves when both have left. */
  readonly instance: string;
  readonly data?: unknown;
}

/** A `useSyncExternalStore` store of one presence view. */
interface PresenceSource<U> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): PresenceView<U>;
  getServerSnapshot(): PresenceView<U>;
}

/**
 * Who is on a channel. Natively where the backend has presence (`channel.presence`); on
 * AppSync Events and API Gateway through the convention in the README: `enter` when
 * subscribed, `heartbeat` every `heartbeatMs` (and in reply to a newcomer's `enter`),
 * `update`, `leave` on unmount, and a timeout for members that vanish without leaving.
 *
 * Options may be written inline (see {@link UsePresenceOptions}). With `select` (and an
 * optional `isEqual`, default `Object.is`) the hook returns the selected slice and re-renders
 * only when it changes — zustand's `useStore(api, selector, equalityFn)` (`src/react.ts`),
 * Liveblocks' `useOthers(selector, isEqual)`; the same options as `useChannel`'s.
 *
 * @example
 * ```ts
 * function WhoIsHere({ me }: { me: string }) {
 *   const { members } = usePresence<{ name: string }>('/default/room', { user: me, data: { name: me } });
 *   const count = usePresence('/default/room', { listenOnly: true, select: (p) => p.members.length });
 *   return `${count}: ${members.map((m) => m.data?.name ?? m.id).join(', ')}`;
 * }
 * ```
 */
export function usePresence<U = unknown, S = PresenceView<U>>(channel: string, options: UsePresenceOptions<U, S> = {}): S {
  const source = usePresenceSource<U>(channel, options);
  return useStoreSelector(source.subscribe, source.getSnapshot, source.getServerSnapshot, options.select ?? (identity as (view: PresenceView<U>) => S), options.isEqual);
}

/**
 * The engine of {@link usePresence}: leases the channel (or its presence sibling), announces
 * this member unless listen-only, and returns a store of the presence view whose identity
 * changes only with (client, channel, enabled, listen-only). It never re-renders by itself:
 * the selector decides.
 */
function usePresenceSource<U>(channel: string, options: Omit<UsePresenceOptions<U>, 'select' | 'isEqual'>): PresenceSource<U> {
  const runtime = useChannelKit();
  const clientName = options.client;
  const client = runtime.client(clientName);
  const enabled = options.enabled !== false;
  const listenOnly = options.listenOnly === true;
  const handle = client.channel(channel);
  const native = handle.presence !== undefined;
  const siblingName = native ? handle.name : siblingChannel(handle.name, 'presence');
  const feed = runtime.feed<PresenceSignal>(siblingName, clientName);
  const sibling = client.channel<PresenceSignal>(siblingName);
  const [instance] = React.useState(() => Math.random().toString(36).slice(2));
  const user = options.user ?? instance;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? heartbeatMs * 3;

  // Data by value, not identity (ably's usePresence keeps it in a ref for the same reason:
  // `src/platform/react-hooks/src/hooks/usePresence.ts`, "messageOrPresenceObjectRef"). An
  // inline literal is a new object every render; keyed on identity, each render sent an update
  // and, on Hotsock, the update's echo rendered again: a loop. `dataRef` changes only when the
  // option's value does, so an explicit update() sticks until the option itself changes.
  const dataKey = jsonKey(options.data);
  const dataRef = React.useRef<{ key: string | undefined; data: unknown }>({ key: dataKey, data: options.data });
  if (dataRef.current.key !== dataKey) dataRef.current = { key: dataKey, data: options.data };

  // The convention's member table is keyed by (client, channel): after a switch the first render
  // reads the new channel's table (empty until its members answer), never the previous one's.
  const tableKey = runtime.key(clientName, siblingName);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the point: one table per (client, channel).
  const table = React.useMemo(() => createTable(), [tableKey]);

  // Native presence leases the channel itself; the convention leases its sibling below, with a
  // handler. A lease, not `useFeed`: reading the feed here would re-render on every change and
  // defeat the selector.
  React.useEffect(() => (enabled && native ? feed.acquire() : undefined), [feed, enabled, native]);

  // The convention's sender, for the data effect and update(): undefined until entered.
  const announce = React.useRef<((type: 'update') => void) | undefined>(undefined);

  React.useEffect(() => {
    if (!enabled || native) return;
    let sentKey: string | undefined;
    const send = (type: PresenceSignal['type']) => {
      const { key, data } = dataRef.current;
      // JSON drops `data: undefined`: no data key on the wire.
      const signal: PresenceSignal = type === 'sync' ? { type, user, instance } : { type, user, instance, data };
      if (type !== 'leave' && type !== 'sync') table.put(instance, user, data, Date.now());
      sentKey = key;
      sibling.publish(signal).catch(() => {}); // the channel's state carries errors
    };
    let announced = false;
    const release = feed.acquire((signal) => {
      if (!signal || typeof signal !== 'object' || typeof signal.instance !== 'string' || typeof signal.user !== 'string') return;
      if (signal.instance === instance) return;
      if (signal.type === 'leave') table.remove(signal.instance);
      else if (signal.type !== 'sync') table.put(signal.instance, signal.user, signal.data, Date.now());
      // A newcomer (member or observer) learns about everyone at once instead of after a heartbeat.
      if ((signal.type === 'enter' || signal.type === 'sync') && !listenOnly) send('heartbeat');
    });
    // Enter once subscribed, and again after every reconnect (what others saw may be stale).
    let lastDiscontinuities = sibling.state.getSnapshot().discontinuities;
    const onState = () => {
      const s = sibling.state.getSnapshot();
      if (s.status !== 'subscribed') return;
      if (!announced || s.discontinuities !== lastDiscontinuities) {
        announced = true;
        lastDiscontinuities = s.discontinuities;
        send(listenOnly ? 'sync' : 'enter');
      }
    };
    const stateOff = sibling.state.subscribe(onState);
    onState();
    if (!listenOnly) announce.current = (type) => announced && sentKey !== dataRef.current.key && send(type);
    const beat = setInterval(
      () => {
        if (!listenOnly && sibling.state.getSnapshot().status === 'subscribed') send('heartbeat');
        table.expire(Date.now() - timeoutMs, instance);
      },
      Math.min(heartbeatMs, timeoutMs / 2),
    );
    return () => {
      announce.current = undefined;
      clearInterval(beat);
      stateOff();
      if (announced && !listenOnly) send('leave');
      // The table is this channel's: what it held is stale once nobody listens.
      table.clear();
      release();
    };
  }, [enabled, native, listenOnly, feed, sibling, user, instance, heartbeatMs, timeoutMs, table]);

  // Convention: the option's data changed by value → one update (the heartbeat carries it too).
  React.useEffect(() => {
    if (dataKey !== undefined) announce.current?.('update');
  }, [dataKey]);

  // Native: announce our data once subscribed (an update before that has no connection to name
  // and is lost), again after every re-subscription, and otherwise only when its value changes.
  React.useEffect(() => {
    if (!enabled || !native || listenOnly || dataKey === undefined) return;
    let sent = false;
    const onState = () => {
      const subscribed = handle.state.getSnapshot().status === 'subscribed';
      if (subscribed && !sent) handle.presence!.update(dataRef.current.data).catch(() => {});
      sent = subscribed;
    };
    onState();
    return handle.state.subscribe(onState);
  }, [enabled, native, listenOnly, handle, dataKey]);

  const update = React.useMemo(
    () =>
      listenOnly
        ? async (_data: U) => {
            throw new ChannelKitError('INVALID_ARGUMENT', 'usePresence: update() in listen-only mode would enter the channel; drop `listenOnly` to publish data');
          }
        : native
          ? async (data: U) => {
              dataRef.current = { key: dataRef.current.key, data };
              if (enabled) await handle.presence!.update(data);
            }
          : async (data: U) => {
              dataRef.current = { key: dataRef.current.key, data };
              if (!enabled) return; // kept for when the hook is enabled; nothing published meanwhile
              table.put(instance, user, data, Date.now());
              const r = await sibling.publish({ type: 'update', user, instance, data });
              const f = r.failed[0];
              if (f) throw new ChannelKitError('PUBLISH_FAILED', f.message, { details: { code: f.code } });
            },
    [listenOnly, native, enabled, handle, sibling, table, instance, user],
  );

  // The store the hooks read: one per (feed, table, mode) — a new one only when a key changes.
  return React.useMemo(() => {
    const mode = native ? 'native' : 'convention';
    if (!enabled) {
      const idle: PresenceView<U> = { members: EMPTY, self: undefined, update, mode, error: undefined };
      return { subscribe: () => () => {}, getSnapshot: () => idle, getServerSnapshot: () => idle };
    }
    let last: { rows: unknown; state: unknown; view: PresenceView<U> } | undefined;
    const serverView: PresenceView<U> = { members: EMPTY, self: undefined, update, mode, error: undefined };
    const getSnapshot = (): PresenceView<U> => {
      const { state } = feed.getSnapshot();
      const rows = native ? state.members : table.getSnapshot();
      if (last && last.rows === rows && last.state === state) return last.view;
      const members = byUser((rows ?? EMPTY) as readonly PresenceMemberOf<U>[]);
      const self = native ? (handle.presence!.self() as PresenceMemberOf<U> | undefined) : listenOnly ? undefined : members.find((m) => m.id === user);
      const view: PresenceView<U> = { members, self, update, mode, error: state.error };
      last = { rows, state, view };
      return view;
    };
    return {
      subscribe(listener: () => void) {
        const offFeed = feed.subscribe(listener);
        const offTable = table.subscribe(listener);
        return () => {
          offFeed();
          offTable();
        };
      },
      getSnapshot,
      getServerSnapshot: () => serverView,
    };
  }, [enabled, native, listenOnly, feed, table, handle, update, user]);
}

function identity<T>(x: T): T {
  return x;
}

/** One member per user, sorted by id (a user with two tabs is one member). */
function byUser<U>(list: readonly PresenceMemberOf<U>[]): readonly PresenceMemberOf<U>[] {
  if (list.length === 0) return EMPTY;
  const seen = new Map<string, PresenceMemberOf<U>>();
  for (const m of list) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The value key of presence data: its JSON (what the wire carries); throws on what JSON cannot carry. */
function jsonKey(data: unknown): string | undefined {
  if (data === undefined) return undefined;
  try {
    return JSON.stringify(data);
  } catch (cause) {
    throw new ChannelKitError('INVALID_ARGUMENT', 'usePresence: options.data must be JSON-serialisable (it is sent and compared as JSON)', { cause });
  }
}

interface Row {
  user: string;
  data: unknown;
  seen: number;
}

/** instance → row; the snapshot is the member list (one per instance, deduplicated later). */
function createTable() {
  const rows = new Map<string, Row>();
  const listeners = new Set<() => void>();
  let snapshot: readonly PresenceMember[] = EMPTY;
  const schedule = frameScheduler(() => {
    const next = [...rows.values()].map((r) => (r.data === undefined ? { id: r.user } : { id: r.user, data: r.data }));
    snapshot = next.length === 0 ? EMPTY : next;
    for (const l of [...listeners]) l();
  });
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    put(instance: string, user: string, data: unknown, now: number) {
      const prev = rows.get(instance);
      rows.set(instance, { user, data, seen: now });
      if (!prev || prev.user !== user || JSON.stringify(prev.data) !== JSON.stringify(data)) schedule();
    },
    remove(instance: string) {
      if (rows.delete(instance)) schedule();
    },
    expire(before: number, keep: string) {
      for (const [instance, row] of rows) if (instance !== keep && row.seen < before && rows.delete(instance)) schedule();
    },
    clear() {
      if (rows.size === 0) return;
      rows.clear();
      schedule();
    },
  };
}
