import { describe, expect, it, vi } from 'vitest';
import { base64UrlEncode } from '../base64url.js';
import { createEmitter } from '../emitter.js';
import { randomId } from '../ids.js';
import { utf8Length } from '../utf8Length.js';

describe('createEmitter', () => {
  it('delivers in order, supports unsubscribe during emit, isolates throwing listeners', () => {
    const errors: unknown[] = [];
    const e = createEmitter<number>((err) => errors.push(err));
    const got: string[] = [];
    const offA = e.subscribe((n) => {
      got.push(`a${n}`);
      offA();
    });
    e.subscribe(() => {
      throw new Error('boom');
    });
    e.subscribe((n) => got.push(`c${n}`));
    e.emit(1);
    e.emit(2);
    expect(got).toEqual(['a1', 'c1', 'c2']);
    expect(errors).toHaveLength(2);
    expect(e.size).toBe(2);
  });

  it('gives the same function subscribed twice two leases', () => {
    const e = createEmitter<void>();
    const fn = vi.fn();
    const off1 = e.subscribe(fn);
    e.subscribe(fn);
    off1();
    e.emit();
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('base64UrlEncode', () => {
  it('matches Buffer base64url for every remainder length and non-ASCII input', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', '{"host":"x.appsync-api.us-east-1.amazonaws.com"}', 'héllo ሴ 😀', '\u00ff\u00fe>?']) {
      expect(base64UrlEncode(s)).toBe(Buffer.from(s, 'utf8').toString('base64url'));
    }
  });
});

describe('utf8Length', () => {
  it('equals the encoded byte length, surrogate pairs and lone surrogates included', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€é', '\ud800', '\udc00x', 'x'.repeat(1000)]) {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });
});

describe('randomId', () => {
  it('produces UUID-shaped distinct ids, also from an injected source', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    let i = 0;
    const seeded = randomId(() => ((i++ * 7) % 16) / 16);
    expect(seeded).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
