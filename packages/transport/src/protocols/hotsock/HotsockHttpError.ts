import { ChannelKitError, type ErrorCode } from '../../errors/ChannelKitError.js';

/**
 * A Client HTTP API call answered with an error status. `status` is the HTTP status,
 * `operation` the endpoint (`publishMessage`, `listMessages` …) and `hotsockCode` the code in
 * the body where there is one. The ChannelKit `code` follows the status: 401/403 →
 * `AUTH_FAILED`, 413 → `LIMIT_EXCEEDED`, 429 → `THROTTLED`, 400/404 → `INVALID_ARGUMENT`,
 * others → `PUBLISH_FAILED` for publishes and `PROTOCOL_ERROR` otherwise (5xx retryable).
 *
 * @example
 * ```ts
 * try { await api.listMessages({ channel: 'room' }); }
 * catch (e) { if (e instanceof HotsockHttpError && e.status === 403) askForHistoryPermission(); }
 * ```
 */
export class HotsockHttpError extends ChannelKitError {
  readonly status: number;
  readonly operation: string;
  readonly hotsockCode: string | undefined;

  constructor(operation: string, status: number, hotsockCode: string | undefined, message: string) {
    const code: ErrorCode =
      status === 401 || status === 403
        ? 'AUTH_FAILED'
        : status === 413
          ? 'LIMIT_EXCEEDED'
          : status === 429
            ? 'THROTTLED'
            : status === 400 || status === 404
              ? 'INVALID_ARGUMENT'
              : operation === 'publishMessage'
                ? 'PUBLISH_FAILED'
                : 'PROTOCOL_ERROR';
    super(code, `Hotsock ${operation}: HTTP ${status}${hotsockCode ? ` ${hotsockCode}` : ''}: ${message}`, {
      retryable: status === 429 || status >= 500,
      details: { status, operation, ...(hotsockCode ? { hotsockCode } : {}) },
    });
    this.name = 'HotsockHttpError';
    this.status = status;
    this.operation = operation;
    this.hotsockCode = hotsockCode;
  }
}

/**
 * An error frame from the Hotsock socket (`hotsock.error`): `hotsockCode` is the server's code
 * (`SUBSCRIBE_PERMISSION_DENIED`, `PRESENCE_CHANNEL_USER_ID_REQUIRED` …), `channel` the channel
 * it named.
 *
 * @example
 * ```ts
 * channel.subscribe({ onEvent, onError: (e) => e instanceof HotsockError && e.hotsockCode === 'SUBSCRIBE_PERMISSION_DENIED' && showLocked() });
 * ```
 */
export class HotsockError extends ChannelKitError {
  readonly hotsockCode: string;
  readonly channel: string | undefined;

  constructor(hotsockCode: string, channel: string | undefined, message: string | undefined) {
    const code: ErrorCode = /SUBSCRIBE|PRESENCE/.test(hotsockCode)
      ? 'SUBSCRIBE_FAILED'
      : /PUBLISH|DATA|EVENT|THROTTL/.test(hotsockCode)
        ? hotsockCode.includes('THROTTL')
          ? 'THROTTLED'
          : 'PUBLISH_FAILED'
        : 'PROTOCOL_ERROR';
    super(code, `Hotsock ${hotsockCode}${channel !== undefined ? ` on ${JSON.stringify(channel.slice(0, 256))}` : ''}${message ? `: ${message.slice(0, 500)}` : ''}`, {
      details: { hotsockCode, ...(channel !== undefined ? { channel } : {}) },
    });
    this.name = 'HotsockError';
    this.hotsockCode = hotsockCode;
    this.channel = channel;
  }
}
