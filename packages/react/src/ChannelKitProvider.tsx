'use client';
import { QueryClient } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ReactNode } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ChannelKitError, type ChannelState, type EventMeta, IDLE_CHANNEL_STATE, type RealtimeClient } from '@channelkit/transport';

// The provider owns everything the hooks share: the clients, one vanilla zustand store
// (optimistic publishes), one feed per channel (a bounded window of live events behind a
// frame-batched store) and a QueryClient. Nothing here opens a connection: feeds lease their
// channel from effects, never during render.

/**
 * One live event as hooks show it.
 *
 * @example
 * ```ts
 * const last: LiveEvent<{ text: string }> | undefined = events.at(-1);
 * ```
 */
export interface LiveEvent<T = unknown> {
  /** The event's id: the backend's id, else `data.id` when the event carries one. */
  readonly id: string | undefined;
  readonly data: T;
  readonly meta: EventMeta;
}

/**
 * What one channel's feed holds: the recent events (oldest first, bounded) and the channel's
 * transport state (subscribing / subscribed / failed, error, discontinuities).
 *
 * @example
 * ```ts
 * const { events, state } = feed.getSnapshot();
 * ```
 */
export interface FeedSnapshot<T = unknown> {
  readonly events: readonly LiveEvent<T>[];
  readonly state: ChannelState;
}

/**
 * An optimistic publish: shown as `pending` (sent, not yet acknowledged), `queued` (made while
 * offline), `failed` (with the error), or `sent` (acknowledged, waiting for its echo).
 *
 * @example
 * ```ts
 * const label = entry.status === 'failed' ? `failed: ${entry.error?.message}` : entry.status;
 * ```
 */
export interface OptimisticEntry<T = unknown> {
  readonly localId: string;
  /** The event's own id (`data.id`), used to drop the entry when its echo or history has it. */
  readonly id: string | undefined;
  readonly data: T;
  readonly status: 'pending' | 'queued' | 'failed' | 'sent';
  readonly error: ChannelKitError | undefined;
}

/**
 * The shared zustand state: optimistic entries per `client|channel` key.
 *
 * @example
 * ```ts
 * const entries = runtime.store.getState().optimistic[runtime.key('default', '/default/room')] ?? [];
 * ```
 */
export interface ChannelKitState {
  readonly optimistic: Readonly<Record<string, readonly OptimisticEntry[]>>;
}

/**
 * A channel's feed: the store behind `useChannel`, shared by every hook of that channel.
 *
 * @example
 * ```ts
 * const release = feed.acquire((data, meta) => console.log(data, meta));
 * ```
 */
export interface ChannelFeed<T = unknown> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): FeedSnapshot<T>;
  getServerSnapshot(): FeedSnapshot<T>;
  /** Leases the channel (one transport lease per feed); returns the release function. */
  acquire(onEvent?: (data: T, meta: EventMeta) => void): () => void;
}

/**
 * What the provider shares with its hooks. Hooks copied into an app reach it through
 * {@link useChannelKit}.
 *
 * @example
 * ```ts
 * const { client, feed } = useChannelKit();
 * ```
 */
export interface ChannelKitRuntime {
  readonly clients: Readonly<Record<string, RealtimeClient>>;
  readonly defaultClient: string;
  readonly store: StoreApi<ChannelKitState>;
  readonly queryClient: QueryClient;
  /** The client of that name (the default one when omitted); throws INVALID_ARGUMENT if unknown. */
  client(name?: string): RealtimeClient;
  /** The feed of one channel of one client (created on first use; pure, no network). */
  feed<T = unknown>(channel: string, client?: string): ChannelFeed<T>;
  /** `client|channel`, the key of a channel's entries in {@link ChannelKitState}. */
  key(client: string | undefined, channel: string): string;
}

/**
 * Props of {@link ChannelKitProvider}: one `client`, or several named `clients` (the first is
 * the default unless `defaultClient` names another).
 *
 * @example
 * ```ts
 * const props: ChannelKitProviderProps = { clients: { chat: chimeClient, live: appSyncClient }, defaultClient: 'live', children: null };
 * ```
 */
export type ChannelKitProviderProps = {
  children?: ReactNode;
  /**
   * Bring your own `QueryClient` (history and storage queries live in it), e.g. the one your
   * `QueryClientProvider` has, to share its cache and devtools.
   */
  queryClient?: QueryClient;
  /** How many live events each channel keeps for `useChannel` (default 100). */
  windowSize?: number;
} & ({ client: RealtimeClient; clients?: undefined; defaultClient?: undefined } | { clients: Readonly<Record<string, RealtimeClient>>; defaultClient?: string; client?: undefined });

// Created on first render, not at import: React under `react-server` has no createContext.
let Context: React.Context<ChannelKitRuntime | null> | undefined;
const context = () => (Context ??= React.createContext<ChannelKitRuntime | null>(null));

