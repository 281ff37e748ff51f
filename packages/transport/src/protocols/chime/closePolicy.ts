import type { CloseDecision, CloseInfo } from '../../connection/Backend.js';
import { AuthError, ProtocolError } from '../../errors/errors.js';
import { invalidArgument } from '../../lib/invalidArgument.js';

/**
 * The Chime close-code table (spec A3.1, [WS-DOC] "Handling disconnects"), exactly:
 *
 * | code | decision |
 * |---|---|
 * | 1001, 1006, 1011, 1012, 1014 | retry |
 * | 1013 (try again later) | retry, throttled tier |
 * | any other 1000–3999 (1000, 1005, 1008 …) | stop |
 * | 4xxx except below (4000, 4005, 4999 …) | retry |
 * | 4002 client initiated | stop |
 * | 4003 forbidden, 4401 not authorized | stop (AuthError) |
 *
 * The JS SDK does not retry 4000 (`code > 4000`, spec A3.2); the documentation says "for 4XXX
 * codes always reconnect except…", which is followed here. Every retry presigns afresh with
 * credentials fetched again (spec A3.1 reconnect procedure); retries never give up on their own.
 *
 * @example
 * ```ts
 * chimeCloseDecision({ code: 1006, reason: '', phase: 'connected' }); // { action: 'retry' }
 * ```
 */
export function chimeCloseDecision(info: CloseInfo): CloseDecision {
  if (info === null || typeof info !== 'object' || typeof info.code !== 'number') throw invalidArgument('info', 'must be a CloseInfo with a numeric code');
  const { code } = info;
  const what = `Chime closed the socket with ${code}${info.reason ? ` (${info.reason.slice(0, 123)})` : ''}`;
  if (code === 4003 || code === 4401) {
    return { action: 'stop', error: new AuthError(`${what}: ${code === 4003 ? 'forbidden' : 'not authorized'}; the Chime close-code table says not to reconnect`, { details: { closeCode: code } }) };
  }
  if (code === 4002) return { action: 'stop', error: new ProtocolError(`${what}: client initiated; the Chime close-code table says not to reconnect`, { details: { closeCode: code } }) };
  if (code >= 4000 && code <= 4999) return { action: 'retry' };
  if (code === 1013) return { action: 'retry', throttled: true };
  if (code === 1001 || code === 1006 || code === 1011 || code === 1012 || code === 1014) return { action: 'retry' };
  return { action: 'stop', error: new ProtocolError(`${what}: not in the Chime table of codes to reconnect on`, { details: { closeCode: code } }) };
}
