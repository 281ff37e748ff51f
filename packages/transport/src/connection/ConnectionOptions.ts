import type { BackoffPolicy } from '../lib/backoff.js';
import type { Logger } from '../lib/logger.js';
import type { Platform } from '../lib/platform.js';
import type { OutboxBounds } from './Outbox.js';
import type { EnvironmentSignal } from './signals.js';
import type { WebSocketConstructor } from './WebSocketLike.js';

/**
 * Options of a connection (and of `createClient`, which passes them through). Everything with
 * a side effect can be injected.
 *
 * @example
 * ```ts
 * const options: ConnectionOptions = { WebSocket, logger: consoleLogger('debug'), releaseGraceMs: 2000 };
 * ```
 */
export interface ConnectionOptions {
  /** WebSocket class; defaults to `globalThis.WebSocket`, read when connecting (Node 20: pass `ws`). */
  WebSocket?: WebSocketConstructor | undefined;
  /** `fetch` for HTTP publish and history; defaults to `globalThis.fetch`, called unbound. */
  fetch?: typeof fetch | undefined;
  platform?: Partial<Platform> | undefined;
  /** Receives redacted diagnostics. Default: silent. */
  logger?: Logger | undefined;
  backoff?: Partial<BackoffPolicy> | undefined;
  /** Bounds of the queue of publishes made while not connected. */
  outbox?: Partial<OutboxBounds> | undefined;
  /** Online/offline signal: no reconnect attempts while offline, an immediate one on return. */
  network?: EnvironmentSignal | undefined;
  /** Page visibility: a waiting reconnect is tried at once when the page becomes visible. */
  visibility?: EnvironmentSignal | undefined;
  /** Limit for the socket to open, and separately for the handshake (default 15 s). */
  connectTimeoutMs?: number | undefined;
  /** Limit for a subscribe or publish acknowledgement (default 10 s). */
  ackTimeoutMs?: number | undefined;
  /** How long a channel's wire subscription outlives its last release (default 1 s). */
  releaseGraceMs?: number | undefined;
  /** Connect on the first subscribe or publish (default true). */
  autoConnect?: boolean | undefined;
  /** Secrets to redact from logs and errors in addition to the ones the backend registers. */
  secrets?: readonly string[] | undefined;
}
