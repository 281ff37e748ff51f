import { InvalidChannelError, LimitExceededError } from '../../errors/errors.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { safeJsonStringify } from '../../lib/safeJsonStringify.js';
import { utf8Length } from '../../lib/utf8Length.js';

/**
 * Hotsock's documented limits (spec §5): channel names up to 256 characters, event names up to
 * 128, message data and storage values up to 32 KiB of JSON, umd up to 1 KiB, storage keys up
 * to 128 characters, a 128 KB WebSocket message (API Gateway) and 100 messages per
 * `listMessages` page.
 *
 * @example
 * ```ts
 * if (bytes > HOTSOCK_LIMITS.dataBytes) tooLarge();
 * ```
 */
export const HOTSOCK_LIMITS = Object.freeze({
  channelNameLength: 256,
  eventNameLength: 128,
  dataBytes: 32 * 1024,
  umdBytes: 1024,
  storageKeyLength: 128,
  messageBytes: 128 * 1024,
  pageSize: 100,
});

/** `*`, `#`, `,` and any whitespace are refused in channel names and storage keys. */
const FORBIDDEN = /[*#,\s]/u;

/**
 * Validates a Hotsock channel name (1–256 characters, no `*` `#` `,` or whitespace) and returns
 * it unchanged: Hotsock names are exact, there is nothing to normalise.
 *
 * @example
 * ```ts
 * hotsockChannel('presence.room-1'); // 'presence.room-1'
 * hotsockChannel('a,b');             // throws InvalidChannelError naming the rule
 * ```
 */
export function hotsockChannel(name: string): string {
  // A non-string is a type mistake, refused as INVALID_ARGUMENT on every backend (docs/backends.md).
  if (typeof name !== 'string') throw invalidArgument('channel', `must be a string (got ${kindOf(name)})`);
  if (name.length === 0) throw new InvalidChannelError(name, 'must not be empty');
  if (name.length > HOTSOCK_LIMITS.channelNameLength) throw new InvalidChannelError(`${name.slice(0, 64)}…`, `must be at most ${HOTSOCK_LIMITS.channelNameLength} characters (got ${name.length})`);
  const bad = FORBIDDEN.exec(name);
  if (bad) throw new InvalidChannelError(name, `must not contain ${bad[0].trim() === '' ? 'whitespace' : JSON.stringify(bad[0])} (Hotsock channel names exclude * # , and whitespace)`);
  return name;
}

/**
 * Validates an event name a client may publish: 1–128 characters, not starting with `hotsock.`
 * (reserved) or `#`, no `*`.
 *
 * @example
 * ```ts
 * hotsockEventName('chat');          // ok
 * hotsockEventName('hotsock.x');     // throws: reserved prefix
 * ```
 */
export function hotsockEventName(event: unknown): string {
  if (typeof event !== 'string' || event.length === 0) throw invalidArgument('event', 'must be a non-empty string');
  if (event.length > HOTSOCK_LIMITS.eventNameLength) throw new LimitExceededError('eventNameLength', event.length, HOTSOCK_LIMITS.eventNameLength, 'Hotsock event names are at most 128 characters');
  if (event.startsWith('hotsock.')) throw invalidArgument('event', 'must not start with "hotsock." (reserved for the protocol)');
  if (event.startsWith('#')) throw invalidArgument('event', 'must not start with "#"');
  if (event.includes('*')) throw invalidArgument('event', 'must not contain "*"');
  return event;
}

/**
 * The JSON of `data` if it fits Hotsock's 32 KiB limit; throws LimitExceededError naming
 * `dataBytes` otherwise (and INVALID_ARGUMENT for values JSON cannot carry).
 *
 * @example
 * ```ts
 * const json = checkedData({ text: 'hi' }, 'event 0');
 * ```
 */
export function checkedData(data: unknown, what: string, limit: 'dataBytes' | 'umdBytes' = 'dataBytes'): string {
  const json = safeJsonStringify(data, what);
  const bytes = utf8Length(json);
  const max = HOTSOCK_LIMITS[limit];
  if (bytes > max) throw new LimitExceededError(limit, bytes, max, `${what} is too large: Hotsock allows ${limit === 'umdBytes' ? '1 KiB of umd' : '32 KiB of data'}`);
  return json;
}

/**
 * Validates a channel storage key (1–128 characters, no space `*` `#` `,`).
 *
 * @example
 * ```ts
 * storageKey('settings'); // 'settings'
 * ```
 */
export function storageKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw invalidArgument('key', 'must be a non-empty string');
  if (key.length > HOTSOCK_LIMITS.storageKeyLength) throw new LimitExceededError('storageKeyLength', key.length, HOTSOCK_LIMITS.storageKeyLength, 'Hotsock storage keys are at most 128 characters');
  if (FORBIDDEN.test(key)) throw invalidArgument('key', 'must not contain * # , or whitespace');
  return key;
}
