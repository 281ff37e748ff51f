'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { ChannelKitError, type PresenceMember } from '@channelkit/transport';
import { frameScheduler, siblingChannel, useChannelKit, useFeed, EMPTY } from './ChannelKitProvider.js';

/**
 * Options of {@link usePresence}.
 *
 * @example
 * ```ts
 * const options: UsePresenceOptions<{ name: string }> = { user: 'u-1', data: { name: 'Ada' }, heartbeatMs: 10_000 };
 * ```
 */
export interface UsePresenceOptions<U> {
  /** Who this is: members are deduplicated by it (default: a random id per hook). */
  user?: string | undefined;
  /** What others see of this member. */
  data?: U | undefined;
  /** Convention only: how often to re-announce (default 15 s). */
  heartbeatMs?: number | undefined;
  /** Convention only: a member not heard from for this long is gone (default 3 × heartbeat). */
  timeoutMs?: number | undefined;
  enabled?: boolean | undefined;
  client?: string | undefined;
}

/**
 * What {@link usePresence} returns.
 *
 * @example
 * ```ts
 * const { members, self, update }: PresenceView<{ name: string }> = view;
 * ```
 */
export interface PresenceView<U> {
  /** One entry per user, sorted by id. */
  readonly members: readonly PresenceMember[];
  readonly self: PresenceMember | undefined;
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
  readonly type: 'enter' | 'heartbeat' | 'leave' | 'update';
  readonly user: string;
  /** One per hook instance (tab): a user with two tabs leaves when both have left. */
  readonly instance: string;
  readonly data?: unknown;
}

/**
 * Who is on a channel. Natively where the backend has presence (`channel.presence`); on
 * AppSync Events and API Gateway through the convention in the README: `enter` when
 * subscribed, `heartbeat` every `heartbeatMs` (and in reply to a newcomer's `enter`),
 * `update`, `leave` on unmount, and a timeout for members that vanish without leaving.
 *
 * @example
 * ```ts
 * function WhoIsHere({ me }: { me: string }) {
 *   const { members } = usePresence<{ name: string }>('/default/room', { user: me, data: { name: me } });
 *   return members.map((m) => m.id).join(', ');
 * }
 * ```
 */
export function usePresence<U = unknown>(channel: string, options: UsePresenceOptions<U> = {}): PresenceView<U> {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const handle = client.channel(channel);
  const native = handle.presence !== undefined;
  const siblingName = native ? handle.name : siblingChannel(handle.name, 'presence');
  const feed = runtime.feed<PresenceSignal>(siblingName, options.client);
  const sibling = client.channel<PresenceSignal>(siblingName);
  const [instance] = React.useState(() => Math.random().toString(36).slice(2));
  const user = options.user ?? instance;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? heartbeatMs * 3;
  const enabled = options.enabled !== false;
  const dataRef = React.useRef(options.data);
  dataRef.current = options.data;

  // The convention's member table lives in a small store owned by this hook instance.
  const [table] = React.useState(() => createTable());
  // Native presence leases the channel itself; the convention leases its sibling below, with a handler.
  const live = useFeed(feed, enabled && native);

  React.useEffect(() => {
    if (!enabled || native) return;
    const send = (type: PresenceSignal['type']) => {
      // JSON drops `data: undefined`: no data key on the wire.
      const signal: PresenceSignal = { type, user, instance, data: dataRef.current };
      if (type !== 'leave') table.put(instance, user, dataRef.current, Date.now());
      sibling.publish(signal).catch(() => {}); // the channel's state carries errors
    };
    let announced = false;
    const release = feed.acquire((signal) => {
      if (!signal || typeof signal !== 'object' || typeof signal.instance !== 'string' || typeof signal.user !== 'string') return;
      if (signal.instance === instance) return;
      if (signal.type === 'leave') table.remove(signal.instance);
      else table.put(signal.instance, signal.user, signal.data, Date.now());
      // A newcomer learns about everyone at once instead of after a heartbeat.
      if (signal.type === 'enter') send('heartbeat');
    });
    // Enter once subscribed, and again after every reconnect (what others saw may be stale).
    let lastDiscontinuities = sibling.state.getSnapshot().discontinuities;
    const onState = () => {
      const s = sibling.state.getSnapshot();
      if (s.status !== 'subscribed') return;
      if (!announced || s.discontinuities !== lastDiscontinuities) {
        announced = true;
        lastDiscontinuities = s.discontinuities;
        send('enter');
      }
    };
    const stateOff = sibling.state.subscribe(onState);
    onState();
    const beat = setInterval(
      () => {
        if (sibling.state.getSnapshot().status === 'subscribed') send('heartbeat');
        table.expire(Date.now() - timeoutMs, instance);
      },
      Math.min(heartbeatMs, timeoutMs / 2),
    );
    return () => {
      clearInterval(beat);
      stateOff();
      if (announced) send('leave');
      table.remove(instance);
      release();
    };
  }, [enabled, native, feed, sibling, user, instance, heartbeatMs, timeoutMs, table]);

  // Native presence: announce our data once subscribed, and on change.
  const nativeData = native ? options.data : undefined;
  React.useEffect(() => {
    if (!enabled || !native || nativeData === undefined) return;
    handle.presence!.update(nativeData).catch(() => {});
  }, [enabled, native, handle, nativeData]);

  const rows = React.useSyncExternalStore(table.subscribe, table.getSnapshot, table.getServerSnapshot);
  const nativeMembers = live.state.members;
  const members = React.useMemo(() => {
    const list = native ? (nativeMembers ?? EMPTY) : rows;
    const byUser = new Map<string, PresenceMember>();
    for (const m of list) if (!byUser.has(m.id)) byUser.set(m.id, m);
    return [...byUser.values()].sort((a, b) => a.id.localeCompare(b.id));
  }, [native, nativeMembers, rows]);
  const self = native ? handle.presence!.self() : members.find((m) => m.id === user);
  const update = React.useMemo(
    () =>
      native
        ? (data: U) => handle.presence!.update(data)
        : async (data: U) => {
            dataRef.current = data;
            table.put(instance, user, data, Date.now());
            const r = await sibling.publish({ type: 'update', user, instance, data });
            const f = r.failed[0];
            if (f) throw new ChannelKitError('PUBLISH_FAILED', f.message, { details: { code: f.code } });
          },
    [native, handle, sibling, table, instance, user],
  );
  return { members, self, update, mode: native ? 'native' : 'convention', error: live.state.error };
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
    snapshot = next;
    for (const l of [...listeners]) l();
  });
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    getServerSnapshot: () => EMPTY,
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
  };
}