/**
 * Makes clients available to the hooks. It owns a vanilla zustand store and a `QueryClient`
 * (unless given one), and never connects: the first hook that subscribes does, from an effect.
 *
 * @example
 * ```ts
 * import { createElement } from 'react';
 * const app = createElement(ChannelKitProvider, { client }, createElement(Chat));
 * ```
 */
export function ChannelKitProvider(props: ChannelKitProviderProps): ReactNode {
  const [runtime] = React.useState(() => createRuntime(props));
  const Provider = context().Provider;
  return <Provider value={runtime}>{props.children}</Provider>;
}

/**
 * The provider's runtime; throws outside a {@link ChannelKitProvider}.
 *
 * @example
 * ```ts
 * const client = useChannelKit().client('chat');
 * ```
 */
export function useChannelKit(): ChannelKitRuntime {
  const runtime = React.useContext(context());
  if (!runtime) throw new ChannelKitError('INVALID_ARGUMENT', 'no <ChannelKitProvider> above this hook');
  return runtime;
}

/**
 * Reads a TanStack Query observer (`QueryObserver`, `InfiniteQueryObserver` from
 * `@tanstack/query-core`) through `useSyncExternalStore`. The hooks use query-core rather than
 * `@tanstack/react-query`, whose modules call `createContext` on import and so throw under the
 * `react-server` condition.
 *
 * @example
 * ```ts
 * const [observer] = React.useState(() => new QueryObserver(queryClient, options));
 * const result = useObserver(observer, options); // options applied after every render
 * ```
 */
export function useObserver<R, O>(observer: { subscribe(listener: (result: R) => void): () => void; getCurrentResult(): R; setOptions(options: O): void }, options: O): R {
  React.useEffect(() => observer.setOptions(options));
  const subscribe = React.useCallback((listener: () => void) => observer.subscribe(() => listener()), [observer]);
  const get = () => observer.getCurrentResult();
  return React.useSyncExternalStore(subscribe, get, get);
}

/**
 * Leases a channel feed while `enabled` (with an optional event handler) and reads its
 * snapshot (events and channel state).
 *
 * @example
 * ```ts
 * const live = useFeed(runtime.feed(channel), true);
 * const ready = live.state.status === 'subscribed';
 * ```
 */
export function useFeed<T>(feed: ChannelFeed<T>, enabled: boolean, onEvent?: (data: T, meta: EventMeta) => void): FeedSnapshot<T> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `onEvent` is read when the lease is taken (callers pass a function that reads a ref, as useChannel does); a new handler must not resubscribe.
  React.useEffect(() => (enabled ? feed.acquire(onEvent) : undefined), [feed, enabled]);
  return React.useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getServerSnapshot);
}

/**
 * The id of an event: the backend's (`meta.id`: Hotsock's message id, Chime's MessageId), else
 * the app's `data.id` when it is a string. The backend's comes first because a peer can put any
 * `id` in its data, another message's included: only the backend's id cannot be forged. (The
 * app's id still retires the sender's own optimistic entry when its echo arrives.)
 *
 * @example
 * ```ts
 * eventId({ id: 'm1', text: 'hi' }); // 'm1'
 * eventId({ id: 'm1', text: 'hi' }, { channel: 'room', id: '01JD…' }); // '01JD…'
 * ```
 */
export function eventId(data: unknown, meta?: EventMeta | Readonly<Record<string, unknown>>): string | undefined {
  if (typeof meta?.id === 'string') return meta.id;
  if (data !== null && typeof data === 'object' && typeof (data as { id?: unknown }).id === 'string') return (data as { id: string }).id;
  return undefined;
}

/**
 * Calls `flush` once per animation frame (a microtask where there are no frames: servers,
 * tests, workers), however often `schedule` is called in between.
 *
 * @example
 * ```ts
 * const schedule = frameScheduler(() => notify());
 * for (const e of burst) { push(e); schedule(); } // notify runs once
 * ```
 */
export function frameScheduler(flush: () => void): () => void {
  let scheduled = false;
  const run = () => {
    scheduled = false;
    flush();
  };
  return () => {
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else queueMicrotask(run);
  };
}

/**
 * A sibling channel of a convention (presence, typing): `/default/room` → `/default/room/presence`.
 *
 * @example
 * ```ts
 * siblingChannel('/default/room', 'presence'); // '/default/room/presence'
 * ```
 */
export function siblingChannel(channel: string, suffix: string): string {
  return `${channel}/${suffix}`;
}

/**
 * A typed error (code `UNSUPPORTED`) for a feature the backend does not have (storage on
 * AppSync Events …); `details` name the feature and the backend.
 *
 * @example
 * ```ts
 * if (!room.storage) setError(unsupported('storage', client.backend));
 * ```
 */
