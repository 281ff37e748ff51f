import { createHmac, createPrivateKey, createPublicKey, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';

/**
 * A key that signs or verifies JWTs: an HS256 shared secret (a plain string is one), or an
 * ES256 key pair in PEM (verification needs only the public key; a private key also works).
 *
 * @example
 * ```ts
 * const hs: JwtKey = 'shared-secret';
 * const es: JwtKey = { alg: 'ES256', kid: 'k1', privateKeyPem };
 * ```
 */
export type JwtKey = string | { alg: 'HS256'; secret: string; kid?: string } | { alg: 'ES256'; privateKeyPem?: string; publicKeyPem?: string; kid?: string };

/** The registered time claims, which must be numbers (seconds since the epoch) when present. */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/**
 * Signs a JWT (HS256 with a secret, ES256 with a private key), for tests and local
 * development against the emulator's verifiers.
 *
 * @example
 * ```ts
 * const token = signJwt({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600 }, endpoints.appsync.jwt.secret);
 * ```
 */
export function signJwt(claims: Record<string, unknown>, key: JwtKey): string {
  const k = normalize(key);
  const header = { alg: k.alg, typ: 'JWT', ...(k.kid ? { kid: k.kid } : {}) };
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  if (k.alg === 'HS256') return `${input}.${createHmac('sha256', k.secret).update(input).digest('base64url')}`;
  if (!k.privateKeyPem) throw new TypeError('signJwt: ES256 needs privateKeyPem');
  // ieee-p1363: the raw r||s form JWS requires (not DER).
  const sig = sign('sha256', Buffer.from(input), { key: createPrivateKey(k.privateKeyPem), dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

/**
 * Verifies a JWT (optionally with a `Bearer ` prefix): the algorithm must be the key's (no
 * `none`, no HS/ES confusion), the signature must match, and `exp`/`nbf`/`iat` must be
 * numbers when present (a string `exp` is refused, not ignored), with `exp` in the future and
 * `nbf` in the past. Returns the claims, or undefined.
 *
 * @example
 * ```ts
 * const claims = verifyJwt(authorizationHeader, secret, Date.now());
 * ```
 */
export function verifyJwt(token: string, key: JwtKey, now: number): Record<string, unknown> | undefined {
  if (typeof token !== 'string' || token.length > 16_384) return undefined;
  const parts = token.replace(/^Bearer\s+/i, '').split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, sig] = parts as [string, string, string];
  const k = normalize(key);
  const header = decode(head);
  if (!header || header.alg !== k.alg) return undefined;
  const input = Buffer.from(`${head}.${body}`);
  // Buffer's base64url decoder skips characters outside the alphabet and a dangling final
  // character, so `<sig>!!`, `<sig>=` or `<sig>A` would decode to the same bytes: only the
  // canonical unpadded encoding of the signature is a signature (RFC 7515 §2, base64url
  // without padding; §7.1 compact serialization).
  const given = Buffer.from(sig, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(sig) || given.toString('base64url') !== sig) return undefined;
  if (k.alg === 'HS256') {
    const expected = createHmac('sha256', k.secret).update(input).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  } else {
    if (given.length !== 64 || !verify('sha256', input, { key: publicKey(k), dsaEncoding: 'ieee-p1363' }, given)) return undefined;
  }
  const claims = decode(body);
  if (!claims) return undefined;
  for (const name of TIME_CLAIMS) {
    if (claims[name] !== undefined && (typeof claims[name] !== 'number' || !Number.isFinite(claims[name]))) return undefined;
  }
  const seconds = now / 1000;
  if (claims.exp !== undefined && (claims.exp as number) <= seconds) return undefined;
  if (claims.nbf !== undefined && (claims.nbf as number) > seconds) return undefined;
  return claims;
}

type Normalized = { alg: 'HS256'; secret: string; kid?: string | undefined } | { alg: 'ES256'; privateKeyPem?: string | undefined; publicKeyPem?: string | undefined; kid?: string | undefined };

function normalize(key: JwtKey): Normalized {
  return typeof key === 'string' ? { alg: 'HS256', secret: key } : key;
}

function publicKey(k: { privateKeyPem?: string | undefined; publicKeyPem?: string | undefined }): KeyObject {
  if (k.publicKeyPem) return createPublicKey(k.publicKeyPem);
  if (k.privateKeyPem) return createPublicKey(createPrivateKey(k.privateKeyPem));
  throw new TypeError('verifyJwt: ES256 needs publicKeyPem or privateKeyPem');
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** A JSON object from a base64url segment, or undefined (never throws). */
function decode(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
