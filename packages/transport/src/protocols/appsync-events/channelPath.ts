import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { InvalidChannelError } from '../../errors/errors.js';

/**
 * Most segments in a channel path (AWS docs, "Event API WebSocket protocol" and quotas).
 *
 * @example
 * ```ts
 * if (path.split('/').length > MAX_SEGMENTS) flatten(path);
 * ```
 */
export const MAX_SEGMENTS = 5;
/**
 * Most characters in one channel segment.
 *
 * @example
 * ```ts
 * const segment = userId.slice(0, MAX_SEGMENT_LENGTH);
 * ```
 */
export const MAX_SEGMENT_LENGTH = 50;
const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * Validates an AppSync Events channel path and returns its normal form (`/namespace/a/b`,
 * leading slash, no trailing slash). Errors name the rule that was broken.
 *
 * Rules: 1–5 `/`-separated segments of 1–50 characters from `A-Z a-z 0-9 -`, not starting or
 * ending with `-`; the first segment is the namespace. When subscribing, a final `*` segment
 * matches any channel that extends the prefix by one or more segments — so a wildcard needs a
 * prefix of at most 4 segments (a 5-segment prefix could never match) and `*` elsewhere is
 * invalid. Publishing to a wildcard is invalid.
 *
 * Leading/trailing slashes are optional on the wire; `a/b` and `/a/b` are the same channel
 * here (AWS does not document otherwise; the emulator uses the same normal form).
 *
 * @example
 * ```ts
 * appSyncChannel('default/room-1', 'publish'); // '/default/room-1'
 * appSyncChannel('/default/*', 'subscribe'); // '/default/*'
 * appSyncChannel('/default/*', 'publish'); // throws InvalidChannelError (wildcard)
 * ```
 */
export function appSyncChannel(channel: string, use: 'subscribe' | 'publish'): string {
  // A non-string is a type mistake, refused as INVALID_ARGUMENT on every backend (docs/backends.md).
  if (typeof channel !== 'string') throw invalidArgument('channel', `must be a string (got ${kindOf(channel)})`);
  if (channel.replace(/^\/+|\/+$/g, '') === '') {
    throw new InvalidChannelError(String(channel), 'a channel needs at least a namespace segment, e.g. "/default/room"');
  }
  const segments = channel.replace(/^\/|\/$/g, '').split('/');
  const wildcard = segments[segments.length - 1] === '*';
  if (wildcard && use === 'publish') throw new InvalidChannelError(channel, 'wildcard "*" channels can only be subscribed to, not published to');
  const prefix = wildcard ? segments.slice(0, -1) : segments;
  if (prefix.length === 0) throw new InvalidChannelError(channel, 'a wildcard needs a namespace before it, e.g. "/default/*"');
  const max = wildcard ? MAX_SEGMENTS - 1 : MAX_SEGMENTS;
  if (prefix.length > max) {
    throw new InvalidChannelError(channel, wildcard ? `a wildcard prefix may have at most ${max} segments (channels have at most ${MAX_SEGMENTS})` : `at most ${MAX_SEGMENTS} segments`);
  }
  for (const [i, segment] of prefix.entries()) {
    if (segment === '') throw new InvalidChannelError(channel, `segment ${i + 1} is empty`);
    if (segment.includes('*')) throw new InvalidChannelError(channel, 'a wildcard "*" may only be the whole last segment');
    if (segment.length > MAX_SEGMENT_LENGTH) throw new InvalidChannelError(channel, `segment ${i + 1} is ${segment.length} characters; at most ${MAX_SEGMENT_LENGTH}`);
    if (!SEGMENT.test(segment)) throw new InvalidChannelError(channel, `segment ${i + 1} may only hold A-Z, a-z, 0-9 and "-", and may not start or end with "-"`);
  }
  return `/${segments.join('/')}`;
}

/**
 * Whether a published channel (normal form) matches a subscription (normal form): equal, or
 * a wildcard whose prefix it extends by at least one segment.
 *
 * @example
 * ```ts
 * channelMatches('/default/*', '/default/a/b'); // true
 * channelMatches('/default/*', '/default'); // false
 * ```
 */
export function channelMatches(subscription: string, channel: string): boolean {
  if (!subscription.endsWith('/*')) return subscription === channel;
  return channel.startsWith(subscription.slice(0, -1));
}
