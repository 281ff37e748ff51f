import { invalidArgument } from './invalidArgument.js';

/**
 * `JSON.stringify` that fails with a typed `INVALID_ARGUMENT` error naming the value and the
 * rule it broke — a BigInt, a cycle, a throwing `toJSON`, or no JSON form at all (undefined,
 * a function) — instead of a bare `TypeError` from deep inside a send path.
 *
 * @example
 * ```ts
 * safeJsonStringify({ n: 1 }, 'event 3'); // '{"n":1}'
 * safeJsonStringify({ n: 1n }, 'event 3'); // throws INVALID_ARGUMENT "event 3 is not JSON-serializable: BigInt"
 * ```
 */
export function safeJsonStringify(value: unknown, what = 'value'): string {
  let rule: string;
  let cause: unknown;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
    rule = `${typeof value} has no JSON form`;
  } catch (error) {
    cause = error;
    // Engines word these differently (V8 "circular structure", Firefox "cyclic object value").
    const message = error instanceof Error ? error.message : '';
    rule = /bigint/i.test(message) ? 'BigInt' : /circular|cyclic/i.test(message) ? 'it contains a cycle' : 'a toJSON method threw';
  }
  throw invalidArgument(what, `is not JSON-serializable: ${rule}`, cause);
}
