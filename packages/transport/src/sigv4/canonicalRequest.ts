import { ChannelKitError } from '../errors/ChannelKitError.js';
import { toHex } from './encoding.js';
import { defaultHasher } from './hasher.js';
import { type PreparedRequest, prepareRequest } from './prepareRequest.js';
import type { SigV4Options, SigV4Request } from './types.js';
import { uriEscape, uriEscapePath } from './uriEscape.js';

// The whole SigV4 computation, shared by header signing and presigning. It ships to browsers,
// so it is written for a small bundle: one function, no intermediate objects it can avoid.

/** Everything `signRequest` and `presignUrl` need to assemble their output. */
export interface Canonicalized {
  req: PreparedRequest;
  /** `YYYYMMDDTHHMMSSZ` */
  date: string;
  /** `AKID/YYYYMMDD/region/service/aws4_request` */
  credential: string;
  signedHeaders: string;
  canonicalQuery: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * Headers never signed: hop-by-hop headers and ones proxies or browsers rewrite. Same list as
 * the AWS SDKs (smithy `ALWAYS_UNSIGNABLE_HEADERS`), so signatures agree with theirs.
 */
const UNSIGNABLE = /^(authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id|proxy-.*|sec-.*)$/;

const keyCache = new Map<string, Uint8Array>();

/**
 * Canonical request, string to sign and signature. With `expiresIn` the auth parameters go in
 * the query (presigned URL); without, in headers.
 */
export function canonicalize(request: SigV4Request, options: SigV4Options, expiresIn?: number): Canonicalized {
  const { service, region, credentials, hasher = defaultHasher() } = options;
  for (const [name, value] of [['service', service], ['region', region]]) {
    if (!value || /[\s/]/.test(value)) throw new ChannelKitError('INVALID_ARGUMENT', `SigV4 ${name} must be a non-empty name without "/" or spaces`);
  }
  const { accessKeyId, secretAccessKey, sessionToken } = credentials ?? {};
  if (!accessKeyId || !secretAccessKey) throw new ChannelKitError('AUTH_FAILED', 'SigV4 credentials need an accessKeyId and a secretAccessKey');

  const req = prepareRequest(request);
  const { headers, query, body } = req;
  const date = new Date(options.date ?? Date.now()).toISOString().replace(/[-:]|\.\d+/g, '');
  const day = date.slice(0, 8);
  const scope = `${day}/${region}/${service}/aws4_request`;
  const credential = `${accessKeyId}/${scope}`;
  const token = (options.signSessionToken ?? true) && sessionToken;
  // An explicit x-amz-content-sha256 names the payload hash (read before presign hoists it).
  const hash =
    headers.get('x-amz-content-sha256')?.[0] ??
    (options.unsignedPayload ? 'UNSIGNED-PAYLOAD' : hasher.sha256Hex(body ?? ''));

  if (expiresIn) {
    for (const [name, values] of headers) {
      if (name.startsWith('x-amz-')) {
        headers.delete(name);
        for (const v of values) query.push([name, v]);
      }
    }
    query.push(['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'], ['X-Amz-Credential', credential], ['X-Amz-Date', date], ['X-Amz-Expires', `${expiresIn}`]);
    if (token) query.push(['X-Amz-Security-Token', token]);
  } else {
    headers.set('x-amz-date', [date]);
    if (token) headers.set('x-amz-security-token', [token]);
    if (options.contentSha256Header && !headers.has('x-amz-content-sha256')) headers.set('x-amz-content-sha256', [hash]);
  }

  const names = [...headers.keys()]
    .filter((name) => options.signableHeaders?.has(name) || !(UNSIGNABLE.test(name) || options.unsignableHeaders?.has(name)))
    .sort();
  const signedHeaders = names.join(';');
  if (expiresIn) query.push(['X-Amz-SignedHeaders', signedHeaders]);
  // Header values: trimmed, runs of whitespace (obsolete line folding too) folded to a space.
  const block = names.map((name) => `${name}:${headers.get(name)!.map((v) => v.trim().replace(/\s+/g, ' '))}\n`).join('');
  const canonicalQuery = query
    .filter(([k]) => k.toLowerCase() !== 'x-amz-signature')
    .map(([k, v]) => [uriEscape(k), uriEscape(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0))
    .map((pair) => pair.join('='))
    .join('&');

  const escapePath = options.uriEscapePath ?? true;
  let path = req.path;
  if (options.normalizePath ?? escapePath) {
    const segments: string[] = [];
    for (const segment of path.split('/')) {
      if (segment === '..') segments.pop();
      else if (segment && segment !== '.') segments.push(segment);
    }
    path = `/${segments.join('/')}${segments[0] && path.endsWith('/') ? '/' : ''}`;
  }
  const canonicalRequest = `${req.method}\n${escapePath ? uriEscapePath(path) : path}\n${canonicalQuery}\n${block}\n${signedHeaders}\n${hash}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${hasher.sha256Hex(canonicalRequest)}`;

  // kSigning (4 of the 6 HMACs) changes once a day per credential, region and service.
  const cacheKey = `${scope}/${secretAccessKey}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = new TextEncoder().encode(`AWS4${secretAccessKey}`);
    for (const part of [day, region, service, 'aws4_request']) key = hasher.hmac(key, part);
    // Bounded like the AWS SDK's cache: plenty for one app's few credential/region pairs.
    if (keyCache.size > 49) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return { req, date, credential, signedHeaders, canonicalQuery, canonicalRequest, stringToSign, signature: toHex(hasher.hmac(key, stringToSign)) };
}
