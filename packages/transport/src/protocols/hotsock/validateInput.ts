import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';

/**
 * The checks every Hotsock call runs on what the app passed, before anything is sent: the
 * Client HTTP API's inputs and the publish `context`. Each failure is INVALID_ARGUMENT naming
 * the field and the rule (the rules are the Client HTTP API's, seed 002 /
 * docs.hotsock.io `client-http-api.mdx`).
 */

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/**
 * True for a ULID, the shape of every Hotsock message id (`listMessages` `after`/`before`).
 *
 * @example
 * ```ts
 * isHotsockMessageId('01JA3HVNF6E89HDT1ABRFWJ8C8'); // true
 * ```
 */
export function isHotsockMessageId(id: string): boolean {
  return ULID.test(id);
}

/**
 * Throws INVALID_ARGUMENT unless `input` is a plain object: `api.listMessages(null)` must not
 * become `Cannot read properties of null`.
 *
 * @example
 * ```ts
 * const body = requireObject(input, 'listMessages(input)');
 * ```
 */
export function requireObject(input: unknown, what: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalidArgument(what, `must be an object (got ${kindOf(input)})`);
  return input as Record<string, unknown>;
}

/** EventBridge Scheduler one-time syntax, the only form Hotsock documents: `at(yyyy-mm-ddThh:mm:ss)`. */
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/**
 * Checks the scheduling fields Hotsock takes on `publishMessage`, `channelStorageSet` and
 * socket publishes: `scheduleExpression` an `at(…)` expression of a real date and time, and
 * `scheduleExpressionTimezone` an IANA zone the runtime knows, given only with an expression
 * (alone it would be ignored by the service, hiding the mistake).
 *
 * @example
 * ```ts
 * checkSchedule({ scheduleExpression: 'at(2030-07-24T09:00:00)', scheduleExpressionTimezone: 'Europe/London' }, 'context');
 * ```
 */
export function checkSchedule(input: Record<string, unknown>, prefix: string): void {
  const expression = input.scheduleExpression;
  const zone = input.scheduleExpressionTimezone;
  if (expression !== undefined) {
    const m = typeof expression === 'string' ? AT.exec(expression) : null;
    if (!m) throw invalidArgument(`${prefix}.scheduleExpression`, `must be a one-time expression at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-07-24T14:30:00) (got ${kindOf(expression)})`);
    const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
    const at = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
    // Date.UTC rolls 2030-02-30 over to March: a date that does not exist is a typo.
    if (at.getUTCMonth() !== mo! - 1 || at.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59)
      throw invalidArgument(`${prefix}.scheduleExpression`, 'must name a real date and time (at(yyyy-mm-ddThh:mm:ss))');
  }
  if (zone !== undefined) {
    if (expression === undefined) throw invalidArgument(`${prefix}.scheduleExpressionTimezone`, 'needs scheduleExpression (Hotsock ignores a time zone without one)');
    if (typeof zone !== 'string' || zone.length === 0 || !isTimeZone(zone))
      throw invalidArgument(`${prefix}.scheduleExpressionTimezone`, `must be an IANA time zone such as America/New_York (got ${typeof zone === 'string' ? 'an unknown zone' : kindOf(zone)})`);
  }
}

function isTimeZone(zone: string): boolean {
  // Without Intl (rare embedded runtimes) the service is left to judge the zone.
  if (typeof Intl === 'undefined' || typeof Intl.DateTimeFormat !== 'function') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a publish `context` (`publish(…, { context })`): undefined, or an object whose
 * `eagerIdGeneration` is a boolean and whose scheduling fields pass {@link checkSchedule}.
 * `event` is checked by `hotsockEventName` where it is used.
 *
 * @example
 * ```ts
 * const context = checkPublishContext({ event: 'chat', eagerIdGeneration: true });
 * ```
 */
export function checkPublishContext(context: unknown): Record<string, unknown> {
  if (context === undefined) return {};
  const c = requireObject(context, 'context');
  if (c.eagerIdGeneration !== undefined && typeof c.eagerIdGeneration !== 'boolean') throw invalidArgument('context.eagerIdGeneration', `must be a boolean (got ${kindOf(c.eagerIdGeneration)})`);
  checkSchedule(c, 'context');
  return c;
}

/** A compact JWS: three base64url parts (the signature may be empty only for `alg: none`, which Hotsock refuses anyway). */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Checks what a token provider returned: a JWT string. Anything else (a number, an object,
 * whitespace, characters that would break the `?token=` URL) is INVALID_ARGUMENT naming the
 * provider, so the connection stops once with the reason instead of retrying a token that can
 * never work, and `token.split is not a function` never surfaces. The token is not quoted.
 *
 * @example
 * ```ts
 * const token = checkToken(await options.connectToken({ reauth }), 'options.connectToken()');
 * ```
 */
export function checkToken(token: unknown, provider: string): string {
  if (typeof token !== 'string' || !JWT.test(token))
    // A provider (`options.connectToken()`) "must return" one; a field (`input.token`) "must be" one.
    throw invalidArgument(
      provider,
      `${provider.endsWith(')') ? 'must return' : 'must be'} a JWT (three base64url parts joined by dots) (got ${typeof token === 'string' && token.length > 0 ? 'a string that is not a JWT' : kindOf(token)})`,
    );
  return token;
}
