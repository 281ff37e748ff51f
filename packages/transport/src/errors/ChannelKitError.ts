/**
 * Stable machine-readable error codes. Match on `error.code`, never on the message: messages
 * are for people and may change.
 *
 * @example
 * ```ts
 * const retry = (code: ErrorCode) => code === 'CONNECTION_LOST' || code === 'ACK_TIMEOUT';
 * ```
 */
export type ErrorCode =
  | 'CONNECTION_TIMEOUT'
  | 'CONNECTION_LOST'
  | 'CONNECTION_CLOSED'
  | 'AUTH_FAILED'
  | 'LIMIT_EXCEEDED'
  | 'INVALID_CHANNEL'
  | 'INVALID_ARGUMENT'
  | 'OUTBOX_FULL'
  | 'PROTOCOL_ERROR'
  | 'ACK_TIMEOUT'
  | 'THROTTLED'
  | 'SUBSCRIBE_FAILED'
  | 'PUBLISH_FAILED'
  | 'CONNECTION_GONE'
  /**
   * The backend lacks the feature asked for (storage on AppSync Events, a channel directory
   * outside Chime …); `details.feature` and `details.backend` name them. Not retryable.
   */
  | 'UNSUPPORTED'
  /** A listener the app registered threw; the error is reported, other listeners still run. */
  | 'LISTENER_ERROR';

/**
 * Options shared by every ChannelKit error.
 *
 * @example
 * ```ts
 * throw new ChannelKitError('PUBLISH_FAILED', 'rejected by the server', { cause: error, retryable: true });
 * ```
 */
export interface ChannelKitErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** Whether retrying the same operation later may succeed. */
  retryable?: boolean;
  /** Extra structured facts (limits, close codes …). */
  details?: Record<string, unknown>;
}

/**
 * Base class of every error the transport throws or rejects with.
 *
 * Redaction happens where errors leave the transport, not here: a connection (or client)
 * scrubs every error it reports with its {@link Redactor} — message, stack, details at any
 * depth, the whole `cause` chain — so that `String(error)`, `error.stack`,
 * `JSON.stringify(error)`, `util.inspect(error)` and `console.error(error)` print no secret.
 * The class stays tiny so that modules like the SigV4 signer can throw typed errors without
 * shipping the redaction tables; messages built inside the transport never interpolate secrets.
 *
 * @example
 * ```ts
 * try {
 *   await channel.publish({ text: 'hi' });
 * } catch (error) {
 *   if (error instanceof ChannelKitError && error.code === 'OUTBOX_FULL') showOfflineBanner();
 * }
 * ```
 */
export class ChannelKitError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: ChannelKitErrorOptions = {}) {
    // Error reads `cause` from the options only when the key is present.
    super(message, options);
    this.name = 'ChannelKitError'; // subclasses set theirs; never new.target.name, which minifiers mangle
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  /**
   * A JSON-safe form for logs and devtools: name, code, message, retryable, details and the
   * fields of subclasses. The cause stays out: a foreign cause's fields (a fetch library's
   * request and headers) are not this library's to print.
   */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }

  /**
   * What Node's `util.inspect` and `console.log` print: the stack, then the JSON form; not
   * Node's default, which walks every field of the cause (a fetch library's request and headers).
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.stack}\n${JSON.stringify(this)}`;
  }
}
