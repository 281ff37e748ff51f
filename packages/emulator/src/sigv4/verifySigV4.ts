import { createHash, timingSafeEqual } from 'node:crypto';
import { presignUrl, signRequest } from '@channelkit/transport/sigv4';

/**
 * A request as the emulator received it. Header names lower-case.
 *
 * @example
 * ```ts
 * const received: ReceivedRequest = { method: 'POST', host, path: '/event', query: [], headers, body };
 * ```
 */
export interface ReceivedRequest {
  method: string;
  host: string;
  /** The path exactly as received (still percent-encoded). */
  path: string;
  /** Decoded query parameters in order. */
  query: Array<[string, string]>;
  headers: Record<string, string | undefined>;
  body: string | Uint8Array;
}

/**
 * What a verification needs besides the request.
 *
 * @example
 * ```ts
 * const options: VerifyOptions = { service: 'execute-api', region: 'us-east-1', now: Date.now(), secretFor: (id) => keys.get(id) };
 * ```
 */
export interface VerifyOptions {
  service: string;
  region: string;
  /** Secret for an access key id, or undefined if unknown. */
  secretFor(accessKeyId: string): string | undefined;
  now: number;
  /** Allowed clock skew, ms (AWS: 5 minutes). */
  skewMs?: number;
  /**
   * Whether a signed `x-amz-content-sha256: UNSIGNED-PAYLOAD` is acceptable (default true).
   * Such a signature covers no body, so it authorizes any body: refuse it where the body is
   * what is being authorized.
   */
  allowUnsignedPayload?: boolean;
  /** Normalize the path (`/a/../b` → `/b`) as every service but S3 does (default true). */
  normalizePath?: boolean;
}

/**
 * Why a signature was refused, in AWS's vocabulary (the `__type`/errorType AWS services use).
 *
 * @example
 * ```ts
 * if (!result.ok) res.writeHead(403).end(JSON.stringify({ __type: result.errorType, message: result.message }));
 * ```
 */
export interface VerifyFailure {
  ok: false;
  errorType: 'IncompleteSignatureException' | 'UnrecognizedClientException' | 'InvalidSignatureException' | 'SignatureDoesNotMatch';
  message: string;
}

/**
 * Verifies a SigV4 signature by recomputing everything from the request received: the payload
 * hash from the body bytes (a signed `x-amz-content-sha256` that does not match the body is
 * a forged request), the canonical request from the headers the client says it signed, the
 * scope and date (±5 min; presigned URLs also expire at X-Amz-Expires), then compares
 * signatures in constant time. Header (`Authorization`) and query (presigned) forms.
 *
 * @example
 * ```ts
 * const result = verifySigV4(received, { service: 'appsync', region: 'us-east-1', secretFor, now: Date.now() });
 * if (!result.ok) reply(403, result);
 * ```
 */
