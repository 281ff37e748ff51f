import { ChannelKitError, type ChannelKitErrorOptions } from './ChannelKitError.js';

// The subclasses are one concept — "the typed error family" — and each is a few lines, so
// they share this file; ChannelKitError and redaction live apart because everything uses them.
// Each sets its `name` literally: minifiers rename classes, so `new.target.name` would ship
// names like `t` (issue 9.4).

/**
 * The socket could not be opened, timed out, or dropped. Retryable by nature.
 *
 * @example
 * ```ts
 * if (error instanceof ConnectionError && error.code === 'CONNECTION_TIMEOUT') retryLater();
 * ```
 */
export class ConnectionError extends ChannelKitError {
  constructor(code: 'CONNECTION_TIMEOUT' | 'CONNECTION_LOST' | 'CONNECTION_CLOSED' | 'THROTTLED', message: string, options: ChannelKitErrorOptions = {}) {
    super(code, message, { retryable: code !== 'CONNECTION_CLOSED', ...options });
    this.name = 'ConnectionError';
  }
}

/**
 * The server refused the credentials (or the auth provider failed twice in a row). The
 * connection does not retry this on its own: fix the credentials and call `connect()` again.
 *
 * @example
 * ```ts
 * connection.status.subscribe(() => {
 *   const { error } = connection.status.getSnapshot();
 *   if (error instanceof AuthError) redirectToLogin();
 * });
 * ```
 */
export class AuthError extends ChannelKitError {
  constructor(message: string, options: ChannelKitErrorOptions = {}) {
    super('AUTH_FAILED', message, options);
    this.name = 'AuthError';
  }
}

/**
 * A documented limit was exceeded. `details` names the `limit`, the `actual` value and the
 * `max` allowed.
 *
 * @example
 * ```ts
 * new LimitExceededError('eventBytes', 300_000, 245_760, 'an event may hold at most 240 KB');
 * ```
 */
export class LimitExceededError extends ChannelKitError {
  readonly limit: string;
  readonly actual: number;
  readonly max: number;

  constructor(limit: string, actual: number, max: number, message: string, options: ChannelKitErrorOptions = {}) {
    super('LIMIT_EXCEEDED', `${message} (limit ${limit}: ${actual} > ${max})`, {
      ...options,
      details: { limit, actual, max, ...options.details },
    });
    this.name = 'LimitExceededError';
    this.limit = limit;
    this.actual = actual;
    this.max = max;
  }
}

/**
 * The outbox that holds publishes made while disconnected is full. Nothing was queued; the
 * caller decides whether to retry later or tell the user.
 *
 * @example
 * ```ts
 * await channel.publish(msg).catch((e) => e instanceof OutboxFullError && toast('Offline'));
 * ```
 */
export class OutboxFullError extends ChannelKitError {
  constructor(limit: 'maxEvents' | 'maxBytes', actual: number, max: number) {
    super('OUTBOX_FULL', `outbox is full: ${limit} would be ${actual}, the bound is ${max}`, {
      retryable: true,
      details: { limit, actual, max },
    });
    this.name = 'OutboxFullError';
  }
}

/**
 * A channel name broke a naming rule; `details.rule` names it.
 *
 * @example
 * ```ts
 * throw new InvalidChannelError('/a//b', 'segments must not be empty');
 * ```
 */
export class InvalidChannelError extends ChannelKitError {
  constructor(channel: string, rule: string) {
    super('INVALID_CHANNEL', `invalid channel ${JSON.stringify(channel)}: ${rule}`, { details: { channel, rule } });
    this.name = 'InvalidChannelError';
  }
}

/**
 * The peer sent something the protocol does not allow (unparseable frame, unknown type in a
 * strict position, an error frame).
 *
 * @example
 * ```ts
 * throw new ProtocolError('frame is not JSON', { details: { sample: raw.slice(0, 64) } });
 * ```
 */
export class ProtocolError extends ChannelKitError {
  constructor(message: string, options: ChannelKitErrorOptions = {}) {
    super('PROTOCOL_ERROR', message, options);
    this.name = 'ProtocolError';
  }
}
