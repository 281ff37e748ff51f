import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { AuthError, ConnectionError } from '../../errors/errors.js';
import type { Redactor } from '../../errors/redact.js';
import { safeJsonStringify } from '../../lib/safeJsonStringify.js';
import { appSyncError } from './appSyncErrors.js';
import type { AppSyncAuth } from './auth.js';
import { type AppSyncPublishResult, publishResult } from './codec.js';
import type { AppSyncEndpoints } from './endpoints.js';

/**
 * One HTTP publish (`POST /event`) of at most 5 encoded events. Non-2xx answers become typed
 * errors (401/403 → AUTH_FAILED, 429 → THROTTLED, others by AppSync errorType).
 *
 * @example
 * ```ts
 * const result = await postEvents({ endpoints, auth, fetch, secrets }, '/default/a', ['{"n":1}'], 0);
 * ```
 */
export async function postEvents(
  io: { endpoints: AppSyncEndpoints; auth: AppSyncAuth; fetch: typeof fetch; secrets: Redactor },
  channel: string,
  encoded: readonly string[],
  offset: number,
): Promise<AppSyncPublishResult> {
  const body = safeJsonStringify({ channel, events: encoded }, 'publish body');
  const auth = await io.auth.headers({ host: io.endpoints.host, httpUrl: io.endpoints.httpUrl, body, operation: 'publish', forceRefresh: false });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(auth)) {
    // fetch derives Host from the URL (and browsers forbid setting it); the signature used the same value.
    if (name.toLowerCase() === 'host') continue;
    headers[name] = value;
    if (/^(x-api-key|authorization|x-amz-security-token)$/i.test(name)) io.secrets.add(value);
  }
  // Called detached: browsers' fetch throws "Illegal invocation" when `this` is not the window.
  const { fetch: fetchImpl } = io;
  let response: Response;
  try {
    response = await fetchImpl(io.endpoints.httpUrl, { method: 'POST', headers, body });
  } catch (error) {
    // The cause (a fetch library's error may carry the request and its auth headers) is
    // scrubbed with the rest: in place here, not only where the caller reports it.
    throw io.secrets.scrub(new ConnectionError('CONNECTION_LOST', `HTTP publish to ${io.endpoints.httpUrl} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Non-JSON bodies (a proxy's HTML error page) still get a typed error below.
  }
  if (response.ok) return publishResult(json, offset);
  const status = response.status;
  const base = appSyncError(json.errors, 'PUBLISH_FAILED');
  const details = { ...base.details, status };
  const message = `HTTP ${status}: ${base.message}`;
  // The body may echo credentials at any depth (`details.errors` keeps it whole).
  throw io.secrets.scrub(
    status === 401 || status === 403
      ? new AuthError(message, { details })
      : status === 429
        ? new ChannelKitError('THROTTLED', message, { details, retryable: true })
        : new ChannelKitError(base.code, message, { details, retryable: status >= 500 }),
  );
}
