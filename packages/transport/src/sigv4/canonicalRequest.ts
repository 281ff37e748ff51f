import { invalidArgument } from '../lib/invalidArgument.js';
import { toHex, utf8 } from './encoding.js';
import { type PreparedRequest, prepareRequest } from './prepareRequest.js';
import type { PresignOptions, SigV4Options, SigV4Request } from './types.js';
import { uriEscape, uriEscapePath } from './uriEscape.js';

// The whole SigV4 computation, shared by header signing and presigning, synchronous (plain JS
// or node:crypto) and asynchronous (WebCrypto). It ships to browsers, so it is written for a
// small bundle: one generator that yields each hash it needs to a driver (`signSync` in
// signRequest.ts, `signWebCrypto` in signRequestAsync.ts), so the sync and async signers share every line
// of SigV4 and an app that signs only asynchronously never bundles the plain-JS SHA-256.

/** Everything `signRequest` and `presignUrl` need to assemble their output. */
export interface Canonicalized {
  req: PreparedRequest;
  /** `AKID/YYYYMMDD/region/service/aws4_request` */
  credential: string;
  signedHeaders: string;
  canonicalQuery: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * One hash the signer needs: SHA-256 of `data` as hex (no key), or HMAC-SHA-256 of `data`
 * under `key` as bytes.
 */
export type HashStep = [data: string | Uint8Array, key?: Uint8Array];

/**
 * Headers never signed: hop-by-hop headers and ones proxies or browsers rewrite. Same list as
 * the AWS SDKs (smithy `ALWAYS_UNSIGNABLE_HEADERS`), so signatures agree with theirs.
 */
const UNSIGNABLE = /^(authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id|proxy-.*|sec-.*)$/;

/** Derived signing keys by scope and secret: they change once a day per credential. Bounded like the AWS SDK's cache. */
const signingKeys = new Map<string, Uint8Array>();

let lastDate: [number, string] = [Number.NaN, ''];

/** `YYYYMMDDTHHMMSSZ`, memoised for the last second asked (signing bursts share it). */
function amzDate(date: Date | number): string {
  const ms = Math.floor(+date / 1000) * 1000;
  if (lastDate[0] !== ms) lastDate = [ms, new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '')];
  return lastDate[1];
}

/**
 * The SigV4 signature of a request, yielding every hash it needs ({@link HashStep}) and
 * receiving the result. With `presign` the auth parameters go in the query (presigned URL,
 * `options.expiresIn` seconds); without, in headers. Arguments are validated on the first step.
 */
export function* sigv4(request: SigV4Request, options: PresignOptions, presign?: boolean): Generator<HashStep, Canonicalized, string | Uint8Array> {
  if (typeof options !== 'object' || !options) throw invalidArgument('options', 'must be an object with service, region and credentials');
  const { service, region, credentials } = options;
  for (const [name, value] of [
    ['service', service],
    ['region', region],
  ] as const) {
    if (typeof value !== 'string' || !/^[^\s/]{1,64}$/.test(value)) throw invalidArgument(`SigV4 ${name}`, 'must be a name of 1 to 64 characters without "/" or spaces');
  }
  const { accessKeyId, secretAccessKey, sessionToken } = credentials ?? {};
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey || (sessionToken != null && typeof sessionToken !== 'string')) {
    throw invalidArgument('SigV4 credentials', 'need a non-empty accessKeyId and secretAccessKey (and a string sessionToken, if any)');
  }
  const expiresIn = options.expiresIn ?? 900;
  if (presign && !(Number.isInteger(expiresIn) && expiresIn >= 1 && expiresIn <= 604_800)) throw invalidArgument('expiresIn', 'must be whole seconds from 1 to 604800 (7 days)');
  const time = options.date ?? Date.now();
  if (Number.isNaN(+time)) throw invalidArgument('SigV4 date', 'must be a valid Date or epoch milliseconds');
  const req = prepareRequest(request);
  const { headers, query } = req;
  const date = amzDate(time);
  const day = date.slice(0, 8);
  const scope = `${day}/${region}/${service}/aws4_request`;
  const credential = `${accessKeyId}/${scope}`;
  const token = (options.signSessionToken ?? true) && sessionToken;
  // An explicit x-amz-content-sha256 names the payload hash (read before presign hoists it).
  const hash = headers.get('x-amz-content-sha256')?.[0] ?? (options.unsignedPayload ? 'UNSIGNED-PAYLOAD' : ((yield [req.body ?? '']) as string));

  if (presign) {
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

  const names = [...headers.keys()].filter((name) => options.signableHeaders?.has(name) || !(UNSIGNABLE.test(name) || options.unsignableHeaders?.has(name))).sort();
  const signedHeaders = names.join(';');
  if (presign) query.push(['X-Amz-SignedHeaders', signedHeaders]);
  // Header values: trimmed, runs of whitespace (obsolete line folding too) folded to a space.
  const block = names.map((name) => `${name}:${headers.get(name)!.map((v) => v.trim().replace(/\s+/g, ' '))}\n`).join('');
  // Sorted by escaped name, then value: escaped text has no spaces and every character sorts
  // after one, so `name value` strings sort in exactly that order.
  const canonicalQuery = query
    .filter(([k]) => k.toLowerCase() !== 'x-amz-signature')
    .map(([k, v]) => `${uriEscape(k)} ${uriEscape(v)}`)
    .sort()
    .join('&')
    .replace(/ /g, '=');

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
  const stringToSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${(yield [canonicalRequest]) as string}`;

  const keyId = `${scope}/${secretAccessKey}`;
  let key = signingKeys.get(keyId);
  if (!key) {
    key = utf8(`AWS4${secretAccessKey}`);
    for (const part of [day, region, service, 'aws4_request']) key = (yield [part, key]) as Uint8Array;
    if (signingKeys.size > 49) signingKeys.clear();
    signingKeys.set(keyId, key);
  }
  return { req, credential, signedHeaders, canonicalQuery, canonicalRequest, stringToSign, signature: toHex((yield [stringToSign, key]) as Uint8Array) };
}

/** The presigned URL of a computed signature (shared by the sync and async presigners). */
export function toPresignedUrl(c: Canonicalized, options: SigV4Options): string {
  const { sessionToken } = options.credentials;
  const unsignedToken = sessionToken && options.signSessionToken === false ? `&X-Amz-Security-Token=${uriEscape(sessionToken)}` : '';
  return `${c.req.origin}${c.req.path}?${c.canonicalQuery}&X-Amz-Signature=${c.signature}${unsignedToken}`;
}