export function unsupported(feature: string, backend: string): ChannelKitError {
  return new ChannelKitError('UNSUPPORTED', `${backend} has no ${feature}`, { details: { feature, backend } });
}

/**
 * The one empty list that server snapshots and "nothing yet" share: a stable identity, so
 * `useSyncExternalStore` sees no change. Exported for hooks copied into an app.
 *
 * @example
 * ```ts
 * const members = state.members ?? EMPTY;
 * ```
 */
export const EMPTY: readonly never[] = Object.freeze([]);
const EMPTY_FEED: FeedSnapshot<never> = Object.freeze({ events: EMPTY, state: IDLE_CHANNEL_STATE });

function createRuntime(props: ChannelKitProviderProps): ChannelKitRuntime {
  const clients: Record<string, RealtimeClient> = props.client ? { default: props.client } : { ...props.clients };
  const names = Object.keys(clients);
  if (names.length === 0) throw new ChannelKitError('INVALID_ARGUMENT', '<ChannelKitProvider> needs a client');
  const defaultClient = props.client ? 'default' : (props.defaultClient ?? names[0]!);
  const windowSize = props.windowSize ?? 100;
  const store = createStore<ChannelKitState>(() => ({ optimistic: {} }));
  const queryClient = props.queryClient ?? new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const feeds = new Map<string, ChannelFeed<never>>();

  const client = (name?: string): RealtimeClient => {
    const c = clients[name ?? defaultClient];
    if (!c) throw new ChannelKitError('INVALID_ARGUMENT', `no client "${name}" (have: ${names})`);
    return c;
  };
  const key = (c: string | undefined, channel: string) => `${c ?? defaultClient}|${channel}`;

  // An echo carrying an optimistic entry's id retires it: it arrived, whatever its ack said
  // (a failed ack can hide a delivered publish, and Retry would send it twice).
  const confirm = (k: string, id: string) => {
    const retired = (e: OptimisticEntry) => e.id === id;
    if (!store.getState().optimistic[k]?.some(retired)) return;
    store.setState((s) => ({ optimistic: { ...s.optimistic, [k]: (s.optimistic[k] ?? []).filter((e) => !retired(e)) } }));
  };

  const feed = <T,>(channel: string, clientName?: string): ChannelFeed<T> => {
    const c = client(clientName);
    const handle = c.channel<T>(channel);
    const k = key(clientName, handle.name);
    const existing = feeds.get(k);
    if (existing) return existing as unknown as ChannelFeed<T>;

    let snapshot: FeedSnapshot<T> = EMPTY_FEED;
    const recent: LiveEvent<T>[] = [];
    let dirty = false;
    const listeners = new Set<() => void>();
    const handlers = new Set<(data: T, meta: EventMeta) => void>();
    let leases = 0;
    let release: (() => void) | undefined;
    let stateOff: (() => void) | undefined;

    const flush = () => {
      const state = handle.state.getSnapshot();
      if (!dirty && state === snapshot.state) return;
      dirty = false;
      snapshot = { events: recent.slice(), state };
      for (const l of [...listeners]) l();
    };
    const schedule = frameScheduler(flush);

    const onEvent = (data: T, meta: EventMeta) => {
      const id = eventId(data, meta);
      const event: LiveEvent<T> = { id, data, meta };
      recent.push(event);
      if (recent.length > windowSize) recent.shift();
      dirty = true;
      schedule();
      // Optimistic entries know the app's id only (the backend's is assigned on the way).
      const own = eventId(data);
      if (own !== undefined) confirm(k, own);
      for (const h of [...handlers]) h(data, meta);
    };

    const f: ChannelFeed<T> = {
      subscribe(listener) {
        listeners.add(listener);
        if (!stateOff) stateOff = handle.state.subscribe(schedule);
        // A state change between render and subscribe must not be lost.
        if (handle.state.getSnapshot() !== snapshot.state) schedule();
        return () => {
          listeners.delete(listener);
          if (listeners.size === 0 && stateOff) {
            stateOff();
            stateOff = undefined;
          }
        };
      },
      getSnapshot: () => snapshot,
      getServerSnapshot: () => EMPTY_FEED,
      acquire(handler) {
        if (handler) handlers.add(handler);
        // One transport lease per feed; the transport's own grace period keeps the wire
        // subscription across StrictMode's unmount–remount.
        if (leases++ === 0) release = handle.subscribe({ onEvent, onError: schedule, onDiscontinuity: schedule, onSubscribed: schedule });
        let done = false;
        return () => {
          if (done) return;
          done = true;
          if (handler) handlers.delete(handler);
          if (--leases === 0) {
            release?.();
            release = undefined;
          }
        };
      },
    };
    feeds.set(k, f as unknown as ChannelFeed<never>);
    return f;
  };

  return { clients, defaultClient, store, queryClient, client, feed, key };
}
