'use client';
import { QueryObserver } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { ChannelKitError } from '@channelkit/transport';
import { unsupported, useChannelKit, useFeed, useObserver } from './ChannelKitProvider.js';

/**
 * What {@link useChannelStorage} returns.
 *
 * @example
 * ```ts
 * const { value, set, status }: ChannelStorageView<string> = view;
 * ```
 */
export interface ChannelStorageView<V> {
  readonly value: V | undefined;
  /** Writes the key (and updates `value` once the backend took it). */
  readonly set: (value: V) => Promise<void>;
  /** `disabled`: the backend has no channel storage (`error` says so, typed). */
  readonly status: 'disabled' | 'loading' | 'ready' | 'error';
  readonly error: ChannelKitError | Error | undefined;
}

/**
 * Options of {@link useChannelStorage} (plain values: safe to write inline).
 *
 * @example
 * ```ts
 * const options: UseChannelStorageOptions = { client: 'chat', enabled: Boolean(roomId) };
 * ```
 */
export interface UseChannelStorageOptions {
  client?: string | undefined;
  /** `false`: no subscription, no read, no observing; `value` undefined, `status` `disabled`, `set()` rejects. */
  enabled?: boolean | undefined;
}

/**
 * One key of a channel's storage (Hotsock), through react-query. On backends without storage
 * the hook is `disabled` with a typed error instead of throwing.
 *
 * @example
 * ```ts
 * function Topic() {
 *   const { value, status } = useChannelStorage<string>('/default/room', 'topic');
 *   return status === 'ready' ? (value ?? 'No topic') : status;
 * }
 * ```
 */
export function useChannelStorage<V = unknown>(channel: string, key: string, options: UseChannelStorageOptions = {}): ChannelStorageView<V> {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const handle = client.channel(channel);
  const enabled = options.enabled !== false;
  // Disabled is as if there were no storage to read: nothing leased, fetched or observed.
  const storage = enabled ? handle.storage : undefined;
  const storageKey = runtime.key(options.client, handle.name);
  const queryKey = React.useMemo(() => ['channelkit', 'storage', storageKey, key], [storageKey, key]);
  const queryClient = runtime.queryClient;
  // Storage rides on the channel being live (Hotsock: its HTTP API signs with the session).
  const live = useFeed(runtime.feed(handle.name, options.client), !!storage);
  const queryOptions = { queryKey, enabled: !!storage && live.state.status === 'subscribed', queryFn: async () => ((await storage!.get(key)) ?? null) as V | null };
  // One observer per QueryClient: the provider follows a new one, and so must the query.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are applied at every render (useObserver); only a new QueryClient needs a new observer.
  const observer = React.useMemo(() => new QueryObserver(queryClient, queryOptions), [queryClient]);
  const query = useObserver(observer, queryOptions);
  // Where the backend pushes changes (Hotsock observe), other clients' writes land in the cache.
  React.useEffect(() => storage?.observe?.(key, (value) => queryClient.setQueryData(queryKey, value)), [storage, key, queryClient, queryKey]);
  const missing = React.useMemo(
    () =>
      enabled ? (storage ? undefined : unsupported('storage', client.backend)) : new ChannelKitError('INVALID_ARGUMENT', 'useChannelStorage: set() while `enabled` is false; enable the hook first'),
    [enabled, storage, client],
  );
  const set = React.useCallback(
    async (value: V) => {
      if (missing) throw missing;
      await storage!.set(key, value);
      queryClient.setQueryData(queryKey, value);
    },
    [storage, key, queryClient, missing, queryKey],
  );
  // Without storage the query never runs: `value` stays undefined.
  if (!enabled) return { value: undefined, set, status: 'disabled', error: undefined };
  const status = missing ? 'disabled' : query.isError ? 'error' : query.isSuccess ? 'ready' : 'loading';
  return { value: query.data ?? undefined, set, status, error: missing ?? query.error ?? undefined };
}
