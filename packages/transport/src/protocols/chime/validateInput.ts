import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { isChannelArn } from './arns.js';

/**
 * The checks every Chime call runs on what the app passed, before anything is signed or sent.
 * The rules are the Chime SDK Messaging API reference's (Smithy model, spec A4.6):
 * `MessageId` 1..128 of `[-_a-zA-Z0-9]`, `Metadata` 0..1024 characters, `max-results` 1..50,
 * `next-token` up to 2048 characters, `ClientRequestToken` 2..64 of `[-_a-zA-Z0-9]`, and
 * CONTROL messages carry no metadata ("CONTROL messages are limited to 30 bytes and do not
 * contain metadata", SendChannelMessage). Each failure is INVALID_ARGUMENT naming the field.
 */

const MESSAGE_ID = /^[-_a-zA-Z0-9]{1,128}$/;
const REQUEST_TOKEN = /^[-_a-zA-Z0-9]{2,64}$/;
/**
 * Most characters of `Metadata` on messages and channels (SendChannelMessage, UpdateChannel).
 *
 * @example
 * ```ts
 * if (metadata.length > MAX_METADATA) showTooLong();
 * ```
 */
export const MAX_METADATA = 1024;

/**
 * True for a string shaped like a Chime `MessageId`.
 *
 * @example
 * ```ts
 * isChimeMessageId('b2f2d0c1a3'); // true
 * ```
 */
export function isChimeMessageId(id: string): boolean {
  return MESSAGE_ID.test(id);
}

/**
 * Throws unless `id` is a Chime MessageId; returns it.
 *
 * @example
 * ```ts
 * const id = messageId(input, 'messageId');
 * ```
 */
export function messageId(id: unknown, what: string): string {
  if (typeof id !== 'string' || !MESSAGE_ID.test(id)) throw invalidArgument(what, `must be a Chime MessageId (1..128 characters of [-_a-zA-Z0-9]) (got ${kindOf(id)})`);
  return id;
}

/**
 * Throws unless `input` is a plain object (or undefined when `optional`); returns it.
 *
 * @example
 * ```ts
 * const o = requireObject(options, 'options', true);
 * ```
 */
export function requireObject(input: unknown, what: string, optional = false): Record<string, unknown> {
  if (input === undefined && optional) return {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalidArgument(what, `must be an object (got ${kindOf(input)})`);
  return input as Record<string, unknown>;
}

function oneOf(value: unknown, allowed: readonly string[], what: string): void {
  if (value !== undefined && !allowed.includes(value as string)) throw invalidArgument(what, `must be ${allowed.map((a) => `'${a}'`).join(' or ')} (got ${kindOf(value)})`);
}

/**
 * Checks a `Metadata` value: a string of at most 1,024 characters.
 *
 * @example
 * ```ts
 * checkMetadata(context.metadata, 'context.metadata');
 * ```
 */
export function checkMetadata(value: unknown, what: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw invalidArgument(what, `must be a string (got ${kindOf(value)}); JSON.stringify objects yourself`);
  if (value.length > MAX_METADATA) throw invalidArgument(what, `must be at most ${MAX_METADATA} characters (got ${value.length})`);
}

/**
 * Checks a Chime publish `context` (`publish(…, { context })`): undefined, or an object with
 * `type` STANDARD|CONTROL, `persistence` PERSISTENT|NON_PERSISTENT and `metadata` a string of
 * at most 1,024 characters (none on CONTROL messages). Returns the type, which sets the size
 * limit.
 *
 * @example
 * ```ts
 * const { type } = checkPublishContext({ type: 'CONTROL', persistence: 'NON_PERSISTENT' });
 * ```
 */
export function checkPublishContext(context: unknown): { type: 'STANDARD' | 'CONTROL' } {
  const c = requireObject(context, 'context', true);
  oneOf(c.type, ['STANDARD', 'CONTROL'], 'context.type');
  oneOf(c.persistence, ['PERSISTENT', 'NON_PERSISTENT'], 'context.persistence');
  checkMetadata(c.metadata, 'context.metadata');
  if (c.type === 'CONTROL' && c.metadata !== undefined) throw invalidArgument('context.metadata', 'is not allowed on CONTROL messages (Chime: CONTROL messages do not contain metadata)');
  return { type: c.type === 'CONTROL' ? 'CONTROL' : 'STANDARD' };
}

/**
 * Checks the body of SendChannelMessage as the low-level API takes it.
 *
 * @example
 * ```ts
 * checkSendMessage({ Content: 'hi', Type: 'STANDARD' });
 * ```
 */
export function checkSendMessage(message: unknown): void {
  const m = requireObject(message, 'message');
  if (typeof m.Content !== 'string' || m.Content.length === 0) throw invalidArgument('message.Content', `must be a non-empty string (got ${kindOf(m.Content)})`);
  oneOf(m.Type, ['STANDARD', 'CONTROL'], 'message.Type');
  oneOf(m.Persistence, ['PERSISTENT', 'NON_PERSISTENT'], 'message.Persistence');
  checkMetadata(m.Metadata, 'message.Metadata');
  if (m.ContentType !== undefined && (typeof m.ContentType !== 'string' || m.ContentType.length > 45)) throw invalidArgument('message.ContentType', 'must be a string of at most 45 characters');
  if (m.ClientRequestToken !== undefined && (typeof m.ClientRequestToken !== 'string' || !REQUEST_TOKEN.test(m.ClientRequestToken)))
    throw invalidArgument('message.ClientRequestToken', 'must be 2..64 characters of [-_a-zA-Z0-9]');
}

/**
 * Checks list options shared by the paginated calls: `maxResults` an integer 1..50 and
 * `nextToken` a string of at most 2048 characters.
 *
 * @example
 * ```ts
 * checkPaging({ maxResults: 50 }, 'options');
 * ```
 */
export function checkPaging(options: Record<string, unknown>, what: string): void {
  const { maxResults, nextToken } = options;
  if (maxResults !== undefined && (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50))
    throw invalidArgument(`${what}.maxResults`, `must be an integer from 1 to 50 (got ${typeof maxResults === 'number' ? String(maxResults) : kindOf(maxResults)})`);
  if (nextToken !== undefined && (typeof nextToken !== 'string' || nextToken.length === 0 || nextToken.length > 2048))
    throw invalidArgument(`${what}.nextToken`, 'must be the NextToken of the previous page (a string of at most 2048 characters)');
}

/**
 * Checks ListChannelMessages options: paging, `sortOrder`, and `notBefore`/`notAfter` epoch
 * milliseconds that are real times (`NaN` would be sent as "Invalid Date").
 *
 * @example
 * ```ts
 * checkListMessages({ sortOrder: 'ASCENDING', notBefore: Date.now() - 60_000 });
 * ```
 */
export function checkListMessages(options: unknown): void {
  const o = requireObject(options, 'options', true);
  oneOf(o.sortOrder, ['ASCENDING', 'DESCENDING'], 'options.sortOrder');
  for (const k of ['notBefore', 'notAfter'] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || Number.isNaN(new Date(v).getTime())))
      throw invalidArgument(`options.${k}`, `must be a time in epoch milliseconds (got ${typeof v === 'number' ? String(v) : kindOf(v)})`);
  }
  checkPaging(o, 'options');
}

