import type { ChannelKitError } from '../errors/ChannelKitError.js';
import type { Redactor } from '../errors/redact.js';

/**
 * How a protocol proves the socket is alive.
 * - `keepalive`: the server sends keep-alive frames (AppSync `ka`); silence for `timeoutMs`
 *   means the socket is dead.
 * - `ping`: the client sends `encodePing()` every `pingIntervalMs` and expects a `pong` frame
 *   within `timeoutMs` of silence (`timeoutMs: 0`: send pings to keep the connection from
 *   idling, expect nothing back).
 * - `traffic`: any inbound frame counts.
 * - `none`: rely on the socket's own close events.
 *
 * @example
 * ```ts
 * const liveness: Liveness = { mode: 'keepalive', timeoutMs: 300_000 };
 * ```
 */
export interface Liveness {
  mode: 'keepalive' | 'ping' | 'traffic' | 'none';
  timeoutMs: number;
  pingIntervalMs?: number;
}

/**
 * What to do after a socket closed or a handshake failed.
 * - `retry`: reconnect with backoff (`throttled` picks the slower tier).
 * - `reauth`: get fresh credentials, then reconnect once; a second auth failure in a row stops.
 * - `stop`: give up with `error`; the connection ends `failed`.
 *
 * @example
 * ```ts
 * const decision: CloseDecision = code === 4429 ? { action: 'retry', throttled: true } : { action: 'retry' };
 * ```
 */
export type CloseDecision =
  | { action: 'retry'; throttled?: boolean }
  | { action: 'reauth' }
  | { action: 'stop'; error: ChannelKitError };

/**
 * Facts about a lost socket handed to {@link ProtocolAdapter.closeDecision}.
 *
 * @example
 * ```ts
 * closeDecision: (info: CloseInfo) => (info.phase === 'handshaking' && info.code === 4400 ? { action: 'reauth' } : defaultClosePolicy(info)),
 * ```
 */
export interface CloseInfo {
  /** WebSocket close code (1006 when the socket failed without a close frame). */
  code: number;
  reason: string;
  /** Where the attempt was when it ended. */
  phase: 'connecting' | 'handshaking' | 'connected';
  /** Message of the socket's error event, if any (e.g. `Unexpected server response: 401`). */
  error?: string;
}

/**
 * A decoded inbound frame, in the transport's vocabulary.
 *
 * @example
 * ```ts
 * decode(raw) {
 *   const m = JSON.parse(raw);
 *   if (m.type === 'ka') return { type: 'keepalive' };
 *   if (m.type === 'data') return { type: 'event', subscriptionId: m.id, data: JSON.parse(m.event) };
 *   return { type: 'ignore' };
 * }
 * ```
 */
export type InboundFrame =
  /** Handshake complete; may override the liveness timeout (AppSync `connectionTimeoutMs`). */
  | { type: 'connected'; keepAliveTimeoutMs?: number }
  | { type: 'keepalive' }
  | { type: 'pong' }
  | { type: 'subscribed'; subscriptionId: string }
  | { type: 'subscribe_failed'; subscriptionId: string; error: ChannelKitError }
  | { type: 'event'; subscriptionId?: string; channel?: string; data: unknown; meta?: Readonly<Record<string, unknown>> }
  | { type: 'publish_result'; publishId: string; error?: ChannelKitError; detail?: unknown }
  /** An error about one operation whose kind the codec cannot tell (publish or subscribe). */
  | { type: 'operation_error'; id: string; error: ChannelKitError }
  /** A non-fatal error on a live subscription (AppSync `broadcast_error`): it stays live. */
  | { type: 'channel_error'; subscriptionId: string; error: ChannelKitError }
  /** A connection-level error. With a decision the socket is closed and the decision applied. */
  | { type: 'error'; error: ChannelKitError; decision?: CloseDecision }
  | { type: 'ignore' };

