import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ChannelKitError } from '../ChannelKitError.js';
import { AuthError, ConnectionError } from '../errors.js';
import { createRedactor } from '../redact.js';

const API_KEY = 'da2-abcdefghijklmnopqrstuvwxyz';
const SESSION = 'IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQ';
const OPAQUE = 'opaque-registered-only-1f2e3d';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl';

/** Every way an error is turned into text. */
function renderings(error: Error): string {
  return [
    String(error),
    error.message,
    error.stack,
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    inspect(error.cause, { depth: Number.POSITIVE_INFINITY }),
    JSON.stringify((error as ChannelKitError).details),
  ].join('\n');
}

function nest(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { [`level${depth - i}`]: v };
  return v;
}

describe('Redactor.scrub is total', () => {
  it('redacts details at any depth, replaces what is too deep with a marker, survives cycles', () => {
    const cyclic: Record<string, unknown> = { note: `key ${API_KEY}` };
    cyclic.self = cyclic;
    const errors = [{ errorType: 'UnauthorizedException', errorInfo: { request: { authorization: OPAQUE, headers: { 'X-Api-Key': API_KEY } } } }];
    const error = new AuthError('rejected', { details: { errors, deep: nest(6, `token ${OPAQUE}`), tooDeep: nest(20, OPAQUE), cyclic } });
    createRedactor([OPAQUE]).scrub(error);
    const text = renderings(error);
    for (const secret of [API_KEY, OPAQUE]) expect(text).not.toContain(secret);
    expect(JSON.stringify(error.details)).toContain('[Circular]');
    expect(JSON.stringify(error.details)).toContain('[REDACTED]');
    // Structure is kept where it is safe to keep.
    expect(error.details).toMatchObject({ errors: [{ errorType: 'UnauthorizedException', errorInfo: { request: { authorization: '[REDACTED]' } } }] });
  });

  it('replaces a foreign cause (a ky-like error carrying the request) by a scrubbed copy, recursively', () => {
    const request = new Request('https://api.example.com/event', { headers: { authorization: JWT, 'x-amz-security-token': SESSION } });
    const inner = Object.assign(new Error(`socket hang up (${OPAQUE})`), { code: 'ECONNRESET', config: { headers: { Authorization: `Bearer ${OPAQUE}` } } });
    const kyError = Object.assign(new TypeError(`Request failed: ${SESSION}`, { cause: inner }), {
      request,
      options: { headers: { 'X-Api-Key': API_KEY, authorization: JWT }, body: `{"token":"${OPAQUE}"}` },
      [Symbol.for('nodejs.util.inspect.custom')]: () => `leaky ${SESSION}`,
    });
    void kyError.stack; // formatted with the secret before scrubbing, as a logger may have done
    const error = new ConnectionError('CONNECTION_LOST', `HTTP publish failed: ${kyError.message}`, { cause: kyError });
    void error.stack;
    createRedactor([OPAQUE, SESSION]).scrub(error);
    const text = renderings(error);
    for (const secret of [API_KEY, SESSION, OPAQUE, JWT]) expect(text).not.toContain(secret);
    const cause = error.cause as Error & Record<string, unknown>;
    expect(cause).not.toBe(kyError);
    expect(cause).toMatchObject({ name: 'TypeError', options: { headers: { 'X-Api-Key': '[REDACTED]', authorization: '[REDACTED]' } } });
    expect((cause.cause as Error & { code?: string }).code).toBe('ECONNRESET');
    // The caller's own error object is left as it was.
    expect(kyError.message).toContain(SESSION);
  });

  it('scrubs a stack that was read before, and every field of a foreign top-level error', () => {
    const error = Object.assign(new Error(`provider failed with ${OPAQUE}`), { response: { body: { credentials: { sessionToken: SESSION } } } });
    expect(error.stack).toContain(OPAQUE);
    createRedactor([OPAQUE]).scrub(error);
    expect(renderings(error)).not.toMatch(new RegExp(`${OPAQUE}|${SESSION}`));
  });

  it('answers a frozen error with a scrubbed stand-in', () => {
    const frozen = Object.freeze(new Error(`frozen ${OPAQUE}`));
    const out = createRedactor([OPAQUE]).scrub(frozen);
    expect(out.message).toBe('frozen [REDACTED]');
  });
});

describe('ChannelKitError renderings', () => {
  it('toJSON and inspect leave a foreign cause out and keep subclass fields', () => {
    const cause = Object.assign(new Error('boom'), { request: { headers: { authorization: 'x' } } });
    const error = new ChannelKitError('PUBLISH_FAILED', 'failed', { cause, details: { n: 1 }, retryable: true });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ChannelKitError', code: 'PUBLISH_FAILED', message: 'failed', retryable: true, details: { n: 1 } });
    const shown = inspect(error, { depth: Number.POSITIVE_INFINITY });
    expect(shown).toContain('ChannelKitError: failed');
    expect(shown).toContain('"code":"PUBLISH_FAILED"');
    expect(shown).not.toContain('authorization');
  });

  it('Redactor.value is cycle-safe, bounded and keeps structure', () => {
    const a: Record<string, unknown> = { list: [1, 'x', null], big: 10n, fn: () => 1 };
    a.a = a;
    expect(createRedactor().value({ a, password: 'hunter22', nested: nest(10, 'leaf') })).toEqual({
      a: { list: [1, 'x', null], big: '10', fn: '[function]', a: '[Circular]' },
      password: '[REDACTED]',
      nested: nest(7, '[REDACTED]'),
    });
  });
});
