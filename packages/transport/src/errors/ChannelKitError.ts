import { redact } from './redact.js';

/**
 * Stable machine-readable error codes. Match on `error.code`, never on the message: messages
 * are for people and may change.
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
  | 'PUBLISH_FAILED';

/** Options shared by every ChannelKit error. */
export interface ChannelKitErrorOptions {
  /** The underlying error. Foreign errors are replaced by a redacted copy (see below). */
  cause?: unknown;
  /** Whether retrying the same operation later may succeed. */
  retryable?: boolean;
  /** Extra structured facts (limits, close codes …). Strings in it are redacted. */
  details?: Record<string, unknown>;
}

/**
 * Base class of every error the transport throws or rejects with.
 *
 * The message, the details and the cause chain pass through {@link redact} on construction,
 * so an error can be logged or shown without leaking API keys, JWTs, signatures or session
 * tokens that a server echoed back.
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
    super(redact(message), options.cause === undefined ? undefined : { cause: scrubCause(options.cause) });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = Object.freeze(redactDeep(options.details ?? {}) as Record<string, unknown>);
  }

  /** A JSON-safe form for logs and devtools (already redacted). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }
}

/**
 * Foreign errors (from `ws`, `fetch`, a user's auth callback) may carry secrets in their
 * message; keep their name and a redacted message, drop everything else.
 */
function scrubCause(cause: unknown): unknown {
  if (cause instanceof ChannelKitError) return cause;
  if (cause instanceof Error) {
    const copy = new Error(redact(cause.message));
    copy.name = cause.name;
    return copy;
  }
  return typeof cause === 'string' ? redact(cause) : undefined;
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}
