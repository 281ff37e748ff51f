import { describe, expect, it } from 'vitest';
import { type ReceivedRequest, verifySigV4 } from '../verifySigV4.js';
import { loadVectors, type VectorCase } from '../../../../../test/fixtures/sigv4/loadVectors.js';

// The emulator's verifier against the official aws-c-auth suite: every signed request of the
// suite (header and presigned forms) verifies, and a one-byte change to it does not.

const cases = loadVectors();

/** The suite's signed request text as the emulator would receive it. */
function received(c: VectorCase, kind: 'header' | 'query'): ReceivedRequest {
  const text = c.expected[kind].signedRequest;
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 2);
  const lines = head.split('\n');
  const requestLine = lines.shift() ?? '';
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'));
  const q = target.indexOf('?');
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    if (/^\s/.test(line) && last) {
      headers[last] += `\n${line}`;
      continue;
    }
    const i = line.indexOf(':');
    last = line.slice(0, i).toLowerCase();
    // Node joins repeated headers with ", "; the canonical form trims each value.
    headers[last] = headers[last] === undefined ? line.slice(i + 1) : `${headers[last]},${line.slice(i + 1)}`;
  }
  return {
    method,
    host: headers.host ?? 'example.amazonaws.com',
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? [] : [...new URLSearchParams(target.slice(q + 1))],
    headers,
    body,
  };
}

function verify(c: VectorCase, req: ReceivedRequest, secret = c.context.credentials.secret_access_key) {
  return verifySigV4(req, {
    service: c.context.service,
    region: c.context.region,
    now: Date.parse(c.context.timestamp),
    secretFor: (id) => (id === c.context.credentials.access_key_id ? secret : undefined),
    normalizePath: c.context.normalize,
  });
}

it('loads the whole official suite', () => expect(cases.length).toBeGreaterThanOrEqual(38));

describe.each(['header', 'query'] as const)('%s-signed requests of the aws-c-auth suite', (kind) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s verifies', (_name, c) => {
    expect(verify(c, received(c, kind))).toMatchObject({ ok: true, accessKeyId: c.context.credentials.access_key_id });
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s fails after a one-byte change', (_name, c) => {
    const req = received(c, kind);
    // One byte of the signature.
    const sig = kind === 'header' ? /Signature=([0-9a-f]{64})/.exec(req.headers.authorization ?? '')?.[1] : req.query.find(([k]) => k === 'X-Amz-Signature')?.[1];
    const flipped = `${sig?.[0] === '0' ? '1' : '0'}${sig?.slice(1)}`;
    const badSig =
      kind === 'header'
        ? { ...req, headers: { ...req.headers, authorization: req.headers.authorization?.replace(sig ?? '', flipped) } }
        : { ...req, query: req.query.map(([k, v]): [string, string] => [k, k === 'X-Amz-Signature' ? flipped : v]) };
    expect(verify(c, badSig)).toMatchObject({ ok: false, errorType: 'SignatureDoesNotMatch' });
    // One more byte in the path, one byte of the secret.
    expect(verify(c, { ...req, path: `${req.path}x` }).ok).toBe(false);
    const secret = c.context.credentials.secret_access_key;
    expect(verify(c, req, `${secret.slice(0, -1)}${secret.endsWith('Y') ? 'Z' : 'Y'}`).ok).toBe(false);
  });
});
