import { ChimeFault } from './ChimeModel.js';

// Request-field rules of the Chime SDK Messaging / Identity API reference
// (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_Operations_Amazon_Chime_SDK_Messaging.html):
// a value outside them is a 400 BadRequestException, checked before anything changes.

const bad = (message: string) => new ChimeFault(400, 'BadRequest', message);

/** `Metadata` (CreateChannel, UpdateChannel, SendChannelMessage, UpdateChannelMessage, CreateAppInstanceUser): a string of 0..1,024 characters. */
export function checkMetadata(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad('Metadata must be a string');
  if (value.length > 1024) throw bad('Metadata must be at most 1,024 characters');
  return value;
}

/** `ClientRequestToken` (CreateChannel, SendChannelMessage, CreateAppInstanceUser): 2..64 characters of `[-_a-zA-Z0-9]`. */
export function checkClientRequestToken(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !/^[-_a-zA-Z0-9]{2,64}$/.test(value)) throw bad('ClientRequestToken must be 2..64 characters of [-_a-zA-Z0-9]');
}

/**
 * `Target` (SendChannelMessage): "Array Members: Fixed number of 1 item", each `{MemberArn}`;
 * the target "must be a member of the channel". Returns the target's ARN, or undefined.
 */
export function checkTarget(value: unknown, isMember: (arn: string) => boolean): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 1) throw bad('Target must be an array of exactly 1 item');
  const arn = (value[0] as { MemberArn?: unknown } | null)?.MemberArn;
  if (typeof arn !== 'string' || arn.length < 5 || arn.length > 1600) throw bad('Target[0].MemberArn must be an ARN of 5..1600 characters');
  if (!isMember(arn)) throw bad('Target[0].MemberArn must be a member of the channel');
  return arn;
}

/**
 * `max-results` (1..50, default 50) and `next-token` (at most 2,048 characters, and one this
 * emulator issued) of the list calls. Tokens are opaque to clients; ours are the base64url of
 * an offset, and anything else is refused as AWS refuses a token it did not issue.
 */
export function pageParams(query: URLSearchParams): { start: number; max: number } {
  const rawMax = query.get('max-results');
  const max = rawMax === null ? 50 : /^\d{1,3}$/.test(rawMax) ? Number(rawMax) : Number.NaN;
  if (!Number.isInteger(max) || max < 1 || max > 50) throw bad('max-results must be an integer from 1 to 50');
  const token = query.get('next-token');
  if (token === null) return { start: 0, max };
  const decoded = token.length <= 2048 && /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!/^\d{1,9}$/.test(decoded) || Buffer.from(decoded).toString('base64url') !== token) throw bad('next-token is not a token this API issued');
  return { start: Number(decoded), max };
}

/** One page of `all` and the token of the next, if any. */
export function paginate<T>(all: readonly T[], query: URLSearchParams): { items: T[]; next: string | undefined } {
  const { start, max } = pageParams(query);
  const items = all.slice(start, start + max);
  return { items, next: start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined };
}
