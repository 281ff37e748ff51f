import { AuthError, ProtocolError } from '../errors/errors.js';
import type { CloseDecision, CloseInfo } from './Backend.js';

/**
 * The close-code policy adapters start from (RFC 6455 §7.4 codes plus the 44xx convention
 * of HTTP-status-in-close-code that AWS services and Hotsock use):
 *
 * | code / signal | decision |
 * |---|---|
 * | 1000, 1001, 1006, 1011, 1012, 1014, other | retry |
 * | 1013 (try again later), 4429, HTTP 429 | retry, throttled tier |
 * | 1008 (policy), 4401, 4403, HTTP 401/403 | re-authenticate, then retry once |
 * | 1002, 1003, 1007, 1010 | stop: protocol error |
 *
 * @example
 * ```ts
 * closeDecision: (info) => (info.code === 4400 ? stop(info) : defaultClosePolicy(info)),
 * ```
 */
export function defaultClosePolicy(info: CloseInfo): CloseDecision {
  const http = /\b(\d{3})\b/.exec(info.error ?? '')?.[1];
  if (info.code === 1008 || info.code === 4401 || info.code === 4403 || http === '401' || http === '403') {
    return { action: 'reauth' };
  }
  if (info.code === 1013 || info.code === 4429 || http === '429') return { action: 'retry', throttled: true };
  if (info.code === 1002 || info.code === 1003 || info.code === 1007 || info.code === 1010) {
    return {
      action: 'stop',
      error: new ProtocolError(`server closed the socket with ${info.code}${info.reason ? ` (${info.reason})` : ''}`, { details: { closeCode: info.code } }),
    };
  }
  return { action: 'retry' };
}

/**
 * The error a connection ends with when a re-authentication did not help.
 *
 * @example
 * ```ts
 * const error = authLoopError({ code: 4401, reason: 'Unauthorized', phase: 'handshaking' });
 * ```
 */
export function authLoopError(info: CloseInfo | undefined): AuthError {
  return new AuthError(`authentication failed twice in a row${info ? ` (close ${info.code}${info.reason ? `: ${info.reason}` : ''}${info.error ? `; ${info.error}` : ''})` : ''}; not retrying`, {
    details: info ? { closeCode: info.code } : {},
  });
}
