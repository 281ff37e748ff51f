import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from '../jwt.js';

const now = Date.UTC(2026, 0, 1);
const s = now / 1000;
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const es = { alg: 'ES256' as const, kid: 'k1', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
const esPublic = { alg: 'ES256' as const, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };

describe('verifyJwt', () => {
  it('HS256 and ES256 round trips (with a Bearer prefix too)', () => {
    expect(verifyJwt(signJwt({ sub: 'a', exp: s + 60 }, 'secret'), 'secret', now)).toMatchObject({ sub: 'a' });
    expect(verifyJwt(`Bearer ${signJwt({ sub: 'b', exp: s + 60 }, es)}`, esPublic, now)).toMatchObject({ sub: 'b' });
  });

  it.each([
    ['exp as a string in the past', { exp: String(s - 60) }],
    ['exp as a string in the future', { exp: String(s + 60) }],
    ['nbf as a string', { nbf: '0' }],
    ['iat as an object', { iat: {} }],
    ['exp as null', { exp: null }],
    ['exp in the past', { exp: s - 1 }],
    ['nbf in the future', { nbf: s + 60 }],
  ])('refuses %s', (_name, claims) => {
    expect(verifyJwt(signJwt({ sub: 'a', ...claims }, 'secret'), 'secret', now)).toBeUndefined();
  });

  it('refuses alg confusion, alg none, a wrong key and a changed payload', () => {
    const hs = signJwt({ sub: 'a' }, 'secret');
    expect(verifyJwt(hs, esPublic, now)).toBeUndefined();
    expect(verifyJwt(signJwt({ sub: 'a' }, es), 'secret', now)).toBeUndefined();
    const [, body] = hs.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect(verifyJwt(none, 'secret', now)).toBeUndefined();
    expect(verifyJwt(hs, 'other', now)).toBeUndefined();
    const forged = hs.split('.');
    forged[1] = Buffer.from('{"sub":"admin"}').toString('base64url');
    expect(verifyJwt(forged.join('.'), 'secret', now)).toBeUndefined();
    const esForged = signJwt({ sub: 'a' }, es).split('.');
    esForged[1] = forged[1] as string;
    expect(verifyJwt(esForged.join('.'), esPublic, now)).toBeUndefined();
  });

  it.each(['A', '=', '==', '!!', '.', '\n', 'AA'])('refuses a signature with trailing junk %j (HS256 and ES256)', (junk) => {
    const hs = signJwt({ sub: 'a', exp: s + 60 }, 'secret');
    expect(verifyJwt(hs, 'secret', now)).toBeDefined();
    expect(verifyJwt(`${hs}${junk}`, 'secret', now)).toBeUndefined();
    expect(verifyJwt(`${signJwt({ sub: 'a', exp: s + 60 }, es)}${junk}`, esPublic, now)).toBeUndefined();
  });

  it('never throws on garbage', () => {
    for (const token of ['', '.', '..', 'a.b.c', `${'x'.repeat(20_000)}.a.b`, 'Bearer', '%%.%%.%%']) expect(verifyJwt(token, 'secret', now)).toBeUndefined();
  });
});
