import { AuthError } from '../errors/errors.js';
import { invalidArgument } from '../lib/invalidArgument.js';
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
  if (!complete(credentials)) throw invalidArgument('credentials', 'must be { accessKeyId, secretAccessKey } of non-empty strings (and a string sessionToken, if any)');
  return () => Promise.resolve(credentials);
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
  // Called detached: a provider may be a method of another object (`session.getCredentials`).
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
export function cachingCredentials(provider: CredentialsProvider, options: CachingCredentialsOptions = {}): CredentialsProvider {
  if (typeof provider !== 'function') throw invalidArgument('provider', 'must be a function returning credentials');
  const { refreshBeforeMs = 5 * 60_000, now = () => Date.now() } = options ?? {};
  if (!(refreshBeforeMs >= 0 && refreshBeforeMs <= 86_400_000)) throw invalidArgument('refreshBeforeMs', 'must be milliseconds from 0 to 86400000 (a day)');
  if (typeof now !== 'function') throw invalidArgument('now', 'must be a function returning epoch milliseconds');
  let current: AwsCredentials | undefined;
  let inflight: Promise<AwsCredentials> | undefined;
  const fresh = (c: AwsCredentials) => c.expiration === undefined || c.expiration.getTime() - now() > refreshBeforeMs;
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

function complete(c: AwsCredentials | undefined | null): c is AwsCredentials {
  return typeof c?.accessKeyId === 'string' && !!c.accessKeyId && typeof c.secretAccessKey === 'string' && !!c.secretAccessKey && (c.sessionToken == null || typeof c.sessionToken === 'string');
}

// What a provider returns is a runtime answer, not an argument: an incomplete one is an auth failure.
function assertCredentials(c: AwsCredentials | undefined | null): AwsCredentials {
  if (!complete(c)) throw new AuthError('credentials provider returned no accessKeyId/secretAccessKey');
  return c;
}
