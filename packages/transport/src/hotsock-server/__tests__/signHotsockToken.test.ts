import { constants, createHmac, createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import type { HotsockClaims } from '../HotsockClaims.js';
import { HOTSOCK_SIGNING_ALGORITHMS, type HotsockSigningAlgorithm } from '../HotsockSigningAlgorithm.js';
import { signHotsockToken } from '../signHotsockToken.js';

// Tokens are verified here with node:crypto, an implementation independent of the WebCrypto
// code that signed them, so a round trip proves the JWS encoding, not just self-consistency.

const NOW = Date.UTC(2026, 0, 1);
const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = { ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }), ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }), ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }) };
const ed = generateKeyPairSync('ed25519');
const SECRET = 'hs-secret-sixty-four-bytes-long-enough-for-hs512-0123456789abcdef';

function keyFor(alg: HotsockSigningAlgorithm): { key: string; publicKey?: KeyObject } {
  if (alg.startsWith('HS')) return { key: SECRET };
  if (alg.startsWith('RS') || alg.startsWith('PS')) return { key: pem(rsa.privateKey), publicKey: rsa.publicKey };
  if (alg === 'EdDSA') return { key: pem(ed.privateKey), publicKey: ed.publicKey };
  const pair = ec[alg as keyof typeof ec];
  return { key: pem(pair.privateKey), publicKey: pair.publicKey };
}

