/**
 * What a backend can do, as plain data: UIs and hooks read it instead of checking which
 * backend they were given (a composer shows the byte limit, a chat hides "load older" where
 * there is no history).
 *
 * @example
 * ```ts
 * const { limits, history } = client.capabilities;
 * if (utf8Bytes(text) > limits.eventBytes) showTooLong(limits.eventBytes);
 * if (!history) hideLoadOlder();
 * ```
 */
export interface Capabilities {
  /** Where publishes go: over the socket, over HTTP/REST, or either (`both`: socket by default). */
  readonly publish: 'socket' | 'http' | 'both';
  /** The server acknowledges each publish (results say which events it took). */
  readonly publishAcks: boolean;
  /** Subscriptions may use wildcards (AppSync Events `/ns/*`). */
  readonly wildcardSubscribe: boolean;
  /** `channel.history` exists: past events can be listed, and gaps after an outage are recovered. */
  readonly history: boolean;
  /** `channel.presence` exists natively. */
  readonly presence: boolean;
  /** `channel.storage` exists. */
  readonly storage: boolean;
  readonly limits: {
    /** Largest single event, in bytes of its JSON encoding. */
    readonly eventBytes: number;
    /** Most events one wire publish carries; larger batches are split by the client. */
    readonly batchEvents: number;
    /** Longest channel name, in characters. */
    readonly channelNameLength: number;
  };
}
