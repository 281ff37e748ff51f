'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, ConnectionStatus } from '@channelkit/transport';
import { useChannelKit } from '@channelkit/react';

/**
 * What {@link useConnectionState} returns.
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
 * @example
 * ```ts
 * function StatusBadge() {
 *   const { status, reconnect } = useConnectionState();
 *   return status === 'failed' ? createElement('button', { onClick: reconnect }, 'Retry') : status;
 * }
 * ```
 */
export function useConnectionState(options: { client?: string } = {}): ConnectionStateView {
  const client = useChannelKit().client(options.client);
  const { status: store } = client;
  const snapshot = React.useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  const reconnect = React.useCallback(() => client.connect(), [client]);
  return { status: snapshot.status, error: snapshot.error, attempt: snapshot.attempt, nextRetryAt: snapshot.nextRetryAt, reconnect };
}
