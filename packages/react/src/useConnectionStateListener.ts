'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, ConnectionSnapshot, ConnectionStatus } from '@channelkit/transport';
import { useChannelKit } from './ChannelKitProvider.js';

/**
 * One change of the connection's status, as {@link useConnectionStateListener} reports it.
 *
 * @example
 * ```ts
 * const change: ConnectionStateChange = { previous: 'connected', current: 'reconnecting', error: undefined, snapshot };
 * ```
 */
export interface ConnectionStateChange {
  readonly previous: ConnectionStatus;
  readonly current: ConnectionStatus;
  /** Why, where the transport knows (the snapshot's error). */
  readonly error: ChannelKitError | undefined;
  readonly snapshot: ConnectionSnapshot;
}

/**
 * Options of {@link useConnectionStateListener} (safe to write inline: `states` is compared by value).
 *
 * @example
 * ```ts
 * const options: UseConnectionStateListenerOptions = { states: ['failed'], client: 'chat' };
 * ```
 */
export interface UseConnectionStateListenerOptions {
  /** Only changes into these statuses (default: every change). */
  states?: readonly ConnectionStatus[] | undefined;
  client?: string | undefined;
  /** `false`: not listening. */
  enabled?: boolean | undefined;
}

/**
 * Calls `listener` on every change of the connection's status, without rendering — for what an
 * app does rather than shows (a toast, a log line, a metric). ably's
 * `useConnectionStateListener` (`src/platform/react-hooks/src/hooks/useConnectionStateListener.ts`);
 * the listener lives in a ref (Liveblocks `useLatest`), so an inline function never resubscribes.
 * Changes of `attempt` or `nextRetryAt` alone are not status changes.
 *
 * @example
 * ```ts
 * function OfflineToast() {
 *   useConnectionStateListener((change) => toast(`connection ${change.current}`), { states: ['reconnecting', 'failed'] });
 *   return null;
 * }
 * ```
 */
export function useConnectionStateListener(listener: (change: ConnectionStateChange) => void, options: UseConnectionStateListenerOptions = {}): void {
  const client = useChannelKit().client(options.client);
  const enabled = options.enabled !== false;
  const latest = React.useRef(listener);
  React.useEffect(() => {
    latest.current = listener;
  });
  const states = options.states ? options.states.join(',') : undefined;
  React.useEffect(() => {
    if (!enabled) return;
    const wanted = states === undefined ? undefined : new Set(states.split(','));
    let previous = client.status.getSnapshot().status;
    return client.status.subscribe(() => {
      const snapshot = client.status.getSnapshot();
      if (snapshot.status === previous) return;
      const change: ConnectionStateChange = { previous, current: snapshot.status, error: snapshot.error, snapshot };
      previous = snapshot.status;
      if (!wanted || wanted.has(change.current)) latest.current(change);
    });
  }, [client, enabled, states]);
}
