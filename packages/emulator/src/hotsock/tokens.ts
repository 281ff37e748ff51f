import { jsonText } from '../core/jsonText.js';
import { type JwtKey, verifyJwt } from '../core/jwt.js';
import { type Claims, regexKeysValid } from './permissions.js';

/**
 * Verification settings of Hotsock tokens: signing keys (two slots in a real installation;
 * any number here), and the optional `aud`/`iss` the installation requires.
 */
export interface TokenRules {
  keys: readonly JwtKey[];
  audience: string | undefined;
  issuer: string | undefined;
  /** `jti`s of single-use tokens already spent. */
  spent: Set<string>;
}

/** Why a token was refused (for the 401/403 choice and error frames). */
export type TokenVerdict = { ok: true; claims: Claims } | { ok: false; status: 401 | 403; reason: string };

const headerOf = (token: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Verifies a Hotsock JWT for a scope (spec §3.1–3.2): `typ` JWT, the algorithm and key of a
 * configured slot (a slot with a `kid` needs the same `kid`; a slot without one takes any),
 * `exp` required and refused at or after it (no leeway), `nbf`, `aud`/`iss` when configured,
 * the scope, `singleUse` with `jti` (spent on success), and every `#regex:` key compiling.
 */
export function verifyHotsockToken(token: unknown, scope: 'connect' | 'subscribe' | 'umd', rules: TokenRules, now: number): TokenVerdict {
  if (typeof token !== 'string' || token.length === 0) return { ok: false, status: 401, reason: 'missing token' };
  const header = headerOf(token);
  if (header?.typ !== 'JWT') return { ok: false, status: 401, reason: 'token header must have typ JWT' };
  let claims: Claims | undefined;
  for (const key of rules.keys) {
    const kid = typeof key === 'string' ? undefined : key.kid;
    if (kid !== undefined && header.kid !== kid) continue;
    claims = verifyJwt(token, key, now);
    if (claims) break;
  }
  if (!claims) return { ok: false, status: 401, reason: 'signature, algorithm or time claims invalid' };
  if (typeof claims.exp !== 'number') return { ok: false, status: 401, reason: 'exp is required' };
  if (rules.audience !== undefined) {
    const aud = claims.aud;
    if (!(aud === rules.audience || (Array.isArray(aud) && aud.includes(rules.audience)))) return { ok: false, status: 403, reason: 'aud does not match' };
  }
  if (rules.issuer !== undefined && claims.iss !== rules.issuer) return { ok: false, status: 403, reason: 'iss does not match' };
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(scope)) return { ok: false, status: 403, reason: `scope must include ${scope}` };
  if (scope === 'connect' && claims.connectionId !== undefined) return { ok: false, status: 403, reason: 'a token bound to a connectionId cannot open a connection' };
  if (claims.uid !== undefined && (typeof claims.uid !== 'string' || claims.uid.length > 128)) return { ok: false, status: 403, reason: 'uid must be a string of at most 128 characters' };
  if (claims.umd !== undefined && Buffer.byteLength(jsonText(claims.umd)) > 1024) return { ok: false, status: 403, reason: 'umd exceeds 1 KiB' };
  if (!regexKeysValid(claims)) return { ok: false, status: 401, reason: 'a #regex: key does not compile' };
  if (claims.singleUse === true) {
    if (typeof claims.jti !== 'string' || claims.jti === '') return { ok: false, status: 403, reason: 'singleUse requires jti' };
    const id = `${scope}:${claims.jti}`;
    if (rules.spent.has(id)) return { ok: false, status: 403, reason: 'single-use token already used' };
    rules.spent.add(id);
  }
  return { ok: true, claims };
}
