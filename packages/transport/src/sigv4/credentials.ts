import { AuthError } from '../errors/errors.js';
import type { AwsCredentials } from './types.js';

/**
 * Something that yields credentials when asked; called before each signature.
 *
 * @example
 * ```ts
 * const provider: CredentialsProvider = async () => (await fetchAuthSession()).credentials!;
 * ```
 */
export type CredentialsProvider = () => Promise<AwsCredentials>;

/**
 * What options accept: fixed credentials or a provider.
 *
 * @example
 * ```ts
 * const input: CredentialsInput = { accessKeyId, secretAccessKey };
 * ```
 */
export type CredentialsInput = AwsCredentials | CredentialsProvider;

/**
 * A provider that always returns the same credentials (after checking they are complete).
 *
 * @example
 * ```ts
 * const creds = staticCredentials({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
 * ```
 */
export function staticCredentials(credentials: AwsCredentials): CredentialsProvider {
  const checked = assertCredentials(credentials);
  return () => Promise.resolve(checked);
}

/**
 * Turns a {@link CredentialsInput} into a provider; a provider's results are checked too.
 *
 * @example
 * ```ts
 * const provider = toCredentialsProvider(options.credentials);
 * const { accessKeyId } = await provider();
 * ```
 */
export function toCredentialsProvider(input: CredentialsInput): CredentialsProvider {
  if (typeof input === 'function') return async () => assertCredentials(await input());
  return staticCredentials(input);
}

/**
 * Options of {@link cachingCredentials}.
 *
 * @example
 * ```ts
 * cachingCredentials(provider, { refreshBeforeMs: 60_000 });
 * ```
 */
export interface CachingCredentialsOptions {
  /** Refresh this long before `expiration` (default 5 minutes, as the AWS SDKs do). */
  refreshBeforeMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Caches a provider's credentials until shortly before they expire. Concurrent callers share
 * one in-flight refresh. If a refresh fails while the cached credentials are still valid they
 * keep being used (a blip in the identity service must not take realtime down); once expired,
 * the error propagates.
 *
 * @example
 * ```ts
 * const credentials = cachingCredentials(async () => {
 *   const { credentials } = await fetchAuthSession();
 *   return credentials!;
 * });
 * ```
 */
export function cachingCredentials(
  provider: CredentialsProvider,
  { refreshBeforeMs = 5 * 60_000, now = () => Date.now() }: CachingCredentialsOptions = {},
): CredentialsProvider {
  let current: AwsCredentials | undefined;
  let inflight: Promise<AwsCredentials> | undefined;
  const fresh = (c: AwsCredentials) =>
    c.expiration === undefined || c.expiration.getTime() - now() > refreshBeforeMs;
  const valid = (c: AwsCredentials) => c.expiration === undefined || c.expiration.getTime() > now();

  return () => {
    if (current && fresh(current)) return Promise.resolve(current);
    if (!inflight) {
      const stale = current;
      inflight = provider()
        .then(assertCredentials, (error: unknown) => {
          if (stale && valid(stale)) return stale;
          throw error;
        })
        .then((c) => {
          current = c;
          return c;
        })
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  };
}

function assertCredentials(c: AwsCredentials | undefined | null): AwsCredentials {
  if (!c || typeof c.accessKeyId !== 'string' || c.accessKeyId === '' || typeof c.secretAccessKey !== 'string' || c.secretAccessKey === '') {
    throw new AuthError('credentials provider returned no accessKeyId/secretAccessKey');
  }
  return c;
}
