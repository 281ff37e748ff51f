import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs an HS256 JWT, for tests and local development against the emulator's default
 * Cognito/OIDC verifier.
 *
 * @example
 * ```ts
 * const token = signJwt({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600 }, endpoints.appsync.jwt.secret);
 * ```
 */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/**
 * Verifies an HS256 JWT (optionally with a `Bearer ` prefix): signature, `exp` and `nbf`.
 * Returns the claims, or undefined.
 *
 * @example
 * ```ts
 * const claims = verifyJwt(authorizationHeader, secret, Date.now());
 * ```
 */
export function verifyJwt(token: string, secret: string, now: number): Record<string, unknown> | undefined {
  const parts = token.replace(/^Bearer\s+/i, '').split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, sig] = parts as [string, string, string];
  try {
    if (JSON.parse(Buffer.from(head, 'base64url').toString('utf8')).alg !== 'HS256') return undefined;
    const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const seconds = now / 1000;
    if (typeof claims.exp === 'number' && claims.exp <= seconds) return undefined;
    if (typeof claims.nbf === 'number' && claims.nbf > seconds) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
