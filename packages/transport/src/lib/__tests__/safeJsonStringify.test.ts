import { describe, expect, it } from 'vitest';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { safeJsonStringify } from '../safeJsonStringify.js';

function failure(fn: () => unknown): ChannelKitError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelKitError);
    return error as ChannelKitError;
  }
  throw new Error('did not throw');
}

describe('safeJsonStringify', () => {
  it('stringifies what JSON can hold', () => {
    expect(safeJsonStringify({ a: [1, 'b', null] })).toBe('{"a":[1,"b",null]}');
  });

  it.each([
    ['BigInt', { n: 1n }, 'event 3 is not JSON-serializable: BigInt'],
    [
      'a cycle',
      (() => {
        const o: Record<string, unknown> = {};
        o.o = o;
        return o;
      })(),
      'event 3 is not JSON-serializable: it contains a cycle',
    ],
    [
      'a throwing toJSON',
      {
        toJSON() {
          throw new Error('nope');
        },
      },
      'event 3 is not JSON-serializable: a toJSON method threw',
    ],
    ['undefined', undefined, 'event 3 is not JSON-serializable: undefined has no JSON form'],
    ['a function', () => 1, 'event 3 is not JSON-serializable: function has no JSON form'],
  ])('%s becomes INVALID_ARGUMENT naming the value and the rule', (_name, value, message) => {
    const error = failure(() => safeJsonStringify(value, 'event 3'));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe(message);
    expect(error.details).toMatchObject({ argument: 'event 3' });
  });
});
