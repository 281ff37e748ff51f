import { invalidArgument } from '../lib/invalidArgument.js';
import { canonicalize } from './canonicalRequest.js';
import type { PresignOptions, SigV4Request } from './types.js';
import { uriEscape } from './uriEscape.js';

/**
 * Creates a presigned URL (SigV4 in the query string), as used to open authenticated
 * WebSockets (Amazon Chime SDK messaging, IoT) and to hand out time-limited links.
 *
 * `x-amz-*` headers are moved into the query like the AWS SDKs do; other headers given are
 * signed and must be sent with the request. Validity is 1 s to 7 days (AWS's maximum).
 *
 * @example
 * ```ts
 * const url = presignUrl(
 *   { url: `wss://${host}/connect?sessionId=${sessionId}&userArn=${encodeURIComponent(userArn)}` },
 *   { service: 'chime', region: 'us-east-1', credentials, expiresIn: 10 },
 * );
 * const socket = new WebSocket(url);
 * ```
 */
export function presignUrl(request: SigV4Request, options: PresignOptions): string {
  const expiresIn = options?.expiresIn ?? 900;
  if (!(Number.isInteger(expiresIn) && expiresIn >= 1 && expiresIn <= 604_800)) throw invalidArgument('expiresIn', 'must be whole seconds from 1 to 604800 (7 days)');
  const c = canonicalize(request, options, expiresIn);
  const { sessionToken } = options.credentials;
  const unsignedToken = sessionToken && options.signSessionToken === false ? `&X-Amz-Security-Token=${uriEscape(sessionToken)}` : '';
  return `${c.req.origin}${c.req.path}?${c.canonicalQuery}&X-Amz-Signature=${c.signature}${unsignedToken}`;
}
