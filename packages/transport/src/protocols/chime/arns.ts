import { InvalidChannelError } from '../../errors/errors.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';

/** ARNs are 5..1600 characters (Smithy model `ChimeArn`). */
export const MAX_ARN_LENGTH = 1600;

const APP_INSTANCE = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9_-]+$/;
const CHANNEL_ID = /^[A-Za-z0-9_-]{1,128}$/;
const CHANNEL_ARN = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9_-]+\/channel\/[A-Za-z0-9_-]{1,128}$/;

/**
 * True for an AppInstance ARN (`arn:aws:chime:{region}:{account}:app-instance/{id}`).
 *
 * @example
 * ```ts
 * isAppInstanceArn('arn:aws:chime:us-east-1:123456789012:app-instance/abc'); // true
 * ```
 */
export function isAppInstanceArn(value: unknown): value is string {
  return typeof value === 'string' && APP_INSTANCE.test(value);
}

/**
 * True for a channel ARN (`arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{channelId}`).
 *
 * @example
 * ```ts
 * isChannelArn('arn:aws:chime:us-east-1:123456789012:app-instance/abc/channel/room'); // true
 * ```
 */
export function isChannelArn(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ARN_LENGTH && CHANNEL_ARN.test(value);
}

/**
 * The normalised channel key of a Chime channel: its full ARN. A bare channel id is read
 * relative to the AppInstance, so `room-1` and `{appInstanceArn}/channel/room-1` are one channel.
 * Throws InvalidChannelError naming the rule.
 *
 * @example
 * ```ts
 * chimeChannelArn('room-1', 'arn:aws:chime:us-east-1:123456789012:app-instance/abc'); // '…:app-instance/abc/channel/room-1'
 * ```
 */
export function chimeChannelArn(name: string, appInstanceArn: string): string {
  // A non-string is a type mistake, refused as INVALID_ARGUMENT on every backend (docs/backends.md).
  if (!isAppInstanceArn(appInstanceArn)) throw invalidArgument('appInstanceArn', 'must be arn:aws:chime:{region}:{account}:app-instance/{id}');
  if (typeof name !== 'string') throw invalidArgument('channel', `must be a string, a Chime channel ARN or channel id (got ${kindOf(name)})`);
  if (name.length > MAX_ARN_LENGTH) throw new InvalidChannelError(name.slice(0, 80), `a Chime channel ARN is at most ${MAX_ARN_LENGTH} characters (got ${name.length})`);
  if (name.startsWith('arn:')) {
    if (!CHANNEL_ARN.test(name)) throw new InvalidChannelError(name.slice(0, 80), 'a Chime channel ARN looks like arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{channelId}');
    if (!name.startsWith(`${appInstanceArn}/channel/`)) throw new InvalidChannelError(name.slice(0, 80), "the channel belongs to another AppInstance than the backend's appInstanceArn");
    return name;
  }
  if (!CHANNEL_ID.test(name)) throw new InvalidChannelError(name.slice(0, 80), 'a Chime channel id is 1..128 characters of [A-Za-z0-9_-] (or pass the full channel ARN)');
  return `${appInstanceArn}/channel/${name}`;
}
