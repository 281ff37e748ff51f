import { ChannelKitError, type ErrorCode } from '../../errors/ChannelKitError.js';
import { AuthError } from '../../errors/errors.js';
import { type Redactor, redact } from '../../errors/redact.js';
import type { CredentialsProvider } from '../../sigv4/credentials.js';
import { signRequestAsync } from '../../sigv4/signRequestAsync.js';
import { uriEscape } from '../../sigv4/uriEscape.js';

/**
 * Where and how Chime REST calls are signed: SigV4 with signing name `chime` (spec A1.1, A4.6).
 *
 * @example
 * ```ts
 * const target: ChimeRestTarget = { endpoint: 'https://messaging-chime.us-east-1.amazonaws.com', region: 'us-east-1', credentials, fetch };
 * ```
 */
export interface ChimeRestTarget {
  endpoint: string;
  region: string;
  credentials: CredentialsProvider;
  fetch: typeof fetch;
  secrets?: Redactor | undefined;
}

/**
 * A Chime REST call that failed: the HTTP status, the exception type (`x-amzn-ErrorType`, else
 * the body's `Code`) and the operation, in `details`. 401/403 are AUTH_FAILED, 429 THROTTLED
 * (retryable), 5xx retryable.
 *
 * @example
 * ```ts
 * try { await api.sendChannelMessage(arn, { Content: 'hi' }); } catch (e) { if (e instanceof ChimeServiceError && e.details.status === 404) gone(); }
 * ```
 */
export class ChimeServiceError extends ChannelKitError {
  constructor(code: ErrorCode, message: string, details: { operation: string; status: number; errorType: string }) {
    super(code, message, { details, retryable: code === 'THROTTLED' || details.status >= 500 });
    this.name = 'ChimeServiceError';
  }
}

/**
 * `extendedEncodeURIComponent` of smithy: `encodeURIComponent` plus `!'()*`, so an ARN is one
 * path segment (`:` → `%3A`, `/` → `%2F`; spec A4.6).
 *
 * @example
 * ```ts
 * pathSegment('arn:aws:chime:…/channel/a'); // 'arn%3Aaws%3Achime%3A…%2Fchannel%2Fa'
 * ```
 */
export function pathSegment(value: string): string {
  return uriEscape(value); // the same rule as SigV4's, already in the bundle
}

/**
 * One signed restJson1 request. `bearer` is the `x-amz-chime-bearer` header (an ARN: not a
 * secret). Credentials are registered with the redactor before anything can log them.
 *
 * @example
 * ```ts
 * const body = await chimeRequest(target, 'ListChannelMessages', 'GET', `/channels/${pathSegment(arn)}/messages`, { query: { 'sort-order': 'ASCENDING' }, bearer });
 * ```
 */
export async function chimeRequest(
  target: ChimeRestTarget,
  operation: string,
  method: string,
  path: string,
  options: { query?: Record<string, string | undefined>; body?: unknown; bearer?: string; failCode?: ErrorCode } = {},
): Promise<Record<string, unknown>> {
  const url = new URL(target.endpoint);
  url.pathname = url.pathname.replace(/\/$/, '') + path;
  url.search = '';
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.append(k, v);
  const credentials = await target.credentials();
  const secrets = [credentials.secretAccessKey, credentials.sessionToken ?? ''];
  target.secrets?.add(credentials.secretAccessKey);
  target.secrets?.add(credentials.sessionToken);
  const headers: Record<string, string> = {};
  if (options.bearer !== undefined) headers['x-amz-chime-bearer'] = options.bearer;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signRequestAsync({ url, method, headers, body }, { service: 'chime', region: target.region, credentials });
  let res: Response;
  try {
    res = await target.fetch(signed.url, { method, headers: signed.headers, ...(body !== undefined ? { body } : {}) });
  } catch (error) {
    // No `cause`: a fetch library's error may carry the signed request; the message is scrubbed.
    throw new ChannelKitError(options.failCode ?? 'PROTOCOL_ERROR', redact(`chime ${operation}: the request failed (${error instanceof Error ? error.message : String(error)})`, secrets), {
      retryable: true,
    });
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) || {}; // an empty or non-JSON body reads as {}
  } catch {}
  if (res.ok) return json;
  const errorType = res.headers.get('x-amzn-errortype')?.split(':')[0] ?? String(json.Code ?? json.__type ?? `HTTP${res.status}`);
  // The service's message is useful, but a proxy may echo the request: scrubbed of what signed it.
  const message = redact(`chime ${operation}: ${res.status} ${errorType}${typeof json.Message === 'string' ? `: ${json.Message.slice(0, 200)}` : ''}`, secrets);
  const details = { operation, status: res.status, errorType: redact(errorType.slice(0, 100), secrets) };
  if (res.status === 401 || res.status === 403) throw new AuthError(message, { details });
  throw new ChimeServiceError(res.status === 429 ? 'THROTTLED' : (options.failCode ?? 'PROTOCOL_ERROR'), message, details);
}
