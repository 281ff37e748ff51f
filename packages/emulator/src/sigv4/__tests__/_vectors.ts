// Copied from packages/transport/src/sigv4/__tests__/_vectors.ts: the emulator verifies what the
// transport signs, so each keeps its own reading of the official suite.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The official aws-c-auth SigV4 suite, copied into the repo with its Apache-2.0 notice. */
export const VECTORS_DIR = resolve(import.meta.dirname, '../../../../../test/fixtures/sigv4/aws-c-auth-v4');

export interface VectorCase {
  name: string;
  context: {
    credentials: { access_key_id: string; secret_access_key: string; token?: string };
    expiration_in_seconds: number;
    normalize: boolean;
    region: string;
    service: string;
    sign_body: boolean;
    timestamp: string;
    omit_session_token?: boolean;
  };
  request: { method: string; path: string; query: Array<[string, string]>; headers: Record<string, string[]>; body: string };
  expected: Record<'header' | 'query', { canonicalRequest: string; stringToSign: string; signature: string; signedRequest: string }>;
}

export function loadVectors(): VectorCase[] {
  // A missing suite is a broken checkout, not a reason to skip: fail loudly.
  if (!existsSync(VECTORS_DIR)) throw new Error(`SigV4 vectors missing at ${VECTORS_DIR}`);
  return readdirSync(VECTORS_DIR)
    .sort()
    .map((name) => {
      const dir = join(VECTORS_DIR, name);
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      const expected = (kind: 'header' | 'query') => ({
        canonicalRequest: read(`${kind}-canonical-request.txt`),
        stringToSign: read(`${kind}-string-to-sign.txt`),
        signature: read(`${kind}-signature.txt`).trim(),
        signedRequest: read(`${kind}-signed-request.txt`),
      });
      return { name, context: JSON.parse(read('context.json')), request: parseRequest(read('request.txt')), expected: { header: expected('header'), query: expected('query') } };
    });
}

/** Parses the suite's raw HTTP/1.1 request text (obsolete line folding kept as "\n"). */
function parseRequest(text: string): VectorCase['request'] {
  const [head = '', body = ''] = splitOnce(text, '\n\n');
  const lines = head.split('\n');
  const requestLine = lines.shift() ?? '';
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'));
  const [path = '', rawQuery] = splitOnce(target, '?');
  const query: Array<[string, string]> = [];
  for (const pair of rawQuery ? rawQuery.split('&') : []) {
    const [k = '', v = ''] = splitOnce(pair, '=');
    query.push([decodeURIComponent(k), decodeURIComponent(v)]);
  }
  const headers: Record<string, string[]> = {};
  let last: string[] | undefined;
  for (const line of lines) {
    if (line === '') continue;
    if (/^\s/.test(line) && last) {
      last[last.length - 1] += `\n${line}`;
      continue;
    }
    const [name = '', value = ''] = splitOnce(line, ':');
    last = headers[name] ??= [];
    last.push(value);
  }
  return { method, path, query, headers, body };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}
