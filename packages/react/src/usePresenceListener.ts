'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { PresenceMember } from '@channelkit/transport';
import { EMPTY, siblingChannel, useChannelKit } from './ChannelKitProvider.js';

/**
 * One presence change, as {@link usePresenceListener} reports it: who entered, left or changed
 * their data (typed by the hook's generic; a peer sent it, so validate before trusting it), and
 * the members after the change.
 *
 * @example
 * ```ts
 * const line = (e: PresenceEvent<{ name: string }>) => `${e.member.data?.name ?? e.member.id} ${e.type === 'enter' ? 'joined' : e.type === 'leave' ? 'left' : 'changed'}`;
 * ```
 */
export interface PresenceEvent<U> {
  readonly type: 'enter' | 'leave' | 'update';
  readonly member: PresenceMember & { readonly data?: U };
  readonly members: readonly (PresenceMember & { readonly data?: U })[];
}

/**
 * Options of {@link usePresenceListener} (plain values: safe to write inline).
 *
 * @example
 * ```ts
 * const options: UsePresenceListenerOptions = { client: 'live', timeoutMs: 45_000 };
 * ```
 */
export interface UsePresenceListenerOptions {
  client?: string | undefined;
  /** `false`: no subscription, no events. */
  enabled?: boolean | undefined;
  /** Convention only: a member not heard from for this long has left (default 45 s, usePresence's 3 × 15 s heartbeat). */
  timeoutMs?: number | undefined;
}

interface Signal {
  readonly type?: unknown;
  readonly user?: unknown;
  readonly instance?: unknown;
  readonly data?: unknown;
}

/**
 * Calls `listener` when a member enters, leaves or updates their data, without rendering and
 * without entering — Liveblocks' `useOthersListener` (`room.events.others`, its callback kept by
 * `useLatest`). Where the backend has presence (Hotsock, Chime) it follows the backend's member
 * list; on AppSync Events and API Gateway it reads the presence convention's sibling channel
 * (asking the members for a heartbeat with a `sync`, so it does not wait for one). The members
 * already there when listening starts (or after a channel switch) are reported as `enter`.
 * This file stands alone (no import of usePresence.ts), so it copies into an app by itself.
 *
 * @example
 * ```ts
 * function JoinToasts() {
 *   usePresenceListener<{ name: string }>('/default/room', (e) => e.type === 'enter' && toast(`${e.member.data?.name ?? e.member.id} joined`));
 *   return null;
 * }
 * ```
 */
export function usePresenceListener<U = unknown>(channel: string, listener: (event: PresenceEvent<U>) => void, options: UsePresenceListenerOptions = {}): void {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const enabled = options.enabled !== false;
  const handle = client.channel(channel);
  const native = handle.presence !== undefined;
  const name = native ? handle.name : siblingChannel(handle.name, 'presence');
  const feed = runtime.feed<Signal>(name, options.client);
  const sibling = client.channel<Signal>(name);
  const timeoutMs = options.timeoutMs ?? 45_000;
  const [instance] = React.useState(() => Math.random().toString(36).slice(2));
  // Liveblocks `useLatest` (packages/liveblocks-react/src/lib/use-latest.ts): an inline listener never resubscribes.
  const latest = React.useRef(listener);
  React.useEffect(() => {
    latest.current = listener;
  });

  React.useEffect(() => {
    if (!enabled) return;
    type Member = PresenceEvent<U>['member'];
    // Members by id with their data's JSON: a heartbeat repeating the same data is no update.
    let known = new Map<string, { member: Member; data: string }>();
    const emit = (list: readonly PresenceMember[]) => {
      const seen = new Map<string, Member>();
      for (const m of list) if (!seen.has(m.id)) seen.set(m.id, m as Member);
      const members: readonly Member[] = seen.size === 0 ? EMPTY : [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
      const next = new Map(members.map((m) => [m.id, { member: m, data: JSON.stringify(m.data) ?? '' }]));
      const events: PresenceEvent<U>[] = [];
      for (const m of members) {
        const before = known.get(m.id);
        if (before === undefined) events.push({ type: 'enter', member: m, members });
        else if (before.data !== next.get(m.id)!.data) events.push({ type: 'update', member: m, members });
      }
      // A leaving member is reported as last seen (with its data).
      for (const [id, { member }] of known) if (!next.has(id)) events.push({ type: 'leave', member, members });
      known = next;
      for (const e of events) latest.current(e);
    };

    if (native) {
      const release = feed.acquire();
      const read = () => emit(feed.getSnapshot().state.members ?? EMPTY);
      const off = feed.subscribe(read);
      read();
      return () => {
        off();
        release();
      };
    }

    // The convention (see usePresence and the README), listen-only: instance → row.
    const rows = new Map<string, { user: string; data: unknown; seen: number }>();
    const publish = () => emit([...rows.values()].map((r) => (r.data === undefined ? { id: r.user } : { id: r.user, data: r.data })));
    const release = feed.acquire((s) => {
      if (!s || typeof s !== 'object' || typeof s.instance !== 'string' || typeof s.user !== 'string' || s.instance === instance) return;
      if (s.type === 'leave') rows.delete(s.instance);
      else if (s.type === 'enter' || s.type === 'heartbeat' || s.type === 'update') rows.set(s.instance, { user: s.user, data: s.data, seen: Date.now() });
      else return;
      publish();
    });
    // Ask for heartbeats once subscribed and after every reconnect (what we held may be stale).
    let synced = false;
    let lastDiscontinuities = sibling.state.getSnapshot().discontinuities;
    const onState = () => {
      const s = sibling.state.getSnapshot();
      if (s.status !== 'subscribed' || (synced && s.discontinuities === lastDiscontinuities)) return;
      synced = true;
      lastDiscontinuities = s.discontinuities;
      sibling.publish({ type: 'sync', user: instance, instance }).catch(() => {}); // the channel's state carries errors
    };
    const stateOff = sibling.state.subscribe(onState);
    onState();
    const expire = setInterval(
      () => {
        const before = Date.now() - timeoutMs;
        let changed = false;
        for (const [id, row] of rows) if (row.seen < before && rows.delete(id)) changed = true;
        if (changed) publish();
      },
      Math.max(50, timeoutMs / 3),
    );
    return () => {
      clearInterval(expire);
      stateOff();
      release();
    };
  }, [enabled, native, feed, sibling, instance, timeoutMs]);
}
