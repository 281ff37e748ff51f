import { constants, createHmac, createPrivateKey, createPublicKey, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';

/** HMAC algorithms: the key is a shared secret. */
type HmacAlg = 'HS256' | 'HS384' | 'HS512';
/** Public-key algorithms (RFC 7518 §3.3–3.5, RFC 8037): the key is a PEM pair. */
type KeyPairAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/**
 * A key that signs or verifies JWTs: an HMAC shared secret (a plain string is an HS256 one),
 * or a PEM key pair for RS*, PS*, ES* or EdDSA (verification needs only the public key; a
 * private key also works). These are the algorithms a Hotsock installation accepts.
 *
 * @example
 * ```ts
 * const hs: JwtKey = 'shared-secret';
 * const es: JwtKey = { alg: 'ES256', kid: 'k1', privateKeyPem };
 * const ed: JwtKey = { alg: 'EdDSA', publicKeyPem };
 * ```
 */
export type JwtKey = string | { alg: HmacAlg; secret: string; kid?: string } | { alg: KeyPairAlg; privateKeyPem?: string; publicKeyPem?: string; kid?: string };

/** The registered time claims, which must be numbers (seconds since the epoch) when present. */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/**
 * Signs a JWT (HS* with a secret; RS*, PS*, ES*, EdDSA with a private key), for tests and
 * local development against the emulator's verifiers.
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
  if (isHmac(k)) return `${input}.${createHmac(hashOf(k.alg), k.secret).update(input).digest('base64url')}`;
  if (!k.privateKeyPem) throw new TypeError(`signJwt: ${k.alg} needs privateKeyPem`);
  return `${input}.${sign(digestOf(k.alg), Buffer.from(input), signOptions(k.alg, createPrivateKey(k.privateKeyPem))).toString('base64url')}`;
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
  if (isHmac(k)) {
    const expected = createHmac(hashOf(k.alg), k.secret).update(input).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  } else {
    const size = EC_SIGNATURE_BYTES[k.alg];
    if (size !== undefined && given.length !== size) return undefined;
    try {
      if (!verify(digestOf(k.alg), input, signOptions(k.alg, publicKey(k)), given)) return undefined;
    } catch {
      // A key of another type (an RSA key configured as ES256 …) verifies nothing.
      return undefined;
    }
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

type Normalized = { alg: HmacAlg; secret: string; kid?: string | undefined } | { alg: KeyPairAlg; privateKeyPem?: string | undefined; publicKeyPem?: string | undefined; kid?: string | undefined };

function normalize(key: JwtKey): Normalized {
  return typeof key === 'string' ? { alg: 'HS256', secret: key } : key;
}

function isHmac(k: Normalized): k is Extract<Normalized, { secret: string }> {
  return k.alg.startsWith('HS');
}

/** `sha256` … for HS*, RS*, PS*, ES*. */
function hashOf(alg: string): string {
  return `sha${alg.slice(2)}`;
}

/** EdDSA hashes internally: node's sign/verify take `null` for it. */
function digestOf(alg: KeyPairAlg): string | null {
  return alg === 'EdDSA' ? null : hashOf(alg);
}

/** JWS ECDSA signatures are raw r‖s of fixed size (RFC 7518 §3.4), P-521 being 66-byte halves. */
const EC_SIGNATURE_BYTES: Partial<Record<KeyPairAlg, number>> = { ES256: 64, ES384: 96, ES512: 132 };

function signOptions(alg: KeyPairAlg, key: KeyObject): { key: KeyObject; dsaEncoding?: 'ieee-p1363'; padding?: number; saltLength?: number } {
  // ieee-p1363: the raw r||s form JWS requires (not DER).
  if (alg.startsWith('ES')) return { key, dsaEncoding: 'ieee-p1363' };
  // RFC 7518 §3.5: PSS with MGF1 and a salt as long as the hash.
  if (alg.startsWith('PS')) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 };
  return { key };
}

function publicKey(k: { privateKeyPem?: string | undefined; publicKeyPem?: string | undefined }): KeyObject {
  if (k.publicKeyPem) return createPublicKey(k.publicKeyPem);
  if (k.privateKeyPem) return createPublicKey(createPrivateKey(k.privateKeyPem));
  throw new TypeError('verifyJwt: a key-pair algorithm needs publicKeyPem or privateKeyPem');
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
