import { describe, expect, it } from 'vitest';
import { loadVectors, type VectorCase } from '../../../../../test/fixtures/sigv4/loadVectors.js';
import { defaultHasher, pureHasher } from '../hasher.js';
import { presignUrl } from '../presignUrl.js';
import { signRequest } from '../signRequest.js';
import type { PresignOptions, SigV4RequestParts } from '../types.js';

const cases = loadVectors();
// Guard against a silently empty suite (a wrong path once skipped 153 tests on every user's machine).
it('loads the official vector suite', () => expect(cases.length).toBeGreaterThan(30));

function setup(c: VectorCase): { request: SigV4RequestParts; options: PresignOptions } {
  const { context: ctx, request: r } = c;
  return {
    request: {
      method: r.method,
      hostname: 'example.amazonaws.com',
      path: r.path,
      query: Object.fromEntries(groupPairs(r.query)),
      headers: r.headers,
      body: r.body === '' ? undefined : r.body,
    },
    options: {
      service: ctx.service,
      region: ctx.region,
      date: new Date(ctx.timestamp),
      credentials: { accessKeyId: ctx.credentials.access_key_id, secretAccessKey: ctx.credentials.secret_access_key, sessionToken: ctx.credentials.token },
      normalizePath: ctx.normalize,
      contentSha256Header: ctx.sign_body,
      signSessionToken: !ctx.omit_session_token,
      expiresIn: ctx.expiration_in_seconds,
    },
  };
}

function groupPairs(pairs: Array<[string, string]>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of pairs) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
}

describe('aws-c-auth SigV4 suite', () => {
  it('has every case of the suite', () => {
    expect(cases.length).toBeGreaterThanOrEqual(38);
  });

  for (const hasherName of ['pure', 'node'] as const) {
    const hasher = hasherName === 'pure' ? pureHasher : defaultHasher();
    describe(`${hasherName} hasher`, () => {
      for (const c of cases) {
        it(`header signing: ${c.name}`, () => {
          const { request, options } = setup(c);
          const signed = signRequest(request, { ...options, hasher });
          expect(signed.canonicalRequest).toBe(c.expected.header.canonicalRequest);
          expect(signed.stringToSign).toBe(c.expected.header.stringToSign);
          expect(signed.signature).toBe(c.expected.header.signature);
          const auth = /^Authorization:(.*)$/m.exec(c.expected.header.signedRequest)?.[1];
          expect(signed.headers.authorization).toBe(auth);
          if (c.context.credentials.token) {
            expect(signed.headers['x-amz-security-token']).toBe(c.context.credentials.token);
          }
        });

        it(`query signing: ${c.name}`, () => {
          const { request, options } = setup(c);
          const url = new URL(presignUrl(request, { ...options, hasher }));
          expect(url.searchParams.get('X-Amz-Signature')).toBe(c.expected.query.signature);
          // Same parameter set as the suite's signed request (order is free).
          const expectedTarget = c.expected.query.signedRequest
            .split('\n')[0]!
            .split('?')[1]!
            .replace(/ HTTP\/1\.1$/, '');
          const expectedParams = new URLSearchParams(expectedTarget);
          expect([...url.searchParams].sort()).toEqual([...expectedParams].sort());
        });
      }
    });
  }
});
