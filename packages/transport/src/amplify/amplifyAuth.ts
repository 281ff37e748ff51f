import { fetchAuthSession as amplifyFetchAuthSession } from 'aws-amplify/auth';
import { AuthError } from '../errors/errors.js';
import { type AppSyncAuth, type AppSyncAuthType, iamAuth, oidcAuth, userPoolAuth } from '../protocols/appsync-events/auth.js';

/**
 * The part of `fetchAuthSession`'s result this module reads.
 *
 * @example
 * ```ts
 * const session: AmplifyAuthSession = await fetchAuthSession();
 * ```
 */
export interface AmplifyAuthSession {
  tokens?: { accessToken?: { toString(): string }; idToken?: { toString(): string } } | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined; expiration?: Date | undefined } | undefined;
}

/**
 * Options of {@link amplifyAuth}.
 *
 * @example
 * ```ts
 * amplifyAuth('AWS_IAM', { region: 'eu-west-1' } satisfies AmplifyAuthOptions);
 * ```
 */
export interface AmplifyAuthOptions {
  /** Required for `AWS_IAM`. */
  region?: string;
  /** Cognito token to send: the access token (what Amplify sends) or the ID token. */
  token?: 'access' | 'id';
  /** Injected for tests; defaults to `fetchAuthSession` from `aws-amplify/auth`. */
  fetchAuthSession?: (options: { forceRefresh?: boolean }) => Promise<AmplifyAuthSession>;
}

/**
 * AppSync Events auth from the signed-in Amplify session (`fetchAuthSession` of
 * `aws-amplify/auth`): Cognito user pool or OIDC tokens, or Identity Pool credentials for IAM.
 * Tokens are fetched per operation (Amplify refreshes them), and `forceRefresh` after a
 * rejection. This is the only module of `@channelkit/transport` that imports `aws-amplify`
 * (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { amplifyAuth } from '@channelkit/transport/amplify';
 * const client = createClient({ backend: appSyncEvents({ httpEndpoint, auth: amplifyAuth('AMAZON_COGNITO_USER_POOLS') }) });
 * ```
 */
export function amplifyAuth(mode: Exclude<AppSyncAuthType, 'API_KEY' | 'AWS_LAMBDA'>, options: AmplifyAuthOptions = {}): AppSyncAuth {
  const fetchSession = options.fetchAuthSession ?? amplifyFetchAuthSession;
  if (mode === 'AWS_IAM') {
    if (!options.region) throw new AuthError('amplifyAuth("AWS_IAM") needs the API region');
    return iamAuth({
      region: options.region,
      credentials: async () => {
        const { credentials } = await fetchSession({});
        if (!credentials) throw new AuthError('the Amplify session has no AWS credentials (is an Identity Pool configured?)');
        return credentials;
      },
    });
  }
  const getToken = async ({ forceRefresh }: { forceRefresh: boolean }) => {
    const { tokens } = await fetchSession({ forceRefresh });
    const token = options.token === 'id' ? tokens?.idToken : tokens?.accessToken;
    if (!token) throw new AuthError('the Amplify session has no tokens: is the user signed in?');
    return token.toString();
  };
  return mode === 'OPENID_CONNECT' ? oidcAuth(getToken) : userPoolAuth(getToken);
}
