import { ChannelKitError } from '../errors/ChannelKitError.js';

/**
 * The `INVALID_ARGUMENT` error every public function throws for a wrong argument: the message
 * names the argument and the rule (`"region must be a non-empty string"`), `details` carries
 * both for programs. It never quotes the value, which may be a secret.
 *
 * @example
 * ```ts
 * if (typeof region !== 'string' || !region) throw invalidArgument('region', 'must be a non-empty string');
 * ```
 */
export function invalidArgument(argument: string, rule: string, cause?: unknown): ChannelKitError {
  return new ChannelKitError('INVALID_ARGUMENT', `${argument} ${rule}`, { details: { argument, rule }, ...(cause === undefined ? {} : { cause }) });
}

/**
 * What kind of value an argument was, for messages: its type only, never its content (which
 * may be a secret, huge or cyclic).
 *
 * @example
 * ```ts
 * throw invalidArgument('events', `must be an array (got ${kindOf(events)})`);
 * ```
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // "must be a non-empty string (got string)" would be a riddle.
  if (value === '') return 'an empty string';
  return typeof value;
}
