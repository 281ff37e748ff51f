import { invalidArgument, kindOf } from '../lib/invalidArgument.js';

// FIPS 180-4 SHA-256 and RFC 2104 HMAC in plain JavaScript: synchronous, dependency-free,
// identical in browsers, React Native (Hermes) and Node. WebCrypto is async-only, which
// would make signing async everywhere; Node gets a faster path in `hasher.ts`. Written for
// bundle size first (it ships to browsers), speed second.

// Initial hash values and round constants are the first 32 bits of the fractional parts of
// the square roots (first 8 primes) and cube roots (first 64 primes), FIPS 180-4 §4.2.2 and
// §5.3.3. Derived at load instead of spelled out, ~450 bytes less in every bundle. Doubles
// carry ~50 fractional bits for these roots, so all 32 bits are exact; the tests against
// node:crypto would catch a single wrong bit.
const IV = new Int32Array(8);
const K = new Int32Array(64);
for (let n = 2, i = 0; i < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (prime) {
    if (i < 8) IV[i] = (Math.sqrt(n) % 1) * 2 ** 32;
    K[i++] = (Math.cbrt(n) % 1) * 2 ** 32;
  }
}
const W = new Int32Array(64);

/**
 * SHA-256 digest of bytes.
 *
 * @example
 * ```ts
 * toHex(sha256(utf8('abc'))); // 'ba7816bf…'
 * ```
 */
export function sha256(data: Uint8Array): Uint8Array {
  // A number or object would hash as if it were empty bytes: a wrong signature, silently.
  if (!(data instanceof Uint8Array)) throw invalidArgument('sha256(data)', `must be a Uint8Array (got ${kindOf(data)})`);
  const len = data.length;
  // Message, 0x80, zero padding, 64-bit big-endian bit length: whole 64-byte blocks.
  const total = ((len + 72) >>> 6) << 6;
  const buf = new Uint8Array(total);
  buf.set(data);
  buf[len] = 128;
  for (let i = total - 1, bits = len * 8; bits > 0; i--, bits = Math.floor(bits / 256)) buf[i] = bits % 256;
  const state = IV.slice();
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) {
        const j = off + i * 4;
        W[i] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!;
      } else {
        const a = W[i - 15]!;
        const b = W[i - 2]!;
        W[i] = W[i - 16]! + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + W[i - 7]! + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10));
      }
    }
    let [a, b, c, d, e, f, g, h] = state as unknown as number[];
    for (let i = 0; i < 64; i++) {
      const t1 = (h! + (rotr(e!, 6) ^ rotr(e!, 11) ^ rotr(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + K[i]! + W[i]!) | 0;
      const t2 = ((rotr(a!, 2) ^ rotr(a!, 13) ^ rotr(a!, 22)) + ((a! & b!) ^ (a! & c!) ^ (b! & c!))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d! + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, h].forEach((v, i) => {
      state[i]! += v!;
    });
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = state[i >> 2]! >>> (24 - (i & 3) * 8);
  return out;
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/**
 * HMAC-SHA-256 (RFC 2104).
 *
 * @example
 * ```ts
 * const mac = hmacSha256(utf8('key'), utf8('The quick brown fox jumps over the lazy dog'));
 * ```
 */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array)) throw invalidArgument('hmacSha256(key)', `must be a Uint8Array (got ${kindOf(key)})`);
  if (!(data instanceof Uint8Array)) throw invalidArgument('hmacSha256(data)', `must be a Uint8Array (got ${kindOf(data)})`);
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + data.length);
  const outer = new Uint8Array(96);
  for (let i = 0; i < 64; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  inner.set(data, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}
