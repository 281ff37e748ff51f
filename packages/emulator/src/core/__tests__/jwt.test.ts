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

describe('verifyJwt: every algorithm a Hotsock key slot accepts', () => {
  const pair = (type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519', curve?: string) => {
    const { privateKey: p, publicKey: q } =
      type === 'ec' ? generateKeyPairSync('ec', { namedCurve: curve! }) : type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { privateKeyPem: p.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: q.export({ type: 'spki', format: 'pem' }).toString() };
  };
  const rsa = pair('rsa');
  const keys = {
    RS256: rsa,
    RS384: rsa,
    RS512: rsa,
    PS256: rsa,
    PS384: rsa,
    PS512: rsa,
    ES256: pair('ec', 'P-256'),
    ES384: pair('ec', 'P-384'),
    ES512: pair('ec', 'P-521'),
    EdDSA: pair('ed25519'),
  } as const;

  it.each(Object.keys(keys) as Array<keyof typeof keys>)('%s: signs with the private key, verifies with the public key, refuses a changed payload and another alg', (alg) => {
    const { privateKeyPem, publicKeyPem } = keys[alg];
    const token = signJwt({ sub: 'a', exp: s + 60 }, { alg, privateKeyPem });
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg, typ: 'JWT' });
    expect(verifyJwt(token, { alg, publicKeyPem }, now)).toMatchObject({ sub: 'a' });
    const forged = token.split('.');
    forged[1] = Buffer.from(JSON.stringify({ sub: 'admin', exp: s + 60 })).toString('base64url');
    expect(verifyJwt(forged.join('.'), { alg, publicKeyPem }, now)).toBeUndefined();
    // The same key configured for another algorithm of its family verifies nothing.
    const other = alg === 'EdDSA' ? 'ES256' : alg.startsWith('RS') ? 'PS256' : alg.startsWith('PS') ? 'RS256' : alg === 'ES256' ? 'ES384' : 'ES256';
    expect(verifyJwt(token, { alg: other, publicKeyPem }, now)).toBeUndefined();
  });

  it.each(['HS256', 'HS384', 'HS512'] as const)('%s round trip; another HMAC size is refused', (alg) => {
    const secret = 'a-shared-secret-of-sixty-four-bytes-for-hs512-0123456789abcdefgh';
    const token = signJwt({ sub: 'a', exp: s + 60 }, { alg, secret });
    expect(verifyJwt(token, { alg, secret }, now)).toMatchObject({ sub: 'a' });
    expect(verifyJwt(token, { alg: alg === 'HS256' ? 'HS512' : 'HS256', secret }, now)).toBeUndefined();
  });

  it('an EC signature of the wrong length for its curve is refused before verifying', () => {
    const token = signJwt({ sub: 'a', exp: s + 60 }, { alg: 'ES384', privateKeyPem: keys.ES384.privateKeyPem });
    const [h, b, sig] = token.split('.') as [string, string, string];
    const short = Buffer.from(sig, 'base64url').subarray(0, 64).toString('base64url');
    expect(verifyJwt(`${h}.${b}.${short}`, { alg: 'ES384', publicKeyPem: keys.ES384.publicKeyPem }, now)).toBeUndefined();
  });
});
