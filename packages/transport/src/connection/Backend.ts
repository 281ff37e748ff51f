import type { Capabilities } from '../client/Capabilities.js';
import type { ChannelFacets, ClientFacets } from '../client/ChannelFacets.js';
import type { PublishResult } from '../client/PublishResult.js';
import type { ChannelKitError } from '../errors/ChannelKitError.js';
import type { Redactor } from '../errors/redact.js';
import type { ChannelStateStore } from './ChannelStateStore.js';

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
export type CloseDecision = { action: 'retry'; throttled?: boolean } | { action: 'reauth' } | { action: 'stop'; error: ChannelKitError };

/**
 * Facts about a lost socket handed to {@link Backend.closeDecision}.
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
 * What a backend hands out when its handshake completes. `connectionId` and `secret` are what
 * its HTTP calls may need (Hotsock's Client HTTP API); `expiresAt` (epoch ms) moves the
 * proactive reconnect earlier than the backend's fixed `maxConnectionMs`. The secret is
 * registered with the redactor before anything can log it.
 *
 * @example
 * ```ts
 * return { type: 'connected', session: { connectionId: m.connectionId, secret: m.connectionSecret, expiresAt: Date.parse(m.expiresAt) } };
 * ```
 */
export interface Session {
  readonly connectionId?: string;
  readonly secret?: string;
  readonly expiresAt?: number;
  readonly [key: string]: unknown;
}

/**
 * One presence member (deduplicated by `id`).
 *
 * @example
 * ```ts
 * const member: PresenceMember = { id: 'user-1', data: { name: 'Ada' } };
 * ```
 */
export interface PresenceMember {
  readonly id: string;
  readonly data?: unknown;
}

/**
 * A decoded inbound frame, in the transport's vocabulary. Frames that name a subscription
 * may also name its channel (normalised); the connection then checks both.
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
  | { type: 'connected'; keepAliveTimeoutMs?: number; session?: Session }
  | { type: 'keepalive' }
  | { type: 'pong' }
  /** A subscribe acknowledged; `data` is whatever the ack carried (Hotsock: the member list). */
  | { type: 'subscribed'; subscriptionId: string; channel?: string; data?: unknown }
  | { type: 'subscribe_failed'; subscriptionId: string; channel?: string; error: ChannelKitError }
  /** `id`: the event's id where the backend has one (used for recovery and deduplication). */
  | { type: 'event'; subscriptionId?: string; channel?: string; id?: string; data: unknown; meta?: Readonly<Record<string, unknown>> }
  | { type: 'publish_result'; publishId: string; error?: ChannelKitError; detail?: unknown }
  /** Presence: `sync` replaces the member list, the others change it. */
  | { type: 'presence'; channel: string; action: 'sync' | 'join' | 'leave' | 'update'; members: readonly PresenceMember[] }
  /** An error about one operation whose kind the codec cannot tell (publish or subscribe). */
  | { type: 'operation_error'; id: string; error: ChannelKitError }
  /** A non-fatal error on a live subscription (AppSync `broadcast_error`): it stays live. */
  | { type: 'channel_error'; subscriptionId: string; error: ChannelKitError }
  /** A connection-level error. With a decision the socket is closed and the decision applied. */
  | { type: 'error'; error: ChannelKitError; decision?: CloseDecision }
  | { type: 'ignore' };

/**
 * What a backend receives when asked for a socket URL.
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
  /** Register every secret the backend uses so that logs and errors redact it. */
  secrets: Redactor;
  signal: AbortSignal;
}

/**
 * A wire subscription. `subscriptionId` is fresh for every (re)subscribe; `channel` is the
 * normalised key.
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
 * One request of a publish: a slice of the caller's events (as the backend prepared them),
 * with the index of its first event in the caller's list.
 *
 * @example
 * ```ts
 * preparePublish: (channel, events) => [{ offset: 0, events, bytes: JSON.stringify(events).length }],
 * ```
 */
export interface PublishBatch {
  offset: number;
  events: readonly unknown[];
  /** Size on the wire, for the outbox's byte bound. */
  bytes: number;
}

/**
 * A publish request on the socket; `publishId` pairs it with its acknowledgement.
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
  /** Whatever the caller passed as publish options (e.g. a per-publish auth override). */
  context?: unknown;
}

/**
 * A publish request delivered outside the socket (HTTP/REST), see {@link Backend.publish}.
 *
 * @example
 * ```ts
 * async publish({ channel, events, fetch }: HttpPublish) {
 *   const res = await fetch(url, { method: 'POST', body: JSON.stringify({ channel, events }) });
 *   return allSuccessful(events.length);
 * }
 * ```
 */
export interface HttpPublish {
  channel: string;
  events: readonly unknown[];
  context?: unknown;
  /** The session of the live connection, if any (Hotsock's HTTP API needs its id and secret). */
  session: Session | undefined;
  /** The `fetch` given to the client (or the global one), safe to call unbound. */
  fetch: typeof fetch;
  secrets: Redactor;
}

/**
 * What {@link Backend.recover} returns: the events missed since `lastEventId`, oldest first,
 * and whether that is all of them (false: some could not be fetched; a discontinuity is signalled).
 *
 * @example
 * ```ts
 * return { events: page.map((m) => ({ id: m.id, data: m.data })), complete: !page.hasMore };
 * ```
 */
export interface Recovery {
  events: ReadonlyArray<{ id: string; data: unknown; meta?: Readonly<Record<string, unknown>> }>;
  complete: boolean;
}

