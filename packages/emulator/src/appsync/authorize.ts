import { verifySigV4 } from '../sigv4/verifySigV4.js';
import { verifyJwt } from '../core/jwt.js';
import type { AppSyncIdentity } from './handlers.js';
import type { AuthMode, ResolvedAppSyncOptions } from './options.js';

/** Outcome of an authorization. */
export type AuthResult = { ok: true; mode: AuthMode; identity: AppSyncIdentity } | { ok: false; errorType: 'UnauthorizedException' | 'BadRequestException'; message: string; status: 401 | 403 };

/** The request an auth object (or HTTP headers) authorizes. */
export interface AuthContext {
  operation: 'connect' | 'subscribe' | 'publish';
  /** The body IAM signatures must cover (rebuilt for WebSocket operations). */
  body: string;
  /** HTTP host of the API: auth objects must name it. */
  httpHost: string;
  /** Path IAM signatures cover: `/event`, or the HTTP request's own path. */
  path: string;
  channel?: string;
}

const DENIED = 'You are not authorized to make this call.';

/**
 * Authorizes one operation against the allowed modes, the way AppSync does: the credential
 * present decides the mode (API key → `x-api-key`; SigV4 → IAM; any other `Authorization` →
 * Cognito/OIDC JWT, else Lambda), and it must be both allowed here and valid.
 *
 * @example
 * ```ts
 * const r = authorize(headers, ['API_KEY'], { operation: 'connect', body: '{}', httpHost, path: '/event' }, options);
 * ```
 */
export function authorize(rawHeaders: Record<string, unknown>, allowed: readonly AuthMode[], ctx: AuthContext, options: ResolvedAppSyncOptions): AuthResult {
  // No prototype: a `__proto__` or `constructor` key in an auth object must be just a key.
  const headers: Record<string, string | undefined> = Object.create(null);
  for (const [k, v] of Object.entries(rawHeaders ?? {})) if (typeof v === 'string') headers[k.toLowerCase()] = v;
  const deny = (message = DENIED, status: 401 | 403 = 401): AuthResult => ({ ok: false, errorType: 'UnauthorizedException', message, status });
  if (ctx.operation === 'connect' && headers.host !== undefined && headers.host !== ctx.httpHost) return deny(`host ${headers.host} is not this API's host`);

  const apiKey = headers['x-api-key'];
  if (apiKey !== undefined) {
    if (!allowed.includes('API_KEY')) return deny('API_KEY is not an allowed auth mode here', 403);
    return apiKey === options.apiKey ? { ok: true, mode: 'API_KEY', identity: null } : deny();
  }
  const authorization = headers.authorization;
  if (authorization === undefined) return deny('Missing authorization');
  if (authorization.startsWith('AWS4-HMAC-SHA256')) {
    if (!allowed.includes('AWS_IAM')) return deny('AWS_IAM is not an allowed auth mode here', 403);
    if (!options.verifyIamSignatures) return { ok: true, mode: 'AWS_IAM', identity: iamIdentity(options.credentials.accessKeyId) };
    if (headers.host !== ctx.httpHost) return deny(`IAM requests must be signed for host ${ctx.httpHost}`);
    const result = verifySigV4(
      { method: 'POST', host: ctx.httpHost, path: ctx.path, query: [], headers, body: ctx.body },
      {
        service: 'appsync',
        region: options.region,
        now: options.now(),
        secretFor: (id) => (id === options.credentials.accessKeyId ? options.credentials.secretAccessKey : undefined),
        // UNCONFIRMED (spec §2.3, §5): AWS documents signing the body for every Events
        // operation and no official client sends UNSIGNED-PAYLOAD. Accepting it would let a
        // signature made for one channel authorize any other body, so it is refused.
        allowUnsignedPayload: false,
      },
    );
    if (result.ok) return { ok: true, mode: 'AWS_IAM', identity: iamIdentity(options.credentials.accessKeyId) };
    // A mismatch on a WebSocket operation is reported as AWS does (aws-appsync-community#400:
    // "BadRequestException: signature mismatch"); at connect it is a plain auth failure.
    return result.errorType === 'SignatureDoesNotMatch' && ctx.operation !== 'connect'
      ? { ok: false, errorType: 'BadRequestException', message: `signature mismatch: ${result.message}`, status: 403 }
      : deny(`${result.errorType}: ${result.message}`, 403);
  }
  for (const mode of ['AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT'] as const) {
    if (!allowed.includes(mode)) continue;
    const claims = options.verifyJwt ? (options.verifyJwt(authorization, mode) ? unverifiedClaims(authorization) : undefined) : verifyJwt(authorization, options.jwtSecret, options.now());
    if (claims) return { ok: true, mode, identity: jwtIdentity(mode, claims) };
  }
  if (allowed.includes('AWS_LAMBDA')) {
    const lambdaCtx = { operation: ctx.operation, ...(ctx.channel ? { channel: ctx.channel } : {}) };
    const verdict = options.authorizeLambda ? options.authorizeLambda(authorization, lambdaCtx) : options.lambdaTokens.includes(authorization);
    // A Lambda authorizer answers { isAuthorized, resolverContext }; a boolean is the short form.
    const valid = typeof verdict === 'boolean' ? verdict : verdict?.isAuthorized === true;
    if (valid) return { ok: true, mode: 'AWS_LAMBDA', identity: { resolverContext: typeof verdict === 'object' ? { ...(verdict.resolverContext ?? {}) } : {} } };
  }
  return deny();
}

/** The loopback caller's address, as `sourceIp` lists it. */
const SOURCE_IP = ['127.0.0.1'];

/** `ctx.identity` of an IAM caller: the emulator's one access key, as a user of a local account. */
function iamIdentity(accessKeyId: string): AppSyncIdentity {
  return {
    accountId: '000000000000',
    userArn: `arn:aws:iam::000000000000:user/${accessKeyId}`,
    username: accessKeyId,
    sourceIp: SOURCE_IP,
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  };
}

/** `ctx.identity` of a Cognito user pool or OIDC caller, from the token's claims. */
function jwtIdentity(mode: 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT', claims: Record<string, unknown>): AppSyncIdentity {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const issuer = typeof claims.iss === 'string' ? claims.iss : '';
  if (mode === 'OPENID_CONNECT') return { sub, issuer, claims };
  const username = claims['cognito:username'] ?? claims.username ?? sub;
  const groups = claims['cognito:groups'];
  return {
    sub,
    issuer,
    username: typeof username === 'string' ? username : sub,
    claims,
    sourceIp: SOURCE_IP,
    defaultAuthStrategy: 'ALLOW',
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : null,
  };
}

/** The claims of a JWT an app-supplied verifier already accepted. */
function unverifiedClaims(token: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.replace(/^Bearer\s+/i, '').split('.')[1] ?? '', 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