/**
 * What an adapter receives when asked for a socket URL.
 *
 * @example
 * ```ts
 * async connect({ reauth, secrets }: ConnectContext) {
 *   const token = await getToken({ forceRefresh: reauth });
 *   secrets.add(token);
 *   return { url: `wss://example.com/ws?token=${token}` };
 * }
 * ```
 */
export interface ConnectContext {
  /** 0 for the first attempt after a success, then 1, 2 … */
  attempt: number;
  /** True when the previous attempt failed on auth: do not reuse cached tokens. */
  reauth: boolean;
  /** Register every secret the adapter uses so that logs and errors redact it. */
  secrets: Redactor;
  signal: AbortSignal;
}

/**
 * A wire subscription. `subscriptionId` is fresh for every (re)subscribe.
 *
 * @example
 * ```ts
 * encodeSubscribe: ({ subscriptionId, channel }: WireSubscription) => JSON.stringify({ type: 'subscribe', id: subscriptionId, channel }),
 * ```
 */
export interface WireSubscription {
  subscriptionId: string;
  channel: string;
}

/**
 * A publish on the wire; `publishId` pairs it with its acknowledgement.
 *
 * @example
 * ```ts
 * encodePublish: ({ publishId, channel, events }: WirePublish) => JSON.stringify({ type: 'publish', id: publishId, channel, events }),
 * ```
 */
export interface WirePublish {
  publishId: string;
  channel: string;
  events: readonly unknown[];
  /** Whatever the caller passed as `context` to `publish` (e.g. a per-operation auth override). */
  context?: unknown;
}

/**
 * One backend's wire protocol, as the {@link Connection} drives it. Adapters are pure codecs
 * plus policy: they never own the socket, timers or retries.
 *
 * @example
 * ```ts
 * const echo: ProtocolAdapter = {
 *   name: 'echo',
 *   liveness: { mode: 'none', timeoutMs: 0 },
 *   handshake: false, subscribeAcks: false, publishAcks: false,
 *   connect: async () => ({ url: 'ws://127.0.0.1:8080' }),
 *   decode: (raw) => ({ type: 'event', channel: 'echo', data: raw }),
 *   encodeSubscribe: () => undefined,
 *   encodeUnsubscribe: () => undefined,
 *   encodePublish: ({ events }) => JSON.stringify(events),
 *   closeDecision: () => ({ action: 'retry' }),
 * };
 * ```
 */
export interface ProtocolAdapter {
  readonly name: string;
  readonly liveness: Liveness;
  /**
   * Reconnect proactively after this long connected (the service's connection lifetime cap
   * minus a margin); undefined = never.
   */
  readonly maxConnectionMs?: number;
  /** True when the protocol answers an init frame with an ack before it is usable. */
  readonly handshake: boolean;
  /** True when the server acknowledges each subscribe (`subscribed` / `subscribe_failed`). */
  readonly subscribeAcks: boolean;
  /** True when the server acknowledges each publish (`publish_result`). */
  readonly publishAcks: boolean;
  /** The URL (and subprotocols) of the next socket; may fetch tokens or sign. */
  connect(context: ConnectContext): Promise<{ url: string; protocols?: string | string[] }>;
  /** Frames to send once the socket opens (e.g. `connection_init`). */
  onOpen?(socketProtocol: string): string[];
  /** Decodes one inbound message. Throwing marks the frame as garbage; the socket survives. */
  decode(data: string | ArrayBuffer | Uint8Array): InboundFrame | readonly InboundFrame[];
  /** Validates a channel name before anything is sent (throw InvalidChannelError). */
  validateChannel?(channel: string, use: 'subscribe' | 'publish'): void;
  /** Validates a publish against the protocol's limits (throw LimitExceededError). */
  validatePublish?(channel: string, events: readonly unknown[]): void;
  encodeSubscribe(subscription: WireSubscription): string | undefined | Promise<string | undefined>;
  encodeUnsubscribe(subscription: WireSubscription): string | undefined;
  encodePublish(publish: WirePublish): string | Promise<string>;
  encodePing?(): string;
  /** Maps a lost socket to retry / reauth / stop. */
  closeDecision(info: CloseInfo): CloseDecision;
}
