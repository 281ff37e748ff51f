/**
 * Per-event publish permissions under a channel's `messages` (Hotsock spec §3.3). Keys of
 * `messages` are event names, `*` patterns or `#regex:` keys.
 *
 * @example
 * ```ts
 * const chat: HotsockMessageDirectives = { publish: true, echo: true, store: 86_400 };
 * ```
 */
export interface HotsockMessageDirectives {
  /** May publish this event while subscribed. */
  publish?: boolean;
  /** May publish without being subscribed (connect tokens only). */
  broadcast?: boolean;
  /** The sender also receives its own message. */
  echo?: boolean;
  /** Seconds to keep the message: 0 no, -1 forever, at most 3155695200. */
  store?: number;
  emitPubSubEvent?: boolean;
  /** Latest NumericDate the client may schedule this event for. */
  scheduleBefore?: number;
  /** May react to stored messages of this event: any reaction, or only those listed. */
  react?: boolean | string[];
}

/**
 * Per-key channel storage permissions under a channel's `storage` (Hotsock spec §3.3).
 *
 * @example
 * ```ts
 * const topic: HotsockStorageDirectives = { observe: true, set: true };
 * ```
 */
export interface HotsockStorageDirectives {
  observe?: boolean;
  get?: boolean;
  set?: boolean;
  /** TTL of this connection's writes: -1 forever (the default) or 1–3155695200 seconds. */
  store?: number;
  scheduleBefore?: number;
  emitPubSubEvent?: boolean;
}

/**
 * Permissions for one `channels` key: an exact channel name, a `*` pattern or a `#regex:` key.
 *
 * @example
 * ```ts
 * const room: HotsockChannelDirectives = { subscribe: true, historyStart: 0, messages: { chat: { publish: true, echo: true } } };
 * ```
 */
export interface HotsockChannelDirectives {
  subscribe?: boolean;
  /** Subscribed on connect (connect tokens, exact names only). */
  autoSubscribe?: boolean;
  /** A friendly name the client may use instead (exact names only; unique in the token). */
  alias?: string;
  /** Earliest readable stored message (NumericDate, 0 for all history). */
  historyStart?: number;
  getInfo?: boolean;
  omitFromSubCount?: boolean;
  umdUpdate?: boolean;
  messages?: Record<string, HotsockMessageDirectives>;
  storage?: Record<string, HotsockStorageDirectives>;
}

/**
 * The claims of a Hotsock connect, subscribe or umd token (Hotsock spec §3.2), minus `exp` and
 * `iat`, which {@link signHotsockToken} sets from its `ttl`. Other claims an app adds are kept.
 *
 * @example
 * ```ts
 * const claims: HotsockClaims = {
 *   scope: 'connect',
 *   uid: 'alice',
 *   umd: { name: 'Alice' },
 *   channels: { 'presence.room-1': { subscribe: true, messages: { chat: { publish: true, echo: true } } } },
 * };
 * ```
 */
export interface HotsockClaims {
  /** Space-separated: `connect`, `subscribe`, `umd`. */
  scope: string;
  /** User ID (≤128 characters); needed for presence and for subscribe tokens without `connectionId`. */
  uid?: string;
  /** User metadata shown to presence members (≤1 KiB of JSON). */
  umd?: unknown;
  /** Binds a subscribe or umd token to one connection (never with `connect`). */
  connectionId?: string;
  channels?: Record<string, HotsockChannelDirectives>;
  aud?: string | string[];
  iss?: string;
  nbf?: number;
  jti?: string;
  /** One use only; needs `jti`. */
  singleUse?: boolean;
  keepAlive?: boolean;
  /** Seconds (5–600) within which the client must send a heartbeat. */
  heartbeatTimeout?: number;
  umdUpdate?: boolean;
  umdPropagate?: boolean;
  [claim: string]: unknown;
}
