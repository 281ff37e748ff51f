import { AuthError } from '../../errors/errors.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { type CredentialsInput, cachingCredentials, toCredentialsProvider } from '../../sigv4/credentials.js';
import { signRequestAsync } from '../../sigv4/signRequestAsync.js';

/**
 * AppSync's names for its authorization modes.
 *
 * @example
 * ```ts
 * const mode: AppSyncAuthType = 'AWS_IAM';
 * ```
 */
export type AppSyncAuthType = 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA' | 'AWS_IAM';

/**
 * What an {@link AppSyncAuth} signs or authorizes.
 *
 * @example
 * ```ts
 * const request: AppSyncAuthRequest = { host, httpUrl, body: '{"channel":"/default/a"}', operation: 'subscribe', forceRefresh: false };
 * ```
 */
export interface AppSyncAuthRequest {
  /** The HTTP endpoint host (`host` key of the auth object, even for the realtime socket). */
  host: string;
  /** The HTTP endpoint URL (`https://…/event`), the URL IAM signatures are computed for. */
  httpUrl: string;
  /** The request body the auth covers: `{}` for connect, `{"channel":…}` for subscribe, `{"channel":…,"events":[…]}` for publish. */
  body: string;
  operation: 'connect' | 'subscribe' | 'publish';
  /** True after the server refused auth: fetch fresh tokens or credentials. */
  forceRefresh: boolean;
}

/**
 * One AppSync authorization mode: produces the auth headers (the `authorization` object of
 * WebSocket frames, or real HTTP headers for HTTP publish).
 *
 * @example
 * ```ts
 * const auth: AppSyncAuth = apiKeyAuth('da2-…');
 * const headers = await auth.headers({ host, httpUrl, body: '{}', operation: 'connect', forceRefresh: false });
 * ```
 */
export interface AppSyncAuth {
  readonly type: AppSyncAuthType;
  headers(request: AppSyncAuthRequest): Promise<Record<string, string>>;
}

/**
 * API key mode (`x-api-key`).
 *
 * @example
 * ```ts
 * const client = createClient({ backend: appSyncEvents({ httpEndpoint, auth: apiKeyAuth('da2-abc…') }) });
 * ```
 */
export function apiKeyAuth(apiKey: string): AppSyncAuth {
  if (typeof apiKey !== 'string' || !apiKey) throw invalidArgument('apiKeyAuth(apiKey)', `must be a non-empty string (got ${kindOf(apiKey)})`);
  return { type: 'API_KEY', headers: async ({ host }) => ({ host, 'x-api-key': apiKey }) };
}

/**
 * A function returning a token. `forceRefresh` is true after the server rejected the last one.
 *
 * @example
 * ```ts
 * const getToken: TokenProvider = async ({ forceRefresh }) => (await fetchAuthSession({ forceRefresh })).tokens!.accessToken.toString();
 * ```
 */
export type TokenProvider = (options: { forceRefresh: boolean }) => string | Promise<string>;

function tokenAuth(type: AppSyncAuthType, getToken: TokenProvider, factory: string): AppSyncAuth {
  // Checked here: a non-function would only fail at connect time, as an endless retry loop.
  if (typeof getToken !== 'function') throw invalidArgument(`${factory}(getToken)`, `must be a function returning the token (got ${kindOf(getToken)})`);
  return {
    type,
    async headers({ host, forceRefresh }) {
      const token = await getToken({ forceRefresh });
      if (!token) throw new AuthError(`${type}: the token provider returned no token`);
      return { host, Authorization: token };
    },
  };
}

/**
 * Amazon Cognito user pools: a JWT (ID or access token) from an async provider, fetched for
 * every connect, subscribe and publish so that refreshed tokens are always used.
 *
 * @example
 * ```ts
 * userPoolAuth(async ({ forceRefresh }) => (await fetchAuthSession({ forceRefresh })).tokens!.accessToken.toString());
 * ```
 */
export function userPoolAuth(getToken: TokenProvider): AppSyncAuth {
  return tokenAuth('AMAZON_COGNITO_USER_POOLS', getToken, 'userPoolAuth');
}

/**
 * OpenID Connect: a JWT from your identity provider, fetched per operation.
 *
 * @example
 * ```ts
 * oidcAuth(() => auth0.getTokenSilently());
 * ```
 */
export function oidcAuth(getToken: TokenProvider): AppSyncAuth {
  return tokenAuth('OPENID_CONNECT', getToken, 'oidcAuth');
}

/**
 * Lambda authorizer: an opaque token your authorizer function checks.
 *
 * @example
 * ```ts
 * lambdaAuth(() => sessionStorage.getItem('realtime-token') ?? '');
 * ```
 */
export function lambdaAuth(getToken: TokenProvider): AppSyncAuth {
  return tokenAuth('AWS_LAMBDA', getToken, 'lambdaAuth');
}

/**
 * Options of {@link iamAuth}.
 *
 * @example
 * ```ts
 * const options: IamAuthOptions = { region: 'us-east-1', credentials: fromCognitoIdentityPool };
 * ```
 */
export interface IamAuthOptions {
  credentials: CredentialsInput;
  region: string;
  /** Clock for the signature date (tests); default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * IAM: SigV4 over the documented request (`POST https://<http host>/event`, service
 * `appsync`, the body of the operation) with credentials from a provider, cached until five
 * minutes before they expire. Signs with WebCrypto, which browsers offer in secure contexts
 * (https:// or localhost) only: elsewhere each attempt fails with an UNSUPPORTED error saying so.
 *
 * @example
 * ```ts
 * iamAuth({ region: 'us-east-1', credentials: async () => (await fetchAuthSession()).credentials! });
 * ```
 */
export function iamAuth(options: IamAuthOptions): AppSyncAuth {
  if (options === null || typeof options !== 'object') throw invalidArgument('iamAuth(options)', `must be an object with region and credentials (got ${kindOf(options)})`);
  const { credentials, region, now = Date.now } = options;
  if (typeof region !== 'string' || !region) throw invalidArgument('iamAuth(options).region', `must be a non-empty string (got ${kindOf(region)})`);
  if (typeof now !== 'function') throw invalidArgument('iamAuth(options).now', `must be a function (got ${kindOf(now)})`);
  const provider = typeof credentials === 'function' ? cachingCredentials(toCredentialsProvider(credentials), { now }) : toCredentialsProvider(credentials);
  return {
    type: 'AWS_IAM',
    async headers({ host, httpUrl, body }) {
      // WebCrypto, as the other backends' IAM paths: headers() is async anyway, and the plain-JS
      // SHA-256 (~1 KB gzip) stays out of the bundle.
      const signed = await signRequestAsync(
        {
          url: httpUrl,
          method: 'POST',
          // The header set and values AppSync documents for Event API IAM auth.
          headers: { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8', host },
          body,
        },
        { service: 'appsync', region, credentials: await provider(), date: now() },
      );
      return signed.headers;
    },
  };
}
