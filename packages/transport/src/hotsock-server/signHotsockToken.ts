import { ChannelKitError } from '../errors/ChannelKitError.js';
import { base64UrlEncode } from '../lib/base64url.js';
import { invalidArgument, kindOf } from '../lib/invalidArgument.js';
import type { HotsockClaims } from './HotsockClaims.js';
import { HOTSOCK_SIGNING_ALGORITHMS, type HotsockSigningAlgorithm } from './HotsockSigningAlgorithm.js';
import { importSigningKey, webCryptoAlgorithm } from './importSigningKey.js';
import { validateHotsockClaims } from './validateHotsockClaims.js';

/**
 * Options of {@link signHotsockToken}.
 *
 * @example
 * ```ts
 * const options: SignHotsockTokenOptions = { claims: { scope: 'connect', uid: 'alice' }, key: process.env.HOTSOCK_SIGNING_KEY!, alg: 'ES256', ttl: 60 };
 * ```
 */
export interface SignHotsockTokenOptions {
  /** The token's claims; `exp` and `iat` come from `ttl`. */
  claims: HotsockClaims;
  /**
   * HS*: the shared secret (string or bytes, at least as long as the hash). Other algorithms: a
   * PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`) or a WebCrypto `CryptoKey`.
   * Import a PEM once with `crypto.subtle.importKey` and pass the `CryptoKey` on hot paths.
   */
  key: string | Uint8Array | CryptoKey;
  /** The algorithm configured on the Hotsock installation's key slot. */
  alg: HotsockSigningAlgorithm;
  /** The slot's Key ID, when it has one (a slot with a Key ID requires it). */
  kid?: string;
  /** Lifetime in seconds (a positive integer): `exp = iat + ttl`. Hotsock advises seconds, not hours. */
  ttl: number;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * Signs a Hotsock connect, subscribe or umd token on the app's server, with WebCrypto only
 * (`globalThis.crypto.subtle`: Node ≥ 20, Lambda, Vercel/Cloudflare edge, Deno, Bun). The
 * claims are checked first as Hotsock checks them, so a token Hotsock would refuse fails here
 * with `INVALID_ARGUMENT` naming the claim and the rule. EdDSA needs Ed25519 in WebCrypto
 * (tested on Node 20 and Chromium; Chromium has it since 137); where a runtime lacks it the
 * promise rejects with `UNSUPPORTED` naming the algorithm and the runtime. Keys never appear
 * in errors.
 *
 * @example
 * ```ts
 * import { signHotsockToken } from '@channelkit/transport/hotsock-server';
 *
 * const token = await signHotsockToken({
 *   claims: { scope: 'connect', uid: 'alice', channels: { 'chat.1': { subscribe: true, messages: { chat: { publish: true, echo: true } } } } },
 *   key: process.env.HOTSOCK_SIGNING_KEY!, // the PKCS#8 PEM private key of the installation's ES256 slot
 *   alg: 'ES256',
 *   ttl: 60,
 * });
 * ```
 */
export async function signHotsockToken(options: SignHotsockTokenOptions): Promise<string> {
  if (options === null || typeof options !== 'object') throw invalidArgument('options', `must be an object (got ${kindOf(options)})`);
  const { claims, key, alg, kid, ttl, now = Date.now } = options;
  if (!HOTSOCK_SIGNING_ALGORITHMS.includes(alg)) throw invalidArgument('alg', `must be one of ${HOTSOCK_SIGNING_ALGORITHMS.join(', ')}`);
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) throw invalidArgument('kid', 'must be a non-empty string when given');
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) throw invalidArgument('ttl', 'must be a positive integer number of seconds');
  if (typeof now !== 'function') throw invalidArgument('now', 'must be a function returning milliseconds');
  if (key === undefined || key === null || key === '') throw invalidArgument('key', 'is required');
  validateHotsockClaims(claims);

  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) {
    throw new ChannelKitError('UNSUPPORTED', 'signHotsockToken needs WebCrypto (crypto.subtle), which browsers offer only in secure contexts; sign tokens on the server', {
      details: { feature: 'WebCrypto', algorithm: alg },
    });
  }
  const cryptoKey = await importSigningKey(subtle, alg, key);

  const iat = Math.floor(now() / 1000);
  if (!Number.isFinite(iat)) throw invalidArgument('now', 'must return a finite number of milliseconds');
  const header = { alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) };
  // exp and iat go last so that an app's own claim of the same name (refused above) cannot win.
  const payload = { ...claims, iat, exp: iat + ttl };
  const input = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
  // WebCrypto's ECDSA output is already IEEE P1363 (r‖s), the form JWS requires (RFC 7518 §3.4).
  const signature = await subtle.sign(webCryptoAlgorithm(alg).signParams, cryptoKey, new TextEncoder().encode(input));
  return `${input}.${base64UrlEncode(new Uint8Array(signature))}`;
}
