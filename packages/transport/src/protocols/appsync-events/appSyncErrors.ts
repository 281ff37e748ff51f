import { ChannelKitError, type ErrorCode } from '../../errors/ChannelKitError.js';
import { AuthError } from '../../errors/errors.js';

/**
 * One item of an AppSync `errors` array.
 *
 * @example
 * ```ts
 * const e: AppSyncErrorItem = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' };
 * ```
 */
export interface AppSyncErrorItem {
  errorType?: string;
  message?: string;
  errorCode?: number;
}

const AUTH_TYPES = new Set(['UnauthorizedException', 'Unauthorized', 'NotAuthorizedException', 'ForbiddenException']);

/**
 * Maps an AppSync `errors` array to a typed error. The errorType vocabulary is the one the
 * official Kotlin client maps (AppSync Events error types as the official clients map them); the error keeps
 * `errorType` in `details` and in its message.
 *
 * @example
 * ```ts
 * appSyncError([{ errorType: 'MaxSubscriptionsReachedError', message: '…' }], 'SUBSCRIBE_FAILED').code; // 'LIMIT_EXCEEDED'
 * ```
 */
export function appSyncError(errors: unknown, fallback: ErrorCode): ChannelKitError {
  const items = Array.isArray(errors) ? (errors as AppSyncErrorItem[]) : [];
  const first = items[0] ?? {};
  const type = first.errorType ?? 'UnknownError';
  const message = `${type}: ${first.message ?? 'no message'}${items.length > 1 ? ` (+${items.length - 1} more)` : ''}`;
  const details = { errorType: type, errors: items };
  // BadRequestException "signature mismatch" is how AppSync refuses a bad IAM signature on a
  // WebSocket operation (aws-appsync-community#400).
  if (AUTH_TYPES.has(type) || /token (has )?expired|signature mismatch/i.test(first.message ?? '')) return new AuthError(message, { details });
  const code: ErrorCode =
    type === 'LimitExceededError'
      ? 'THROTTLED'
      : type === 'MaxSubscriptionsReachedError'
        ? 'LIMIT_EXCEEDED'
        : type === 'ResourceNotFound' || type === 'ResourceNotFoundException'
          ? 'INVALID_CHANNEL'
          : fallback;
  return new ChannelKitError(code, message, { details, retryable: code === 'THROTTLED' });
}
