import { InvalidChannelError } from '../../errors/errors.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';

/**
 * The channel that receives every message that is not in the channel convention's envelope
 * (whatever a backend posts to `@connections` in its own format). Subscribing to it sends
 * nothing to the server.
 *
 * @example
 * ```ts
 * client.channel(API_GATEWAY_DEFAULT_CHANNEL).subscribe((message) => console.log('raw', message));
 * ```
 */
export const API_GATEWAY_DEFAULT_CHANNEL = '$default';

/**
 * Longest channel name of the convention (keeps subscribe frames far below the 32 KB frame limit).
 *
 * @example
 * ```ts
 * const name = `room:${title}`.slice(0, MAX_CHANNEL_LENGTH);
 * ```
 */
export const MAX_CHANNEL_LENGTH = 256;

/**
 * Validates a channel name of the API Gateway channel convention: 1–256 printable characters,
 * no whitespace or control characters; `$default` is reserved for messages outside the
 * envelope and can only be subscribed to.
 *
 * @example
 * ```ts
 * apiGatewayChannel('room:42', 'publish'); // 'room:42'
 * ```
 */
export function apiGatewayChannel(channel: string, use: 'subscribe' | 'publish'): string {
  // A non-string is a type mistake, refused as INVALID_ARGUMENT on every backend (docs/backends.md).
  if (typeof channel !== 'string') throw invalidArgument('channel', `must be a string (got ${kindOf(channel)})`);
  if (channel.length === 0) throw new InvalidChannelError(channel, 'a channel name must be a non-empty string');
  if (channel === API_GATEWAY_DEFAULT_CHANNEL) {
    if (use === 'publish') throw new InvalidChannelError(channel, '"$default" receives messages outside the channel envelope; it cannot be published to');
    return channel;
  }
  if (channel.length > MAX_CHANNEL_LENGTH) throw new InvalidChannelError(channel, `at most ${MAX_CHANNEL_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\s\u0000-\u001f\u007f]/.test(channel)) throw new InvalidChannelError(channel, 'no whitespace or control characters');
  if (channel.startsWith('$')) throw new InvalidChannelError(channel, 'names starting with "$" are reserved');
  return channel;
}
