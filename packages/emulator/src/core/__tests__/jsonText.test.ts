import { describe, expect, it } from 'vitest';
import { jsonText } from '../jsonText.js';

describe('jsonText', () => {
  it('matches JSON.stringify on ordinary values (including what it skips or nulls)', () => {
    const values: unknown[] = [null, true, 0, -1.5, 'x"\u2028💥', [1, 'a', null, [{}]], { a: 1, b: undefined, c: [undefined, Number.NaN], 'd"': { e: {} } }];
    for (const v of values) expect(jsonText(v)).toBe(JSON.stringify(v));
    expect(jsonText(undefined)).toBe('null');
  });

  it('serializes nesting deeper than the call stack allows, identically to the text parsed', () => {
    for (const text of [`${'['.repeat(50_000)}${']'.repeat(50_000)}`, `${'{"a":'.repeat(30_000)}[1,"x",{"b":null}]${'}'.repeat(30_000)}`]) {
      const value = JSON.parse(text);
      expect(() => JSON.stringify(value)).toThrow(RangeError);
      expect(jsonText(value)).toBe(text);
    }
  });
});
