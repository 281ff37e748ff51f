import { randomBytes } from 'node:crypto';
import type { AppSyncEventHandlers } from './handlers.js';

/**
 * AppSync authorization modes.
 *
 * @example
 * ```ts
 * startEmulator({ appsync: { connectionAuthModes: ['AWS_IAM'] satisfies AuthMode[] } });
 * ```
 */
export type AuthMode = 'API_KEY' | 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA';

/**
 * What an `onPublish` hook may do to each event: keep (possibly changed), drop, or fail it.
 *
 * @example
 * ```ts
 * onPublish: ({ events }) => events.map((event): PublishVerdict => (event.length > 1000 ? { error: 'too long' } : { event })),
 * ```
 */
export type PublishVerdict = { event: string } | { drop: true } | { error: string; code?: number };

/**
 * A channel namespace: which auth modes may publish/subscribe (defaults: the API's), and
 * optional handlers standing in for AppSync's `onPublish`/`onSubscribe` code handlers.
 *
 * @example
 * ```ts
 * const ns: NamespaceOptions = { publishAuthModes: ['AWS_IAM'], onSubscribe: ({ channel }) => !channel.includes('admin') };
 * ```
 */
export interface NamespaceOptions {
  publishAuthModes?: AuthMode[];
  subscribeAuthModes?: AuthMode[];
  /** Return false to refuse the subscription (`Unauthorized`, as `util.unauthorized()`). */
  onSubscribe?: (ctx: { channel: string; authMode: AuthMode }) => boolean;
  onPublish?: (ctx: { channel: string; events: string[]; authMode: AuthMode }) => PublishVerdict[];
  /**
   * Return true to make delivery of this event to this subscription fail: the subscriber gets a
   * `broadcast_error` (MessageProcessingError) instead of the `data` frame, and stays
   * subscribed — the stand-in for a per-subscriber handler error.
   */
  failDelivery?: (ctx: { channel: string; event: string; subscriptionId: string }) => boolean;
  /**
   * AppSync's own event handlers, written as in the namespace's `code`: `onPublish(ctx)` returns
   * the events to broadcast (changed, filtered, or with `error`), `onSubscribe(ctx)` may reject
   * with `appSyncUtil.unauthorized()`. `ctx.identity` is the operation's caller. They run after
   * the hooks above, which remain for fault injection.
   */
  handlers?: AppSyncEventHandlers;
}

/**
 * Options of the emulated Event API. Everything has a default that works out of the box.
 *
 * @example
 * ```ts
 * startEmulator({ appsync: { namespaces: { default: {}, admin: { publishAuthModes: ['AWS_IAM'] } } } });
 * ```
 */
export interface AppSyncEmulatorOptions {
  region?: string;
  apiKey?: string;
  /** IAM credentials the emulator accepts. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** HS256 secret of the default Cognito/OIDC JWT verifier. */
  jwtSecret?: string;
  /** Tokens the default Lambda authorizer accepts. */
  lambdaTokens?: string[];
  /** Replace the default JWT check (Cognito user pools and OIDC). */
  verifyJwt?: (token: string, mode: 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT') => boolean;
  /** Replace the default Lambda authorizer. */
  authorizeLambda?: (token: string, ctx: { operation: 'connect' | 'subscribe' | 'publish'; channel?: string }) => boolean | { isAuthorized: boolean; resolverContext?: Record<string, string> };
  connectionAuthModes?: AuthMode[];
  defaultPublishAuthModes?: AuthMode[];
  defaultSubscribeAuthModes?: AuthMode[];
  namespaces?: Record<string, NamespaceOptions>;
  /** `ka` interval (AWS: 60 s). */
  keepAliveIntervalMs?: number;
  /** Announced in `connection_ack` (AWS: 300 000). */
  connectionTimeoutMs?: number;
  /** AWS: 24 h. */
  maxConnectionDurationMs?: number;
  /** AWS: 200. */
  maxSubscriptionsPerConnection?: number;
  /** Publish requests per second per connection (AWS: 25). Off by default. */
  publishRateLimitPerSecond?: number;
  /** Verify SigV4 signatures of IAM requests (default true). */
  verifyIamSignatures?: boolean;
  now?: () => number;
}

export type ResolvedAppSyncOptions = Required<Omit<AppSyncEmulatorOptions, 'verifyJwt' | 'authorizeLambda' | 'publishRateLimitPerSecond'>> &
  Pick<AppSyncEmulatorOptions, 'verifyJwt' | 'authorizeLambda' | 'publishRateLimitPerSecond'>;

const ALL_MODES: AuthMode[] = ['API_KEY', 'AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'];

/** Fills in defaults: every auth mode allowed, fresh random keys, AWS's timings and limits. */
export function resolveAppSyncOptions(options: AppSyncEmulatorOptions = {}): ResolvedAppSyncOptions {
  const id = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x');
  return {
    region: options.region ?? 'us-east-1',
    apiKey: options.apiKey ?? `da2-${id(20).slice(0, 26).toLowerCase()}`,
    credentials: options.credentials ?? { accessKeyId: `AKIAEMU${id(10).slice(0, 13).toUpperCase()}`, secretAccessKey: id(30).slice(0, 40) },
    jwtSecret: options.jwtSecret ?? id(32),
    lambdaTokens: options.lambdaTokens ?? [`lambda-${id(12)}`],
    connectionAuthModes: options.connectionAuthModes ?? ALL_MODES,
    defaultPublishAuthModes: options.defaultPublishAuthModes ?? ALL_MODES,
    defaultSubscribeAuthModes: options.defaultSubscribeAuthModes ?? ALL_MODES,
    namespaces: options.namespaces ?? { default: {} },
    keepAliveIntervalMs: options.keepAliveIntervalMs ?? 60_000,
    connectionTimeoutMs: options.connectionTimeoutMs ?? 300_000,
    maxConnectionDurationMs: options.maxConnectionDurationMs ?? 24 * 3_600_000,
    maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection ?? 200,
    verifyIamSignatures: options.verifyIamSignatures ?? true,
    now: options.now ?? Date.now,
    ...(options.verifyJwt ? { verifyJwt: options.verifyJwt } : {}),
    ...(options.authorizeLambda ? { authorizeLambda: options.authorizeLambda } : {}),
    ...(options.publishRateLimitPerSecond ? { publishRateLimitPerSecond: options.publishRateLimitPerSecond } : {}),
  };
}