function nodeVerify(token: string, alg: HotsockSigningAlgorithm, publicKey: KeyObject | undefined): boolean {
  const [h, b, s] = token.split('.') as [string, string, string];
  const input = Buffer.from(`${h}.${b}`);
  const sig = Buffer.from(s, 'base64url');
  const bits = alg.slice(2);
  if (alg.startsWith('HS')) return createHmac(`sha${bits}`, SECRET).update(input).digest().equals(sig);
  if (alg === 'EdDSA') return verify(null, input, publicKey!, sig);
  if (alg.startsWith('ES')) return verify(`sha${bits}`, input, { key: publicKey!, dsaEncoding: 'ieee-p1363' }, sig);
  if (alg.startsWith('PS')) return verify(`sha${bits}`, input, { key: publicKey!, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 }, sig);
  return verify(`sha${bits}`, input, publicKey!, sig);
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const CLAIMS: HotsockClaims = { scope: 'connect', uid: 'alice', umd: { name: 'Alice' }, channels: { 'chat.1': { subscribe: true, messages: { chat: { publish: true, echo: true } } } } };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('signHotsockToken', () => {
  it.each([...HOTSOCK_SIGNING_ALGORITHMS])('%s: a JWS that node:crypto verifies, with typ JWT, the kid, iat and exp from ttl', async (alg) => {
    const { key, publicKey } = keyFor(alg);
    const token = await signHotsockToken({ claims: CLAIMS, key, alg, kid: 'slot-1', ttl: 60, now: () => NOW + 999 });
    const [h, b] = token.split('.') as [string, string];
    expect(decode(h)).toEqual({ alg, typ: 'JWT', kid: 'slot-1' });
    expect(decode(b)).toEqual({ ...CLAIMS, iat: NOW / 1000, exp: NOW / 1000 + 60 });
    expect(nodeVerify(token, alg, publicKey)).toBe(true);
    // ECDSA signatures are raw r‖s of the curve's size (RFC 7518 §3.4), not DER.
    if (alg.startsWith('ES')) expect(Buffer.from(token.split('.')[2]!, 'base64url').length).toBe({ ES256: 64, ES384: 96, ES512: 132 }[alg as 'ES256']);
  });

  it('takes a CryptoKey (imported once) and bytes as an HMAC secret; no kid leaves the header without one', async () => {
    const cryptoKey = await crypto.subtle.importKey('pkcs8', ec.ES256.privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const token = await signHotsockToken({ claims: { scope: 'connect' }, key: cryptoKey, alg: 'ES256', ttl: 30 });
    expect(decode(token.split('.')[0]!)).toEqual({ alg: 'ES256', typ: 'JWT' });
    expect(nodeVerify(token, 'ES256', ec.ES256.publicKey)).toBe(true);
    const hs = await signHotsockToken({ claims: { scope: 'connect' }, key: new TextEncoder().encode(SECRET), alg: 'HS256', ttl: 30 });
    expect(nodeVerify(hs, 'HS256', undefined)).toBe(true);
  });

  it('keeps the app’s own claims and every documented one', async () => {
    const claims: HotsockClaims = {
      scope: 'subscribe',
      uid: 'bob',
      aud: ['hotsock'],
      iss: 'https://app.example',
      nbf: NOW / 1000,
      jti: 'j-1',
      singleUse: true,
      keepAlive: true,
      heartbeatTimeout: 30,
      tenant: 'acme',
      channels: {
        'presence.room': { subscribe: true, alias: 'room', historyStart: 0, omitFromSubCount: true, storage: { topic: { observe: true, set: true, store: 3600 } } },
        'org.*': { subscribe: true, getInfo: true, messages: { '#regex:^a': { publish: true, react: ['👍'], store: -1 } } },
      },
    };
    const token = await signHotsockToken({ claims, key: SECRET, alg: 'HS256', ttl: 60, now: () => NOW });
    expect(decode(token.split('.')[1]!)).toMatchObject({ ...claims, iat: NOW / 1000, exp: NOW / 1000 + 60 });
  });
});

// What Hotsock would refuse (spec §3.2–3.4, §5) is refused here, naming the argument or claim.
const BAD: Array<[string, Record<string, unknown>, string]> = [
  ['no options', { options: null }, 'options'],
  ['an unknown alg', { alg: 'none' }, 'alg'],
  ['alg HS256 in lower case', { alg: 'hs256' }, 'alg'],
  ['ttl 0', { ttl: 0 }, 'ttl'],
  ['ttl fractional', { ttl: 1.5 }, 'ttl'],
  ['ttl as a string', { ttl: '60' }, 'ttl'],
  ['an empty kid', { kid: '' }, 'kid'],
  ['no key', { key: undefined }, 'key'],
  ['an HS256 secret shorter than 32 bytes', { key: 'short' }, 'key'],
  ['an HS512 secret shorter than 64 bytes', { alg: 'HS512', key: 'x'.repeat(40) }, 'key'],
  ['a PEM as an HMAC secret (alg confusion)', { key: pem(ec.ES256.privateKey) }, 'key'],
  ['a public key for ES256', { alg: 'ES256', key: ec.ES256.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, 'key'],
  ['a SEC1 EC key', { alg: 'ES256', key: ec.ES256.privateKey.export({ type: 'sec1', format: 'pem' }).toString() }, 'key'],
  ['a P-384 key for ES256', { alg: 'ES256', key: pem(ec.ES384.privateKey) }, 'key'],
  ['an RSA key for ES256', { alg: 'ES256', key: pem(rsa.privateKey) }, 'key'],
  ['a secret string for RS256', { alg: 'RS256', key: SECRET }, 'key'],
  ['no claims', { claims: undefined }, 'claims'],
  ['claims with exp (set from ttl)', { claims: { scope: 'connect', exp: 1 } }, 'claims.exp'],
  ['claims with iat', { claims: { scope: 'connect', iat: 1 } }, 'claims.iat'],
  ['no scope', { claims: { uid: 'a' } }, 'claims.scope'],
  ['an unknown scope', { claims: { scope: 'connect admin' } }, 'claims.scope'],
  ['a repeated scope', { claims: { scope: 'connect connect' } }, 'claims.scope'],
  ['connect bound to a connectionId', { claims: { scope: 'connect', connectionId: 'c1' } }, 'claims.connectionId'],
  ['subscribe without uid or connectionId', { claims: { scope: 'subscribe' } }, 'claims.uid'],
  ['umd without uid or connectionId', { claims: { scope: 'umd' } }, 'claims.uid'],
  ['a uid of 129 characters', { claims: { scope: 'connect', uid: 'u'.repeat(129) } }, 'claims.uid'],
  ['a numeric uid', { claims: { scope: 'connect', uid: 7 } }, 'claims.uid'],
  ['umd over 1 KiB', { claims: { scope: 'connect', umd: { bio: 'x'.repeat(1100) } } }, 'claims.umd'],
  ['aud as a number', { claims: { scope: 'connect', aud: 1 } }, 'claims.aud'],
  ['nbf as a string', { claims: { scope: 'connect', nbf: '0' } }, 'claims.nbf'],
  ['singleUse without jti', { claims: { scope: 'connect', singleUse: true } }, 'claims.jti'],
  ['heartbeatTimeout 4', { claims: { scope: 'connect', heartbeatTimeout: 4 } }, 'claims.heartbeatTimeout'],
  ['heartbeatTimeout 601', { claims: { scope: 'connect', heartbeatTimeout: 601 } }, 'claims.heartbeatTimeout'],
  ['keepAlive as a string', { claims: { scope: 'connect', keepAlive: 'yes' } }, 'claims.keepAlive'],
  ['channels as an array', { claims: { scope: 'connect', channels: [] } }, 'claims.channels'],
  ['a channel name with a comma', { claims: { scope: 'connect', channels: { 'a,b': { subscribe: true } } } }, 'claims.channels["a,b"]'],
  ['a channel name of 257 characters', { claims: { scope: 'connect', channels: { ['c'.repeat(257)]: { subscribe: true } } } }, `claims.channels["${'c'.repeat(257)}"]`],
  ['a #regex: key that does not compile', { claims: { scope: 'connect', channels: { '#regex:(': { subscribe: true } } } }, 'claims.channels["#regex:("]'],
  ['a misspelt directive', { claims: { scope: 'connect', channels: { a: { subcribe: true } } } }, 'claims.channels["a"].subcribe'],
  ['subscribe as a string', { claims: { scope: 'connect', channels: { a: { subscribe: 'true' } } } }, 'claims.channels["a"].subscribe'],
  ['autoSubscribe in a subscribe token', { claims: { scope: 'subscribe', uid: 'u', channels: { a: { autoSubscribe: true } } } }, 'claims.channels["a"].autoSubscribe'],
  ['autoSubscribe on a wildcard', { claims: { scope: 'connect', channels: { 'a.*': { autoSubscribe: true } } } }, 'claims.channels["a.*"].autoSubscribe'],
  ['presence subscribe without uid', { claims: { scope: 'connect', channels: { 'presence.r': { subscribe: true } } } }, 'claims.uid'],
  ['an alias on a wildcard', { claims: { scope: 'connect', channels: { 'a.*': { alias: 'x' } } } }, 'claims.channels["a.*"].alias'],
  ['an alias with a space', { claims: { scope: 'connect', channels: { a: { alias: 'x y' } } } }, 'claims.channels["a"].alias'],
  ['an alias colliding with a channel', { claims: { scope: 'connect', channels: { a: { alias: 'b' }, b: { subscribe: true } } } }, 'claims.channels["a"].alias'],
  ['two equal aliases', { claims: { scope: 'connect', channels: { a: { alias: 'x' }, b: { alias: 'x' } } } }, 'claims.channels["b"].alias'],
  ['historyStart negative', { claims: { scope: 'connect', channels: { a: { historyStart: -1 } } } }, 'claims.channels["a"].historyStart'],
  ['broadcast in a subscribe token', { claims: { scope: 'subscribe', uid: 'u', channels: { a: { messages: { m: { broadcast: true } } } } } }, 'claims.channels["a"].messages["m"].broadcast'],
  ['message store -2', { claims: { scope: 'connect', channels: { a: { messages: { m: { store: -2 } } } } } }, 'claims.channels["a"].messages["m"].store'],
  ['message store beyond the maximum', { claims: { scope: 'connect', channels: { a: { messages: { m: { store: 3_155_695_201 } } } } } }, 'claims.channels["a"].messages["m"].store'],
  ['react with a #', { claims: { scope: 'connect', channels: { a: { messages: { m: { react: ['#x'] } } } } } }, 'claims.channels["a"].messages["m"].react'],
  ['a misspelt message directive', { claims: { scope: 'connect', channels: { a: { messages: { m: { publsh: true } } } } } }, 'claims.channels["a"].messages["m"].publsh'],
  ['storage store 0', { claims: { scope: 'connect', channels: { a: { storage: { k: { store: 0 } } } } } }, 'claims.channels["a"].storage["k"].store'],
  ['a storage key with a space', { claims: { scope: 'connect', channels: { a: { storage: { 'k k': { get: true } } } } } }, 'claims.channels["a"].storage["k k"]'],
];

describe('signHotsockToken: bad arguments', () => {
  it.each(BAD)('%s → INVALID_ARGUMENT naming %s', async (_name, override, argument) => {
    const options = 'options' in override ? override.options : { claims: { scope: 'connect' }, key: SECRET, alg: 'HS256', ttl: 60, ...override };
    const error = await signHotsockToken(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { argument } });
    expect((error as Error).message.startsWith(argument)).toBe(true);
  });
});

describe('signHotsockToken: secrets never in errors', () => {
  const CANARY = 'CANARY7f3a9c';
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a short HMAC secret', { key: CANARY }],
    ['a malformed PEM', { alg: 'ES256', key: `-----BEGIN PRIVATE KEY-----\n${CANARY}AAAA\n-----END PRIVATE KEY-----` }],
    ['a PEM of random bytes', { alg: 'ES256', key: `-----BEGIN PRIVATE KEY-----\n${Buffer.from(CANARY.repeat(8)).toString('base64')}\n-----END PRIVATE KEY-----` }],
    ['an SEC1 key', { alg: 'ES256', key: `-----BEGIN EC PRIVATE KEY-----\n${CANARY}\n-----END EC PRIVATE KEY-----` }],
    ['a secret passed as PEM-looking', { key: `-----BEGIN ${CANARY}` }],
    ['bad claims beside a good key', { key: `${CANARY}${'x'.repeat(40)}`, claims: { scope: 'nope' } }],
  ];
  it.each(cases)('%s', async (_name, override) => {
    const error = await signHotsockToken({ claims: { scope: 'connect' }, key: SECRET, alg: 'HS256', ttl: 60, ...override } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelKitError);
    const texts = [String(error), (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify((error as ChannelKitError).details)];
    for (let c: unknown = (error as Error).cause; c; c = (c as Error).cause) texts.push(inspect(c, { depth: 10 }));
    const encoded = Buffer.from(CANARY.repeat(8)).toString('base64').slice(0, 12);
    for (const text of texts) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(encoded);
    }
  });
});

describe('signHotsockToken: runtimes', () => {
  it('EdDSA where WebCrypto lacks Ed25519 → UNSUPPORTED naming the algorithm and the runtime', async () => {
    const real = globalThis.crypto.subtle;
    const subtle = {
      importKey: (...args: Parameters<SubtleCrypto['importKey']>) => {
        const algorithm = args[2] as Algorithm;
        if (algorithm.name === 'Ed25519') return Promise.reject(new DOMException('Unrecognized algorithm name', 'NotSupportedError'));
        return real.importKey(...args);
      },
      sign: real.sign.bind(real),
    };
    vi.stubGlobal('crypto', { subtle });
    const error = await signHotsockToken({ claims: { scope: 'connect' }, key: pem(ed.privateKey), alg: 'EdDSA', ttl: 60 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', details: { feature: 'EdDSA', algorithm: 'EdDSA', runtime: `Node.js ${process.versions.node}` } });
    expect((error as Error).message).toContain('EdDSA');
    expect((error as Error).message).toContain(`Node.js ${process.versions.node}`);
    // The other algorithms still sign on that runtime.
    await expect(signHotsockToken({ claims: { scope: 'connect' }, key: pem(ec.ES256.privateKey), alg: 'ES256', ttl: 60 })).resolves.toMatch(/^ey/);
  });

  it('no crypto.subtle (an insecure browser context) → UNSUPPORTED, not a TypeError', async () => {
    vi.stubGlobal('crypto', {});
    await expect(signHotsockToken({ claims: { scope: 'connect' }, key: SECRET, alg: 'HS256', ttl: 60 })).rejects.toMatchObject({ code: 'UNSUPPORTED', details: { feature: 'WebCrypto' } });
  });

  it('Ed25519 is in this Node’s WebCrypto (the real one, not a stub)', async () => {
    const token = await signHotsockToken({ claims: { scope: 'connect' }, key: pem(ed.privateKey), alg: 'EdDSA', ttl: 60 });
    expect(nodeVerify(token, 'EdDSA', createPublicKey(ed.privateKey))).toBe(true);
  });
});
