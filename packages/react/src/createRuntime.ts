import { QueryClient } from '@tanstack/query-core';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ChannelKitError, type RealtimeClient } from '@channelkit/transport';
import { type ChannelFeed, createFeed, type OwnedFeed } from './createFeed.js';

// Everything the hooks share, with no React in it: the clients, one vanilla zustand store
// (optimistic publishes), one feed per channel and a QueryClient. The provider builds one and
// hands it down; nothing here opens a connection (feeds lease their channel when asked).

/**
 * An optimistic publish: shown as `pending` (sent, not yet acknowledged), `queued` (made while
 * offline), `failed` (with the error), or `sent` (acknowledged, about to be shown as delivered).
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
 * What the provider shares with its hooks. Hooks copied into an app reach it through
 * `useChannelKit()`.
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
  /**
   * An optimistic entry was acknowledged: where its channel's feed is leased, it is shown as a
   * live event at once (the echo, if the backend sends one, takes its place under the same key);
   * where nobody listens, the entry ends with the ack.
   */
  acknowledge(key: string, localId: string): void;
  /** Reports an error that must not break rendering (a throwing `onEvent` handler). */
  reportError(error: unknown): void;
}

/**
 * What {@link createRuntime} is built from: the provider's props, with the ones that may change
 * without a new runtime read through getters.
 *
 * @example
 * ```ts
 * const options: RuntimeOptions = { clients: { default: client }, defaultClient: 'default', windowSize: () => 100, gcTimeMs: () => 30_000, onError: () => undefined };
 * ```
 */
export interface RuntimeOptions {
  readonly clients: Readonly<Record<string, RealtimeClient>>;
  readonly defaultClient: string;
  readonly queryClient?: QueryClient | undefined;
  windowSize(): number;
  gcTimeMs(): number;
  onError(): ((error: unknown) => void) | undefined;
}

/**
 * The history query's cache policy when the provider makes the QueryClient: no retries (the
 * hooks report errors) and no time-based staleness (the feed says when history may miss
 * something: a discontinuity, or a lease taken afresh).
 *
 * @example
 * ```ts
 * const queryClient = defaultQueryClient();
 * ```
 */
export function defaultQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
}

/**
 * Builds the runtime the provider hands down (React-free: usable by other bindings and tests).
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ clients: { default: client }, defaultClient: 'default', windowSize: () => 100, gcTimeMs: () => 30_000, onError: () => undefined });
 * const release = runtime.feed('/default/room').acquire();
 * ```
 */
export function createRuntime(options: RuntimeOptions): ChannelKitRuntime {
  const { clients, defaultClient } = options;
  const names = Object.keys(clients);
  if (names.length === 0) throw new ChannelKitError('INVALID_ARGUMENT', '<ChannelKitProvider> needs a client');
  if (!clients[defaultClient]) throw new ChannelKitError('INVALID_ARGUMENT', `defaultClient "${defaultClient}" is not one of clients (have: ${names})`);
  const store = createStore<ChannelKitState>(() => ({ optimistic: {} }));
  const queryClient = options.queryClient ?? defaultQueryClient();
  const feeds = new Map<string, OwnedFeed<never>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const client = (name?: string): RealtimeClient => {
    const c = clients[name ?? defaultClient];
    if (!c) throw new ChannelKitError('INVALID_ARGUMENT', `no client "${name}" (have: ${names})`);
    return c;
  };
  const key = (c: string | undefined, channel: string) => `${c ?? defaultClient}|${channel}`;

  const setEntries = (k: string, next: readonly OptimisticEntry[]) =>
    store.setState((s) => {
      const optimistic = { ...s.optimistic };
      // An emptied list goes with its key: the map must not keep every channel ever published to.
      if (next.length) optimistic[k] = next;
      else delete optimistic[k];
      return { optimistic };
    });
  const remove = (k: string, drop: (e: OptimisticEntry) => boolean) => {
    const list = store.getState().optimistic[k];
    if (list?.some(drop))
      setEntries(
        k,
        list.filter((e) => !drop(e)),
      );
  };

  const reportError = (cause: unknown) => {
    const error = cause instanceof ChannelKitError ? cause : new ChannelKitError('LISTENER_ERROR', `an onEvent handler threw: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    const onError = options.onError();
    if (onError) onError(error);
    // Nothing else would tell the developer their handler threw.
    else console.error('[channelkit] an onEvent handler threw (the other handlers still ran):', error);
  };

  // A feed nobody uses is dropped after gcTimeMs, with what is kept for its channel: its window,
  // its edits, and the optimistic entries that are only waiting to be shown (not failed ones,
  // which wait for Retry or Discard).
  const evict = (k: string) => {
    timers.delete(k);
    const f = feeds.get(k);
    if (!f || f.used()) return;
    f.dispose();
    feeds.delete(k);
    remove(k, (e) => e.status === 'sent');
    // Feeds made by a render that never committed were never used: sweep them too.
    for (const [other, g] of feeds) if (!g.used() && !timers.has(other)) idle(other);
  };
  const idle = (k: string) => {
    clearTimeout(timers.get(k));
    timers.set(
      k,
      setTimeout(() => evict(k), options.gcTimeMs()),
    );
  };

  const feed = <T>(channel: string, clientName?: string): ChannelFeed<T> => {
    const handle = client(clientName).channel<T>(channel);
    const k = key(clientName, handle.name);
    const existing = feeds.get(k);
    if (existing) return existing as unknown as OwnedFeed<T>;
    const f: OwnedFeed<T> = createFeed<T>(handle, {
      windowSize: options.windowSize,
      // An echo carrying an optimistic entry's id retires it: it arrived, whatever its ack said
      // (a failed ack can hide a delivered publish, and Retry would send it twice).
      onEcho: (ids) => {
        const seen = new Set(ids);
        remove(k, (e) => e.id !== undefined && seen.has(e.id));
      },
      isOwn: (id) => store.getState().optimistic[k]?.some((e) => e.id === id) ?? false,
      onHandlerError: reportError,
      onUse: (used) => {
        if (used) {
          clearTimeout(timers.get(k));
          timers.delete(k);
          // A render can hold a feed that was dropped meanwhile: using it brings it back.
          if (!feeds.has(k)) feeds.set(k, f as unknown as OwnedFeed<never>);
        } else idle(k);
      },
    });
    feeds.set(k, f as unknown as OwnedFeed<never>);
    return f;
  };

  const acknowledge = (k: string, localId: string) => {
    const entry = store.getState().optimistic[k]?.find((e) => e.localId === localId);
    if (!entry) return; // its echo came first and retired it
    const f = feeds.get(k);
    if (f?.leased()) {
      setEntries(
        k,
        store.getState().optimistic[k]!.map((e) => (e.localId === localId ? { ...e, status: 'sent' as const, error: undefined } : e)),
      );
      // Shown as delivered where it was acknowledged (before anything newer), under the key it
      // had; the entry is retired in the same flush, so the row neither blinks nor remounts.
      f.adopt(entry.data as never, entry.id ?? entry.localId, () => remove(k, (e) => e.localId === localId));
    } else remove(k, (e) => e.localId === localId);
  };

  return { clients, defaultClient, store, queryClient, client, feed, key, acknowledge, reportError };
}
