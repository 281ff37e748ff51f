import { ChannelKitError } from '../errors/ChannelKitError.js';

/**
 * A short, safe description of a value for an error message: its type and, for primitives,
 * a bounded preview. Never stringifies objects (they may be huge, cyclic or hold secrets).
 *
 * @example
 * ```ts
 * describeValue(42); // 'number 42'
 * describeValue({ a: 1 }); // 'object'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > 32 ? `string of ${value.length} characters` : `string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    default:
      return typeof value;
  }
}

/**
 * The INVALID_ARGUMENT error of the public boundary: names the argument, the rule it broke,
 * and what it got.
 *
 * @example
 * ```ts
 * throw invalidArgument('events', 'must be an array', events); // "events must be an array (got string \"abc\")"
 * ```
 */
export function invalidArgument(argument: string, rule: string, got: unknown): ChannelKitError {
  return new ChannelKitError('INVALID_ARGUMENT', `${argument} ${rule} (got ${describeValue(got)})`, { details: { argument } });
}
