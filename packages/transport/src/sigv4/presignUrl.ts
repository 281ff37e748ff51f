import { toPresignedUrl } from './canonicalRequest.js';
import { signSync } from './signRequest.js';
import type { PresignOptions, SigV4Request } from './types.js';

/**
 * Creates a presigned URL (SigV4 in the query string), as used to open authenticated
 * WebSockets (Amazon Chime SDK messaging, IoT) and to hand out time-limited links.
 *
 * `x-amz-*` headers are moved into the query like the AWS SDKs do; other headers given are
 * signed and must be sent with the request. Validity is 1 s to 7 days (AWS's maximum).
 * {@link presignUrlAsync} computes the same URL on WebCrypto.
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
  return toPresignedUrl(signSync(request, options, true), options);
}