/**
 * Checks the `prefetch` option of `chime(config)`: a boolean, or `{ sortBy }` with the SDK's
 * values `unread` or `last-message-timestamp` (spec A1.2, `PrefetchSortBy`).
 *
 * @example
 * ```ts
 * checkPrefetch({ sortBy: 'unread' });
 * ```
 */
export function checkPrefetch(prefetch: unknown): void {
  if (prefetch === undefined || typeof prefetch === 'boolean') return;
  if (prefetch === null || typeof prefetch !== 'object' || Array.isArray(prefetch)) throw invalidArgument('config.prefetch', `must be a boolean or { sortBy } (got ${kindOf(prefetch)})`);
  const p = prefetch as Record<string, unknown>;
  oneOf(p.sortBy, ['unread', 'last-message-timestamp'], 'config.prefetch.sortBy');
}

/**
 * Throws unless `arn` is a channel ARN (`arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{id}`);
 * returns it. The low-level API takes ARNs only: bare ids are read by `client.channel()`.
 *
 * @example
 * ```ts
 * const arn = channelArn(input, 'channelArn');
 * ```
 */
export function channelArn(arn: unknown, what = 'channelArn'): string {
  if (typeof arn !== 'string' || !isChannelArn(arn))
    throw invalidArgument(
      what,
      `must be a Chime channel ARN, arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{channelId} (got ${typeof arn === 'string' ? 'another string' : kindOf(arn)})`,
    );
  return arn;
}

const MEMBER_ARN = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9_-]+\/(user|bot)\/[^/\s]{1,64}$/;

/**
 * Throws unless `arn` is an AppInstanceUser or AppInstanceBot ARN; returns it.
 *
 * @example
 * ```ts
 * memberArn(`${appInstanceArn}/user/ada`, 'memberArn');
 * ```
 */
export function memberArn(arn: unknown, what: string): string {
  if (typeof arn !== 'string' || !MEMBER_ARN.test(arn)) throw invalidArgument(what, `must be an AppInstanceUser or AppInstanceBot ARN ({appInstanceArn}/user/{id}) (got ${kindOf(arn)})`);
  return arn;
}

/**
 * Checks a REST target (`new ChimeMessagingApi(target, bearer)`, `createAppInstanceUser(target, …)`):
 * an http(s) `endpoint`, a `region`, a `credentials` provider function and a `fetch` function.
 *
 * @example
 * ```ts
 * checkTarget({ endpoint, region: 'us-east-1', credentials: async () => creds, fetch });
 * ```
 */
export function checkTarget(target: unknown): void {
  const t = requireObject(target, 'target');
  if (typeof t.endpoint !== 'string' || !/^https?:\/\/[^/\s]+/.test(t.endpoint)) throw invalidArgument('target.endpoint', `must be an https:// URL (got ${kindOf(t.endpoint)})`);
  if (typeof t.region !== 'string' || t.region.length === 0) throw invalidArgument('target.region', `must be an AWS region such as us-east-1 (got ${kindOf(t.region)})`);
  if (typeof t.credentials !== 'function') throw invalidArgument('target.credentials', `must be a function returning AWS credentials (got ${kindOf(t.credentials)})`);
  if (typeof t.fetch !== 'function') throw invalidArgument('target.fetch', `must be a function (got ${kindOf(t.fetch)})`);
}