/**
 * One backend's wire protocol and policy, as the connection drives it: pure codecs plus
 * decisions. A backend never owns the socket, timers or retries. The optional members are
 * how backends differ: HTTP publish, recovery of missed events, sessions, pings.
 *
 * This is the seam Hotsock and Chime plug into; apps use the factories (`appSyncEvents(…)`,
 * `apiGatewayWebSocket(…)`) and never implement it unless they bring their own backend.
 *
 * @example
 * ```ts
 * const echo: Backend = {
 *   name: 'echo',
 *   capabilities: { publish: 'socket', publishAcks: false, wildcardSubscribe: false, history: false, presence: false, storage: false,
 *                   limits: { eventBytes: 32_768, batchEvents: 1, channelNameLength: 64 } },
 *   liveness: { mode: 'none', timeoutMs: 0 },
 *   handshake: false, subscribeAcks: false, publishAcks: false,
 *   channelKey: (name) => name,
 *   connect: async () => ({ url: 'ws://127.0.0.1:8080' }),
 *   decode: (raw) => ({ type: 'event', channel: 'echo', data: raw }),
 *   encodeSubscribe: () => undefined,
 *   encodeUnsubscribe: () => undefined,
 *   preparePublish: (_channel, events) => events.map((e, offset) => ({ offset, events: [e], bytes: JSON.stringify(e).length })),
 *   encodePublish: ({ events }) => JSON.stringify(events[0]),
 *   closeDecision: () => ({ action: 'retry' }),
 * };
 * ```
 */
export interface Backend {
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly liveness: Liveness;
  /**
   * Reconnect proactively after this long connected (the service's connection lifetime cap
   * minus a margin); undefined = never. A session's `expiresAt` can bring it forward.
   */
  readonly maxConnectionMs?: number;
  /** True when the protocol answers an init frame with an ack before it is usable. */
  readonly handshake: boolean;
  /** True when the server acknowledges each subscribe (`subscribed` / `subscribe_failed`). */
  readonly subscribeAcks: boolean;
  /** True when the server acknowledges each socket publish (`publish_result`). */
  readonly publishAcks: boolean;
  /**
   * Validates a channel name and returns its normalised key (`default/a` → `/default/a`), so
   * two spellings of one channel share one wire subscription. Throws InvalidChannelError.
   */
  channelKey(name: string, use: 'subscribe' | 'publish'): string;
  /** The URL (and subprotocols) of the next socket; may fetch tokens or sign. */
  connect(context: ConnectContext): Promise<{ url: string; protocols?: string | string[] }>;
  /** Frames to send once the socket opens (e.g. `connection_init`). */
  onOpen?(socketProtocol: string): string[];
  /** Decodes one inbound message. Throwing marks the frame as garbage; the socket survives. */
  decode(data: string | ArrayBuffer | Uint8Array): InboundFrame | readonly InboundFrame[];
  /** Undefined: nothing to send (a channel the client routes locally). */
  encodeSubscribe(subscription: WireSubscription): string | undefined | Promise<string | undefined>;
  encodeUnsubscribe(subscription: WireSubscription): string | undefined;
  encodePing?(): string;
  /**
   * Validates events against the backend's limits and splits them into requests (throw
   * LimitExceededError naming the limit). Runs before anything is queued or sent.
   */
  preparePublish(channel: string, events: readonly unknown[], context?: unknown): PublishBatch[];
  /** A socket publish frame. Absent: this backend publishes only through {@link Backend.publish}. */
  encodePublish?(publish: WirePublish): string | Promise<string>;
  /** The per-event result of one socket request, from its ack's `detail`. Default: all successful. */
  publishResult?(detail: unknown, events: number): PublishResult;
  /** Delivers one request outside the socket (HTTP/REST) and returns its result. */
  publish?(request: HttpPublish): Promise<PublishResult>;
  /**
   * Fetches what a channel missed since `lastEventId` while the socket was down. Called after
   * a resubscribe; the connection delivers the result in order, deduplicated by id, before
   * newer live events. Absent: the channel's subscribers get `onDiscontinuity`.
   *
   * `lastEventId` is undefined when the channel saw no event before the outage: everything
   * published since `since` (epoch ms, when the previous subscription was acknowledged) was
   * missed. A backend that cannot fetch by time returns `{ events: [], complete: false }`.
   */
  recover?(request: { channel: string; lastEventId: string | undefined; since: number; session: Session | undefined; fetch: typeof fetch; secrets: Redactor }): Promise<Recovery>;
  /** History, presence and storage of one channel, where the backend has them. */
  channelFacets?(channel: string, context: FacetContext): ChannelFacets;
  /**
   * Facets of the whole client (the user's channel directory on Chime), asked for once, on
   * first use of `client.directory`.
   */
  clientFacets?(context: Omit<FacetContext, 'state'>): ClientFacets;
  /** Maps a lost socket to retry / reauth / stop. */
  closeDecision(info: CloseInfo): CloseDecision;
}

/**
 * What a backend's channel facets may use: the live session, `fetch`, the redactor, and the
 * channel's state store (presence reads members from it).
 *
 * @example
 * ```ts
 * channelFacets: (channel, { fetch, session }: FacetContext) => ({ history: { list: (o) => listMessages(fetch, session(), channel, o) } }),
 * ```
 */
export interface FacetContext {
  session(): Session | undefined;
  fetch: typeof fetch;
  secrets: Redactor;
  state: ChannelStateStore;
}
