'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, ConnectionSnapshot, ConnectionStatus } from '@channelkit/transport';
import { useChannelKit, useStoreSelector } from './ChannelKitProvider.js';

/**
 * Options of {@link useConnectionState} (safe to write inline: only `client` and `enabled` matter
 * to the subscription).
 *
 * @example
 * ```ts
 * const options: UseConnectionStateOptions = { client: 'chat', enabled: signedIn };
 * ```
 */
export interface UseConnectionStateOptions<S = ConnectionStateView> {
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
  /** `false`: no subscription; the view is the idle one (`status: 'idle'`) and never changes. */
  enabled?: boolean | undefined;
  /**
   * Picks the slice the component renders: it renders again only when the slice changes (by
   * `isEqual`). Read at render: an inline function is fine.
   */
  select?: ((view: ConnectionStateView) => S) | undefined;
  /** How two slices compare (default `Object.is`). */
  isEqual?: ((a: S, b: S) => boolean) | undefined;
}

/**
 * What {@link useConnectionState} returns (and what its selector receives).
 *
 * @example
 * ```ts
 * const view: ConnectionStateView = { status: 'connected', error: undefined, attempt: 0, nextRetryAt: undefined, reconnect: () => {} };
 * ```
 */
export interface ConnectionStateView {
  readonly status: ConnectionStatus;
  readonly error: ChannelKitError | undefined;
  /** Reconnect attempts since the last stable connection. */
  readonly attempt: number;
  /** While waiting to reconnect: when the next attempt starts (epoch ms). */
  readonly nextRetryAt: number | undefined;
  /** Connects now (after `failed` or `closed`; a no-op while connecting or connected). */
  readonly reconnect: () => void;
}

/**
 * The connection's status, error, attempt and next retry time. Servers render `idle`.
 *
 * With `select` (and an optional `isEqual`, default `Object.is`) the hook returns the selected
 * slice and re-renders only when it changes — zustand's `useStore(api, selector, equalityFn)`
 * (`src/react.ts`): a badge that reads `status` does not re-render on every retry countdown.
 *
 * @example
 * ```ts
 * function StatusBadge() {
 *   const { status, reconnect } = useConnectionState();
 *   const online = useConnectionState({ select: (s) => s.status === 'connected' });
 *   return status === 'failed' ? createElement('button', { onClick: reconnect }, 'Retry') : online ? 'online' : status;
 * }
 * ```
 */
export function useConnectionState<S = ConnectionStateView>(options: UseConnectionStateOptions<S> = {}): S {
  const client = useChannelKit().client(options.client);
  const enabled = options.enabled !== false;
  const { status: store } = client;
  // One view object per transport snapshot: the selector's input is stable between changes.
  const source = React.useMemo(() => {
    const reconnect = () => client.connect();
    const views = new WeakMap<ConnectionSnapshot, ConnectionStateView>();
    const view = (s: ConnectionSnapshot): ConnectionStateView => {
      const known = views.get(s);
      if (known) return known;
      const v: ConnectionStateView = { status: s.status, error: s.error, attempt: s.attempt, nextRetryAt: s.nextRetryAt, reconnect };
      views.set(s, v);
      return v;
    };
    const idle = view(store.getServerSnapshot());
    return enabled
      ? { subscribe: store.subscribe, getSnapshot: () => view(store.getSnapshot()), getServerSnapshot: () => idle }
      : { subscribe: () => () => {}, getSnapshot: () => idle, getServerSnapshot: () => idle };
  }, [client, store, enabled]);
  return useStoreSelector(source.subscribe, source.getSnapshot, source.getServerSnapshot, options.select ?? (identity as (view: ConnectionStateView) => S), options.isEqual);
}

function identity<T>(x: T): T {
  return x;
}
