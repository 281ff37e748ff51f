/**
 * The JWS algorithms a Hotsock installation can verify (Hotsock spec §3.1: HS*, RS*, PS*, ES*,
 * EdDSA). The installation is configured with one per key slot; the token must use it.
 *
 * @example
 * ```ts
 * const alg: HotsockSigningAlgorithm = 'ES256'; // what Hotsock's own issuers default to
 * ```
 */
export type HotsockSigningAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/**
 * Every {@link HotsockSigningAlgorithm}, for validation and tests.
 *
 * @example
 * ```ts
 * HOTSOCK_SIGNING_ALGORITHMS.includes('ES256'); // true
 * ```
 */
export const HOTSOCK_SIGNING_ALGORITHMS: readonly HotsockSigningAlgorithm[] = Object.freeze([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);