export function verifySigV4(req: ReceivedRequest, options: VerifyOptions): { ok: true; accessKeyId: string } | VerifyFailure {
  const fail = (errorType: VerifyFailure['errorType'], message: string): VerifyFailure => ({ ok: false, errorType, message });
  const queryAuth = req.query.some(([k]) => k === 'X-Amz-Signature');
  const q = new Map(req.query);
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let amzDate: string | undefined;
  if (queryAuth) {
    credential = q.get('X-Amz-Credential');
    signedHeaders = q.get('X-Amz-SignedHeaders');
    signature = q.get('X-Amz-Signature');
    amzDate = q.get('X-Amz-Date');
    if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return fail('IncompleteSignatureException', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256');
  } else {
    const auth = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(auth.trim());
    if (!m) return fail('IncompleteSignatureException', 'Authorization header is not a complete AWS4-HMAC-SHA256 signature');
    [, credential, signedHeaders, signature] = m;
    amzDate = req.headers['x-amz-date'];
  }
  if (!credential || !signedHeaders || !signature || !amzDate) return fail('IncompleteSignatureException', 'missing Credential, SignedHeaders, Signature or X-Amz-Date');
  const [accessKeyId = '', day, region, service, terminator] = credential.split('/');
  const secret = options.secretFor(accessKeyId);
  if (secret === undefined) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (terminator !== 'aws4_request' || region !== options.region || service !== options.service) {
    return fail('InvalidSignatureException', `Credential should be scoped to a valid region and service: expected ${options.region}/${options.service}`);
  }
  const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!dateMatch || day !== amzDate.slice(0, 8)) return fail('IncompleteSignatureException', 'X-Amz-Date must be YYYYMMDDTHHMMSSZ and match the credential scope date');
  const [, y, mo, d, h, mi, s] = dateMatch.map(Number) as number[];
  const signedAt = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const skew = options.skewMs ?? 5 * 60_000;
  if (Math.abs(options.now - signedAt) > skew && !queryAuth) return fail('InvalidSignatureException', 'Signature expired: the request time is more than 5 minutes from the server time');
  if (queryAuth) {
    const expires = Number(q.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) return fail('IncompleteSignatureException', 'X-Amz-Expires must be 1..604800');
    if (signedAt - skew > options.now) return fail('InvalidSignatureException', 'Signature not yet current');
    if (signedAt + expires * 1000 < options.now) return fail('InvalidSignatureException', 'Signature expired');
  }
  const names = signedHeaders.split(';');
  // The list is part of the canonical request as sent: AWS does not sort or lower-case it for
  // the client, so an unsorted, upper-case or repeated name is a signature that cannot match.
  // (SigV4 spec, "Create a canonical request": SignedHeaders are lower-case, sorted by character
  // code, separated by semicolons — https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)
  const canonicalNames = [...new Set(names.map((n) => n.toLowerCase()))].sort();
  if (names.join(';') !== canonicalNames.join(';')) return fail('SignatureDoesNotMatch', 'SignedHeaders must be lower-case, sorted by character code and unique, as sent');
  if (!names.includes('host')) return fail('IncompleteSignatureException', 'the host header must be signed');
  const unsigned = unsignedAmzHeaders(req.headers, names);
  if (unsigned.length > 0) return fail('IncompleteSignatureException', `There were headers present in the request which were not signed: ${unsigned.join(', ')}`);
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = name === 'host' ? (req.headers.host ?? req.host) : req.headers[name];
    if (value === undefined) return fail('IncompleteSignatureException', `signed header ${name} is missing`);
    headers[name] = value;
  }
  const claimed = req.headers['x-amz-content-sha256'];
  if (claimed === 'UNSIGNED-PAYLOAD' && options.allowUnsignedPayload === false) {
    return fail('InvalidSignatureException', 'x-amz-content-sha256: UNSIGNED-PAYLOAD is not accepted here: the signature must cover the body');
  }
  if (claimed !== undefined && names.includes('x-amz-content-sha256') && claimed !== 'UNSIGNED-PAYLOAD') {
    const actual = createHash('sha256').update(req.body).digest('hex');
    if (claimed !== actual) return fail('SignatureDoesNotMatch', 'x-amz-content-sha256 does not match the body');
  }
  const token = queryAuth ? q.get('X-Amz-Security-Token') : req.headers['x-amz-security-token'];
  const parts = { method: req.method, hostname: headers.host ?? req.host, path: req.path, body: req.body };
  const common = { service, region, date: signedAt, signableHeaders: new Set(names), normalizePath: options.normalizePath ?? true };
  // Presigned URLs carry the session token either signed or appended after signing (the
  // suite's `omit_session_token`); both are valid forms, so both are candidates.
  const expected: string[] = [];
  if (queryAuth) {
    const query: Record<string, string[]> = {};
    for (const [k, v] of req.query) {
      if (/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)$/.test(k)) continue;
      query[k] = [...(query[k] ?? []), v];
    }
    for (const signSessionToken of token ? [true, false] : [true]) {
      const url = presignUrl(
        { ...parts, query, headers },
        { ...common, credentials: { accessKeyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) }, expiresIn: Number(q.get('X-Amz-Expires')), signSessionToken },
      );
      expected.push(new URL(url).searchParams.get('X-Amz-Signature') ?? '');
    }
  } else {
    const signed = signRequest(
      { ...parts, query: groupQuery(req.query), headers },
      // The token is already among the signed headers when it was signed; not passing it keeps it from being added.
      { ...common, credentials: { accessKeyId, secretAccessKey: secret } },
    );
    const computedNames = /SignedHeaders=([^,]+)/.exec(signed.headers.authorization ?? '')?.[1];
    if (computedNames !== signedHeaders) return fail('SignatureDoesNotMatch', 'SignedHeaders must be lower-case, sorted by character code and unique, as sent');
    expected.push(signed.signature);
  }
  const given = Buffer.from(signature, 'utf8');
  const matches = expected.map((e) => Buffer.from(e, 'utf8')).filter((e) => e.length === given.length && timingSafeEqual(e, given));
  if (matches.length === 0) {
    return fail('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  return { ok: true, accessKeyId };
}

function groupQuery(query: Array<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of query) out[k] = [...(out[k] ?? []), v];
  return out;
}

/**
 * The `x-amz-*` headers of a request that its signature does not cover. AWS refuses such a
 * request ("There were headers present in the request which were not signed", S3's wording of
 * the rule: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html —
 * "any x-amz-* headers that you plan to add to the request" must be signed). Without the rule
 * a captured Chime request could have its `x-amz-chime-bearer` swapped and be replayed as
 * another user for the five minutes a signature lives. (`x-amzn-*`, e.g. a trace id, is not
 * in the `x-amz-` family.) The one exception is `x-amz-security-token`: the official aws-c-auth
 * suite has it appended after signing (`post-sts-header-after`), and it cannot be swapped
 * usefully — it is checked against the access key it was issued with.
 */
function unsignedAmzHeaders(headers: Record<string, string | undefined>, signed: readonly string[]): string[] {
  return Object.keys(headers)
    .filter((name) => headers[name] !== undefined && name.toLowerCase().startsWith('x-amz-') && name.toLowerCase() !== 'x-amz-security-token' && !signed.includes(name.toLowerCase()))
    .sort();
}
