import type { ChannelKitError } from '../errors/ChannelKitError.js';
import { StateMachine } from '../lib/fsm.js';
import type { Platform } from '../lib/platform.js';
import type { CloseDecision, CloseInfo, Session } from './Backend.js';
import type { ConnectionSnapshot, ConnectionState } from './ConnectionStatus.js';
import { authLoopError } from './defaultClosePolicy.js';

/** What drives the connection's state machine. */
export type MachineEvent =
  | { type: 'CONNECT' }
  | { type: 'OPENED' }
  | { type: 'READY'; keepAliveTimeoutMs?: number | undefined; session?: Session | undefined }
  | { type: 'LOST'; info: CloseInfo; error: ChannelKitError; decision: CloseDecision }
  | { type: 'RETRY' }
  | { type: 'NETWORK' }
  | { type: 'CLOSE' };

/**
 * What the machine remembers between attempts, replaced (never mutated) by the transitions
 * that change it, so every decision reads one consistent record.
 */
export interface RetryFacts {
  /** The server asked us to slow down: the next delay comes from the throttled tier. */
  readonly throttled: boolean;
  /** The last attempt failed on auth: the next one re-authenticates, without delay. */
  readonly reauthNext: boolean;
  /** Re-authenticated since the last success: a second auth failure stops (no loops). */
  readonly reauthed: boolean;
  /** A planned reconnect (lifetime cap): no backoff delay. */
  readonly immediate: boolean;
  /** Has ever reached `connected`: later outages are "reconnecting" to the user. */
  readonly hasConnected: boolean;
  /** Why the last attempt ended (cleared on success). */
  readonly lastError: ChannelKitError | undefined;
  /** Why the connection failed for good. */
  readonly fatal: ChannelKitError | undefined;
}

export const FRESH: RetryFacts = Object.freeze({ throttled: false, reauthNext: false, reauthed: false, immediate: false, hasConnected: false, lastError: undefined, fatal: undefined });
export const IDLE_SNAPSHOT: ConnectionSnapshot = Object.freeze({ status: 'idle', state: 'idle', error: undefined, attempt: 0, online: true, nextRetryAt: undefined });

/**
 * What a lost socket leads to, given the backend's decision: `failed` on a stop or on a
 * second auth failure in a row (auth failures never loop: one fresh-credential retry, then
 * stop), `reconnecting` otherwise — with the facts the next attempt reads.
 *
 * @example
 * ```ts
 * const { facts, next } = afterLoss(FRESH, { type: 'LOST', info, error, decision: { action: 'reauth' } });
 * // next === 'reconnecting', facts.reauthNext === true
 * ```
 */
export function afterLoss(previous: RetryFacts, event: Extract<MachineEvent, { type: 'LOST' }>): { facts: RetryFacts; next: ConnectionState } {
  const { decision, info } = event;
  const facts = { ...previous, lastError: event.error };
  if (decision.action === 'stop') return { facts: { ...facts, fatal: decision.error }, next: 'failed' };
  if (decision.action === 'reauth') {
    if (facts.reauthed) return { facts: { ...facts, fatal: authLoopError(info) }, next: 'failed' };
    return { facts: { ...facts, reauthed: true, reauthNext: true, throttled: false }, next: 'reconnecting' };
  }
  return { facts: { ...facts, throttled: decision.throttled ?? false }, next: 'reconnecting' };
}

/** The effects the machine runs; each `*: () => cleanup` runs on entry and its result on exit. */
export interface ConnectionMachineHooks {
  timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>;
  connectTimeoutMs: number;
  /** The backend answers an init frame before the socket is usable. */
  handshake: boolean;
  online(): boolean;
  /** Opening the socket or the handshake took too long (the machine then reconnects). */
  timedOut(phase: string): void;
  openSocket(): () => void;
  lost(event: Extract<MachineEvent, { type: 'LOST' }>): ConnectionState;
  connected(ready: Extract<MachineEvent, { type: 'READY' }> | undefined): () => void;
  retry(): () => void;
  closed(): void;
  failed(): void;
}

/**
 * The connection's states and transitions as data:
 * `idle → connecting → handshaking → connected ⇄ reconnecting → closed | failed`, with the
 * connect and handshake timeouts as timed transitions.
 */
export function createConnectionMachine(hooks: ConnectionMachineHooks): StateMachine<ConnectionState, MachineEvent> {
  const timeout = hooks.connectTimeoutMs;
  const timedOut = (phase: string): ConnectionState => {
    hooks.timedOut(phase);
    return 'reconnecting';
  };
  const start = (): ConnectionState => (hooks.online() ? 'connecting' : 'reconnecting');
  const lost = (e: Extract<MachineEvent, { type: 'LOST' }>) => hooks.lost(e);
  return new StateMachine<ConnectionState, MachineEvent>({
    initial: 'idle',
    timers: hooks.timers,
    states: {
      idle: { on: { CONNECT: start, CLOSE: 'closed' } },
      connecting: {
        entry: () => hooks.openSocket(),
        after: { delay: timeout, target: () => timedOut('opening the socket') },
        on: { OPENED: () => (hooks.handshake ? 'handshaking' : 'connected'), LOST: lost, CLOSE: 'closed' },
      },
      handshaking: {
        after: { delay: timeout, target: () => timedOut('the handshake') },
        on: { READY: 'connected', LOST: lost, CLOSE: 'closed' },
      },
      connected: {
        entry: (event) => hooks.connected(event?.type === 'READY' ? event : undefined),
        on: { LOST: lost, CLOSE: 'closed' },
      },
      reconnecting: {
        entry: () => hooks.retry(),
        on: { RETRY: 'connecting', NETWORK: () => (hooks.online() ? 'connecting' : 'reconnecting'), CLOSE: 'closed' },
      },
      closed: { entry: () => hooks.closed(), on: { CONNECT: start } },
      failed: { entry: () => hooks.failed(), on: { CONNECT: start, CLOSE: 'closed' } },
    },
  });
}
