import { invalidArgument } from '../lib/invalidArgument.js';
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

/** Derived signing keys by scope and secret: they change once a day per credential. */
export const signingKeys = new Map<string, Uint8Array>();

let lastDate: [number, string] = [Number.NaN, ''];

/** `YYYYMMDDTHHMMSSZ`, memoised for the last second asked (signing bursts share it). */
function amzDate(date: Date | number): string {
  const ms = Math.floor(+date / 1000) * 1000;
  if (lastDate[0] !== ms) lastDate = [ms, new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '')];
  return lastDate[1];
}

/** Remembers a derived key; bounded like the AWS SDK's cache. */
export function rememberKey(id: string, key: Uint8Array): void {
  if (signingKeys.size > 49) signingKeys.clear();
  signingKeys.set(id, key);
}

/**
 * Phase one of a signature (no hashing yet): validated options, the prepared request, the
 * date and scope, and what the payload hash is made of.
 */
export interface Draft {
  req: PreparedRequest;
  date: string;
  day: string;
  scope: string;
  credential: string;
  secret: string;
  token: string | false | undefined;
  /** Cache key of the derived signing key. */
  keyId: string;
  /** A literal payload hash (explicit header, UNSIGNED-PAYLOAD), or the body to hash. */
  payload: { literal: string } | { body: string | Uint8Array };
}

export function beginCanonical(request: SigV4Request, options: SigV4Options): Draft {
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
  const date = options.date ?? Date.now();
  if (Number.isNaN(+date)) throw invalidArgument('SigV4 date', 'must be a valid Date or epoch milliseconds');
  const req = prepareRequest(request);
  const amz = amzDate(date);
  const day = amz.slice(0, 8);
  const scope = `${day}/${region}/${service}/aws4_request`;
  // An explicit x-amz-content-sha256 names the payload hash (read before presign hoists it).
  const explicit = req.headers.get('x-amz-content-sha256')?.[0];
  return {
    req,
    date: amz,
    day,
    scope,
    credential: `${accessKeyId}/${scope}`,
    secret: secretAccessKey,
    token: (options.signSessionToken ?? true) && sessionToken,
    keyId: `${scope}/${secretAccessKey}`,
    payload: explicit !== undefined ? { literal: explicit } : options.unsignedPayload ? { literal: 'UNSIGNED-PAYLOAD' } : { body: req.body ?? '' },
  };
}

/** Phase two: the canonical request for a payload hash. With `expiresIn`, auth goes in the query. */
export function finishCanonical(draft: Draft, options: SigV4Options, hash: string, expiresIn?: number): Omit<Canonicalized, 'stringToSign' | 'signature' | 'req' | 'date' | 'credential'> {
  const { headers, query } = draft.req;
  if (expiresIn) {
    for (const [name, values] of headers) {
      if (name.startsWith('x-amz-')) {
        headers.delete(name);
        for (const v of values) query.push([name, v]);
      }
    }
    query.push(['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'], ['X-Amz-Credential', draft.credential], ['X-Amz-Date', draft.date], ['X-Amz-Expires', `${expiresIn}`]);
    if (draft.token) query.push(['X-Amz-Security-Token', draft.token]);
  } else {
    headers.set('x-amz-date', [draft.date]);
    if (draft.token) headers.set('x-amz-security-token', [draft.token]);
    if (options.contentSha256Header && !headers.has('x-amz-content-sha256')) headers.set('x-amz-content-sha256', [hash]);
  }

  const names = [...headers.keys()].filter((name) => options.signableHeaders?.has(name) || !(UNSIGNABLE.test(name) || options.unsignableHeaders?.has(name))).sort();
  const signedHeaders = names.join(';');
  if (expiresIn) query.push(['X-Amz-SignedHeaders', signedHeaders]);
  // Header values: trimmed, runs of whitespace (obsolete line folding too) folded to a space.
  const block = names.map((name) => `${name}:${headers.get(name)!.map((v) => v.trim().replace(/\s+/g, ' '))}\n`).join('');
  const canonicalQuery = query
    .filter(([k]) => k.toLowerCase() !== 'x-amz-signature')
    .map(([k, v]) => [uriEscape(k), uriEscape(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

  const escapePath = options.uriEscapePath ?? true;
  let path = draft.req.path;
  if (options.normalizePath ?? escapePath) {
    const segments: string[] = [];
    for (const segment of path.split('/')) {
      if (segment === '..') segments.pop();
      else if (segment && segment !== '.') segments.push(segment);
    }
    path = `/${segments.join('/')}${segments[0] && path.endsWith('/') ? '/' : ''}`;
  }
  const canonicalRequest = `${draft.req.method}\n${escapePath ? uriEscapePath(path) : path}\n${canonicalQuery}\n${block}\n${signedHeaders}\n${hash}`;
  return { signedHeaders, canonicalQuery, canonicalRequest };
}

/**
 * Canonical request, string to sign and signature, synchronously with a {@link Hasher}. With
 * `expiresIn` the auth parameters go in the query (presigned URL); without, in headers.
 */
export function canonicalize(request: SigV4Request, options: SigV4Options, expiresIn?: number): Canonicalized {
  const hasher = options?.hasher ?? defaultHasher(); // options are validated by beginCanonical
  const draft = beginCanonical(request, options);
  const hash = 'literal' in draft.payload ? draft.payload.literal : hasher.sha256Hex(draft.payload.body);
  const parts = finishCanonical(draft, options, hash, expiresIn);
  const stringToSign = `AWS4-HMAC-SHA256\n${draft.date}\n${draft.scope}\n${hasher.sha256Hex(parts.canonicalRequest)}`;
  let key = signingKeys.get(draft.keyId);
  if (!key) {
    key = new TextEncoder().encode(`AWS4${draft.secret}`);
    for (const part of [draft.day, options.region, options.service, 'aws4_request']) key = hasher.hmac(key, part);
    rememberKey(draft.keyId, key);
  }
  return {
    signedHeaders: parts.signedHeaders,
    canonicalQuery: parts.canonicalQuery,
    canonicalRequest: parts.canonicalRequest,
    req: draft.req,
    date: draft.date,
    credential: draft.credential,
    stringToSign,
    signature: toHex(hasher.hmac(key, stringToSign)),
  };
}
