import { toHex, utf8 } from './encoding.js';
import { hmacSha256, sha256 } from './sha256.js';

/**
 * The two primitives SigV4 needs. Synchronous on purpose: signing stays a pure function.
 *
 * @example
 * ```ts
 * const h: Hasher = pureHasher;
 * h.sha256Hex('') === 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
 * ```
 */
export interface Hasher {
  sha256Hex(data: string | Uint8Array): string;
  hmac(key: Uint8Array, data: string): Uint8Array;
}

/**
 * The portable implementation (plain JS): browsers, React Native, edge runtimes.
 *
 * @example
 * ```ts
 * signRequest(request, { ...options, hasher: pureHasher });
 * ```
 */
export const pureHasher: Hasher = {
  sha256Hex: (data) => toHex(sha256(utf8(data))),
  hmac: (key, data) => hmacSha256(key, utf8(data)),
};

interface NodeCryptoSubset {
  createHash(alg: 'sha256'): { update(d: string | Uint8Array): { digest(enc: 'hex'): string } };
  createHmac(alg: 'sha256', key: Uint8Array): { update(d: string): { digest(): Uint8Array } };
}

let cached: Hasher | undefined;

/**
 * The fastest available {@link Hasher}: `node:crypto` when the host is Node (or Bun/Deno with
 * Node compatibility), otherwise {@link pureHasher}.
 *
 * Reached through `process.getBuiltinModule` (Node ≥ 20.16) rather than an import, so bundlers
 * for the browser see no reference to `node:crypto` and need no shims.
 *
 * @example
 * ```ts
 * defaultHasher().sha256Hex('abc');
 * ```
 */
export function defaultHasher(): Hasher {
  if (cached) return cached;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const nodeCrypto = proc?.getBuiltinModule?.('node:crypto') as NodeCryptoSubset | undefined;
  cached = nodeCrypto
    ? {
        sha256Hex: (data) => nodeCrypto.createHash('sha256').update(data).digest('hex'),
        hmac: (key, data) => nodeCrypto.createHmac('sha256', key).update(data).digest(),
      }
    : pureHasher;
  return cached;
}
