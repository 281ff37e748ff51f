import { ChannelKitError } from '../errors/ChannelKitError.js';
import { invalidArgument } from '../lib/invalidArgument.js';
import type { HotsockSigningAlgorithm } from './HotsockSigningAlgorithm.js';

/** The WebCrypto algorithm behind each JWS `alg` (RFC 7518 §3; RFC 8037 for EdDSA). */
export function webCryptoAlgorithm(alg: HotsockSigningAlgorithm): {
  importParams: RsaHashedImportParams | EcKeyImportParams | HmacImportParams | Algorithm;
  signParams: Algorithm | RsaPssParams | EcdsaParams;
} {
  if (alg === 'EdDSA') return { importParams: { name: 'Ed25519' }, signParams: { name: 'Ed25519' } };
  const bits = alg.slice(2);
  const hash = `SHA-${bits}`;
  switch (alg.slice(0, 2)) {
    case 'HS':
      return { importParams: { name: 'HMAC', hash }, signParams: { name: 'HMAC' } };
    case 'RS':
      return { importParams: { name: 'RSASSA-PKCS1-v1_5', hash }, signParams: { name: 'RSASSA-PKCS1-v1_5' } };
    case 'PS':
      // RFC 7518 §3.5: the salt is as long as the hash output.
      return { importParams: { name: 'RSA-PSS', hash }, signParams: { name: 'RSA-PSS', saltLength: Number(bits) / 8 } as RsaPssParams };
    default: {
      // ES512 is P-521 (not a typo): RFC 7518 §3.4.
      const namedCurve = bits === '256' ? 'P-256' : bits === '384' ? 'P-384' : 'P-521';
      return { importParams: { name: 'ECDSA', namedCurve }, signParams: { name: 'ECDSA', hash } as EcdsaParams };
    }
  }
}

/** A name for the runtime, for "EdDSA is not available in <runtime>" (never anything secret). */
export function runtimeName(): string {
  const g = globalThis as { process?: { versions?: { node?: string; bun?: string } }; Deno?: { version?: { deno?: string } }; navigator?: { userAgent?: string } };
  if (g.process?.versions?.bun) return `Bun ${g.process.versions.bun}`;
  if (g.Deno?.version?.deno) return `Deno ${g.Deno.version.deno}`;
  if (g.process?.versions?.node) return `Node.js ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? 'this runtime';
}

/** PEM body → DER bytes, or undefined when `pem` is not one PEM block of `label`. */
function pemBody(pem: string, label: string): Uint8Array | undefined {
  const m = new RegExp(`^\\s*-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----\\s*$`).exec(pem);
  if (!m) return undefined;
  try {
    return Uint8Array.from(atob(m[1]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Imports the signing key for `alg` with WebCrypto only (Node, Lambda, edge runtimes and
 * browsers alike). Errors name the argument and the rule but never carry the key or the
 * WebCrypto error object (whose message could, in some runtime, quote the input).
 */
export async function importSigningKey(subtle: SubtleCrypto, alg: HotsockSigningAlgorithm, key: unknown): Promise<CryptoKey> {
  const { importParams } = webCryptoAlgorithm(alg);
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) {
    if (!key.usages.includes('sign')) throw invalidArgument('key', 'must be a CryptoKey usable for signing (usages include "sign")');
    if (key.algorithm.name !== importParams.name) throw invalidArgument('key', `must be a ${importParams.name} CryptoKey for ${alg}`);
    return key;
  }
  let format: 'raw' | 'pkcs8';
  let bytes: Uint8Array;
  if (alg.startsWith('HS')) {
    if (typeof key === 'string' && key.includes('-----BEGIN')) throw invalidArgument('key', `must be the shared secret for ${alg}, not a PEM key`);
    if (typeof key === 'string') bytes = new TextEncoder().encode(key);
    else if (key instanceof Uint8Array) bytes = key;
    else throw invalidArgument('key', `must be the shared secret (a string or Uint8Array) for ${alg}`);
    // RFC 7518 §3.2: "a key of the same size as the hash output or larger MUST be used".
    const min = Number(alg.slice(2)) / 8;
    if (bytes.length < min) throw invalidArgument('key', `must be at least ${min} bytes for ${alg} (RFC 7518 §3.2)`);
    format = 'raw';
  } else {
    if (typeof key !== 'string') throw invalidArgument('key', `must be a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----") or a CryptoKey for ${alg}`);
    if (/-----BEGIN (?:PUBLIC KEY|CERTIFICATE)-----/.test(key)) throw invalidArgument('key', 'must be the private key: Hotsock is configured with the public key, the app signs with the private one');
    if (/-----BEGIN (?:RSA|EC) PRIVATE KEY-----/.test(key)) {
      throw invalidArgument('key', 'must be PKCS#8 ("-----BEGIN PRIVATE KEY-----"), which WebCrypto imports; convert with `openssl pkcs8 -topk8 -nocrypt -in key.pem`');
    }
    const der = pemBody(key, 'PRIVATE KEY');
    if (!der) throw invalidArgument('key', `must be a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----") for ${alg}`);
    bytes = der;
    format = 'pkcs8';
  }
  try {
    return await subtle.importKey(format, bytes as BufferSource, importParams, false, ['sign']);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    if (alg === 'EdDSA' && name === 'NotSupportedError') {
      throw new ChannelKitError('UNSUPPORTED', `EdDSA (Ed25519) signing is not available in ${runtimeName()}'s WebCrypto; use ES256 or run on a runtime with Ed25519`, {
        details: { feature: 'EdDSA', algorithm: alg, runtime: runtimeName() },
      });
    }
    // DataError: the bytes are not a key of this type (an RSA key for ES256, a P-384 key for ES256 …).
    throw invalidArgument('key', `must be a ${importParams.name}${'namedCurve' in importParams ? ` ${importParams.namedCurve}` : ''} private key for ${alg} (WebCrypto refused it: ${name})`);
  }
}
