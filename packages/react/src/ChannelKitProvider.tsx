'use client';
import type { QueryClient } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ReactNode } from 'react';
import { invalidArgument, type RealtimeClient } from '@channelkit/transport';
import { runtimeContext } from './context.js';
import { type ChannelKitRuntime, createRuntime, defaultQueryClient } from './createRuntime.js';

// The provider is thin: it turns props into a runtime (createRuntime.ts, React-free) and puts
// it in context. The helpers hooks need are re-exported below, so that a hook written against
// './ChannelKitProvider.js' keeps compiling; copied hooks import them from '@channelkit/react/kit'.
export { type ChannelFeed, changeKey, type FeedChange, type FeedSnapshot, type LiveEvent } from './createFeed.js';
export type { ChannelKitRuntime, ChannelKitState, OptimisticEntry } from './createRuntime.js';
export { EMPTY } from './EMPTY.js';
export { eventId } from './eventId.js';
export { frameScheduler } from './frameScheduler.js';
export { siblingChannel } from './siblingChannel.js';
export { unsupported } from './unsupported.js';
export { useChannelKit } from './useChannelKit.js';
export { useFeed, useLease } from './useFeed.js';
export { type QueryObserverLike, useObserver } from './useObserver.js';
export { useStoreSelector } from './useStoreSelector.js';

/**
 * Props of {@link ChannelKitProvider}: one `client`, or several named `clients` (the first is
 * the default unless `defaultClient` names another). Every prop is followed when it changes:
 * a new `client`, `clients` (compared entry by entry, so an inline object is fine),
 * `defaultClient` or `queryClient` gives the hooks a new runtime (they resubscribe on the new
 * client); a new `windowSize`, `gcTimeMs` or `onError` applies from the next event on.
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
  /**
   * How long a channel's feed (its live window, edits and acknowledged entries) is kept once no
   * hook uses it (default 30 000 ms; like TanStack's `gcTime`). Coming back sooner shows it at
   * once; coming back later starts afresh (history is refetched either way when the wire
   * subscription had lapsed).
   */
  gcTimeMs?: number;
  /** Errors that must not break rendering: an `onEvent` handler that threw (default: console.error). */
  onError?: (error: unknown) => void;
} & ({ client: RealtimeClient; clients?: undefined; defaultClient?: undefined } | { clients: Readonly<Record<string, RealtimeClient>>; defaultClient?: string; client?: undefined });

/**
 * Makes clients available to the hooks. It owns a vanilla zustand store and a `QueryClient`
 * (unless given one), and never connects: the first hook that subscribes does, from an effect.
 * It follows its props: swapping `client` (say after re-authentication) moves every hook to the
 * new client.
 *
 * @example
 * ```ts
 * import { createElement } from 'react';
 * const app = createElement(ChannelKitProvider, { client }, createElement(Chat));
 * ```
 */
export function ChannelKitProvider(props: ChannelKitProviderProps): ReactNode {
  const { windowSize, gcTimeMs, onError } = props;
  if (windowSize !== undefined && !(Number.isInteger(windowSize) && windowSize > 0)) throw invalidArgument('<ChannelKitProvider windowSize>', 'must be a positive integer', windowSize);
  if (gcTimeMs !== undefined && !(Number.isFinite(gcTimeMs) && gcTimeMs >= 0)) throw invalidArgument('<ChannelKitProvider gcTimeMs>', 'must be a finite number of milliseconds ≥ 0', gcTimeMs);
  if (onError !== undefined && typeof onError !== 'function') throw invalidArgument('<ChannelKitProvider onError>', 'must be a function when given', onError);
  // Props read on every event live in a ref: changing them needs no new runtime.
  const latest = React.useRef(props);
  latest.current = props;
  const clients = useShallowStable(props.client ? { default: props.client } : props.clients);
  const defaultClient = props.client ? 'default' : (props.defaultClient ?? Object.keys(clients ?? {})[0] ?? '');
  // The QueryClient the provider makes outlives a client swap (an app's own one is followed).
  const [ownQueryClient] = React.useState(defaultQueryClient);
  const queryClient = props.queryClient ?? ownQueryClient;
  const runtime: ChannelKitRuntime = React.useMemo(
    () =>
      createRuntime({
        clients: clients ?? {},
        defaultClient,
        queryClient,
        windowSize: () => latest.current.windowSize ?? 100,
        gcTimeMs: () => latest.current.gcTimeMs ?? 30_000,
        onError: () => latest.current.onError,
      }),
    [clients, defaultClient, queryClient],
  );
  const Provider = runtimeContext().Provider;
  return <Provider value={runtime}>{props.children}</Provider>;
}

/** The same object back while its entries are the same (an inline `clients` literal is fine). */
function useShallowStable<V>(value: Readonly<Record<string, V>> | undefined): Readonly<Record<string, V>> | undefined {
  const ref = React.useRef(value);
  const prev = ref.current;
  const same =
    prev === value ||
    (prev !== undefined && value !== undefined && Object.keys(prev).length === Object.keys(value).length && Object.keys(value).every((k) => Object.hasOwn(prev, k) && prev[k] === value[k]));
  if (!same) ref.current = value;
  return same ? prev : value;
}
