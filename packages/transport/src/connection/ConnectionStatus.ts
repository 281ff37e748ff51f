import type { ChannelKitError } from '../errors/ChannelKitError.js';

/**
 * The internal states of the connection machine.
 * `idle → connecting → handshaking → connected ⇄ reconnecting → closed | failed`
 *
 * @example
 * ```ts
 * if (client.status.getSnapshot().state === 'handshaking') console.log('socket open, waiting for the ack');
 * ```
 */
export type ConnectionState = 'idle' | 'connecting' | 'handshaking' | 'connected' | 'reconnecting' | 'closed' | 'failed';

/**
 * The public status: what a UI shows. `connecting` until the first success, `reconnecting`
 * for any later outage (including its connect and handshake phases).
 *
 * @example
 * ```ts
 * const label: Record<ConnectionStatus, string> = {
 *   idle: 'Not connected', connecting: 'Connecting…', connected: 'Live',
 *   reconnecting: 'Reconnecting…', closed: 'Disconnected', failed: 'Error',
 * };
 * ```
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'failed';

/**
 * An immutable snapshot of the connection, replaced (never mutated) on change so that
 * `useSyncExternalStore` can compare by identity.
 *
 * @example
 * ```ts
 * const { status, error, nextRetryAt } = client.status.getSnapshot();
 * ```
 */
export interface ConnectionSnapshot {
  readonly status: ConnectionStatus;
  readonly state: ConnectionState;
  /** Why the last attempt ended, or why the connection failed; cleared on success. */
  readonly error: ChannelKitError | undefined;
  /** Reconnect attempts since the last stable connection. */
  readonly attempt: number;
  readonly online: boolean;
  /** While waiting to reconnect: when the next attempt starts (epoch ms, the platform clock). */
  readonly nextRetryAt: number | undefined;
}

/**
 * Maps the machine state to the public status.
 *
 * @example
 * ```ts
 * toPublicStatus('handshaking', true); // 'reconnecting'
 * ```
 */
export function toPublicStatus(state: ConnectionState, hasConnectedBefore: boolean): ConnectionStatus {
  switch (state) {
    case 'connecting':
    case 'handshaking':
      return hasConnectedBefore ? 'reconnecting' : 'connecting';
    case 'reconnecting':
      return hasConnectedBefore ? 'reconnecting' : 'connecting';
    default:
      return state;
  }
}

/**
 * A status store in the shape `useSyncExternalStore` wants.
 *
 * @example
 * ```ts
 * const snapshot = useSyncExternalStore(client.status.subscribe, client.status.getSnapshot, client.status.getServerSnapshot);
 * ```
 */
export interface StatusStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ConnectionSnapshot;
  /** What server rendering shows: idle, never connected. */
  getServerSnapshot(): ConnectionSnapshot;
}
