import { toHex } from './encoding.js';
import type { Hasher } from './hasher.js';
import type { PreparedRequest } from './prepareRequest.js';
import type { SigV4Options } from './types.js';
import { uriEscape, uriEscapePath } from './uriEscape.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Headers never signed: hop-by-hop headers and ones proxies or browsers rewrite. Same list as
 * the AWS SDKs (smithy `ALWAYS_UNSIGNABLE_HEADERS`), so signatures agree with theirs.
 */
const UNSIGNABLE = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards',
  'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);

/** `YYYYMMDDTHHMMSSZ` and `YYYYMMDD` for a signing time. */
export function formatDate(date: Date | number | undefined): { long: string; short: string } {
  const ms = date === undefined ? Date.now() : typeof date === 'number' ? date : date.getTime();
  const iso = new Date(ms).toISOString();
  const long = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return { long, short: long.slice(0, 8) };
}

/** The canonical URI: optionally normalised, then escaped per segment. */
export function canonicalPath(path: string, options: SigV4Options): string {
  const escape = options.uriEscapePath ?? true;
  let out = path;
  if (options.normalizePath ?? escape) {
    const segments: string[] = [];
    for (const segment of path.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') segments.pop();
      else segments.push(segment);
    }
    out = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  }
  return escape ? uriEscapePath(out) : out;
}

/** The canonical query string: escaped pairs sorted by key, then value; no X-Amz-Signature. */
export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of query) {
    if (k.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([uriEscape(k), uriEscape(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (const [k, v] of pairs) out += `${out ? '&' : ''}${k}=${v}`;
  return out;
}

/** Canonical header block and the signed-header list. */
export function canonicalHeaders(
  headers: ReadonlyMap<string, readonly string[]>,
  options: SigV4Options,
): { block: string; signed: string } {
  const names: string[] = [];
  for (const name of headers.keys()) {
    const unsignable =
      UNSIGNABLE.has(name) || options.unsignableHeaders?.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');
    if (unsignable && !options.signableHeaders?.has(name)) continue;
    names.push(name);
  }
  names.sort();
  let block = '';
  for (const name of names) {
    // Trim, and fold runs of whitespace (including obsolete line folding) into one space.
    const values = (headers.get(name) as string[]).map((v) => v.trim().replace(/\s+/g, ' '));
    block += `${name}:${values.join(',')}\n`;
  }
  return { block, signed: names.join(';') };
}

/** The payload hash: an explicit `x-amz-content-sha256`, UNSIGNED-PAYLOAD, or the body's hash. */
export function payloadHash(request: PreparedRequest, options: SigV4Options, hasher: Hasher): string {
  const explicit = request.headers.get('x-amz-content-sha256');
  if (explicit?.[0] !== undefined) return explicit[0];
  if (options.unsignedPayload) return UNSIGNED_PAYLOAD;
  if (request.body === undefined || request.body.length === 0) return EMPTY_SHA256;
  return hasher.sha256Hex(request.body);
}

const keyCache = new Map<string, Uint8Array>();

/**
 * kSigning = HMAC chain over date, region, service and "aws4_request". Cached, because it
 * changes once a day per credential and is 4 of the 6 HMACs a signature costs.
 */
export function signingKey(secret: string, shortDate: string, region: string, service: string, hasher: Hasher): Uint8Array {
  const cacheKey = `${shortDate}\n${region}\n${service}\n${secret}`;
  let key = keyCache.get(cacheKey);
  if (key === undefined) {
    key = hasher.hmac(new TextEncoder().encode(`AWS4${secret}`), shortDate);
    key = hasher.hmac(key, region);
    key = hasher.hmac(key, service);
    key = hasher.hmac(key, 'aws4_request');
    // Bounded like the AWS SDK's cache: plenty for one app's few credential/region pairs.
    if (keyCache.size >= 50) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return key;
}

/** Builds the canonical request, string to sign and signature. */
export function computeSignature(
  parts: { method: string; path: string; query: string; headers: string; signedHeaders: string; payloadHash: string },
  scope: { long: string; short: string; region: string; service: string; secret: string },
  hasher: Hasher,
): { canonicalRequest: string; stringToSign: string; signature: string } {
  const canonicalRequest = `${parts.method}\n${parts.path}\n${parts.query}\n${parts.headers}\n${parts.signedHeaders}\n${parts.payloadHash}`;
  const stringToSign = `${ALGORITHM}\n${scope.long}\n${scope.short}/${scope.region}/${scope.service}/aws4_request\n${hasher.sha256Hex(canonicalRequest)}`;
  const key = signingKey(scope.secret, scope.short, scope.region, scope.service, hasher);
  const signature = toHex(hasher.hmac(key, stringToSign));
  return { canonicalRequest, stringToSign, signature };
}
