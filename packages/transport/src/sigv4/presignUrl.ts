import { ChannelKitError } from '../errors/ChannelKitError.js';
import { canonicalHeaders, canonicalPath, canonicalQuery, computeSignature, formatDate, payloadHash, ALGORITHM } from './canonicalRequest.js';
import { checkOptions } from './checkOptions.js';
import { defaultHasher } from './hasher.js';
import { prepareRequest } from './prepareRequest.js';
import type { PresignOptions, SigV4Request } from './types.js';
import { uriEscape } from './uriEscape.js';

/** AWS rejects presigned URLs valid for longer than seven days. */
const MAX_EXPIRES = 604_800;

/**
 * Creates a presigned URL (SigV4 in the query string), as used to open authenticated
 * WebSockets (Amazon Chime SDK messaging, IoT) and to hand out time-limited links.
 *
 * `x-amz-*` headers are moved into the query like the AWS SDKs do; other headers given are
 * signed and must be sent with the request.
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
  checkOptions(options);
  const expiresIn = options.expiresIn ?? 900;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES) {
    throw new ChannelKitError('INVALID_ARGUMENT', `expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES} (7 days), got ${expiresIn}`);
  }
  const hasher = options.hasher ?? defaultHasher();
  const req = prepareRequest(request);
  const { credentials } = options;
  const date = formatDate(options.date);
  const signToken = options.signSessionToken ?? true;
  // Hash before hoisting: an explicit x-amz-content-sha256 still names the payload hash.
  const hash = payloadHash(req, options, hasher);

  for (const [name, values] of [...req.headers]) {
    if (!name.startsWith('x-amz-')) continue;
    req.headers.delete(name);
    for (const v of values) req.query.push([name, v]);
  }
  const headers = canonicalHeaders(req.headers, options);
  const scope = `${date.short}/${options.region}/${options.service}/aws4_request`;
  req.query.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', date.long],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', headers.signed],
  );
  if (credentials.sessionToken && signToken) req.query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  const query = canonicalQuery(req.query);
  const { signature } = computeSignature(
    { method: req.method, path: canonicalPath(req.path, options), query, headers: headers.block, signedHeaders: headers.signed, payloadHash: hash },
    { ...date, region: options.region, service: options.service, secret: credentials.secretAccessKey },
    hasher,
  );
  let tail = `&X-Amz-Signature=${signature}`;
  if (credentials.sessionToken && !signToken) tail += `&X-Amz-Security-Token=${uriEscape(credentials.sessionToken)}`;
  return `${req.protocol}//${req.host}${req.path}?${query}${tail}`;
}
