import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@channelkit/transport/sigv4';
import { httpRequest } from '../../core/__tests__/_wire.js';
import { type RunningEmulator, startEmulator } from '../../startEmulator.js';

// Issue 18: the SigV4 verifier shared by AppSync Events, API Gateway @connections and Chime,
// over real HTTP. Every `x-amz-*` header must be signed; `SignedHeaders` must be lower-case and
// sorted as sent (the verifier no longer sorts it for the client). A correctly signed request
// passes on each service, so each refusal below is the rule and nothing else.

let e: RunningEmulator;
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
afterAll(() => e?.close());

interface Target {
  name: string;
  url: () => string;
  method: string;
  service: string;
  body: string;
  headers: () => Record<string, string>;
  credentials: () => { accessKeyId: string; secretAccessKey: string };
  /** The status of the correctly signed request. */
  ok: number;
}

const targets: Target[] = [
  {
    name: 'AppSync Events POST /event',
    url: () => e.endpoints.appsync.httpEndpoint,
    method: 'POST',
    service: 'appsync',
    body: '{"channel":"/default/sig","events":["1"]}',
    headers: () => ({ 'content-type': 'application/json' }),
    credentials: () => e.endpoints.appsync.credentials,
    ok: 200,
  },
  {
    name: 'API Gateway POST @connections',
    url: () => `${e.endpoints.apigw.managementEndpoint}/@connections/nobody`,
    method: 'POST',
    service: 'execute-api',
    body: 'hello',
    headers: () => ({}),
    credentials: () => e.endpoints.apigw.credentials,
    ok: 410,
  },
  {
    name: 'Chime GET /channels (as the default admin user)',
    url: () => `${e.endpoints.chime.endpoint}/channels?scope=app-instance-user-memberships`,
    method: 'GET',
    service: 'chime',
    body: '',
    headers: () => ({ 'x-amz-chime-bearer': `${e.endpoints.chime.appInstanceArn}/user/admin` }),
    credentials: () => e.chime.credentialsFor(`${e.endpoints.chime.appInstanceArn}/user/admin`),
    ok: 200,
  },
];

function signed(t: Target): Record<string, string> {
  const headers = t.headers();
  const region = t.service === 'appsync' ? e.endpoints.appsync.region : t.service === 'chime' ? e.endpoints.chime.region : e.endpoints.apigw.region;
  return signRequest({ url: t.url(), method: t.method, headers, ...(t.body ? { body: t.body } : {}) }, { service: t.service, region, credentials: t.credentials() }).headers as Record<string, string>;
}

const send = (t: Target, headers: Record<string, string>) => httpRequest(t.url(), { method: t.method, headers, ...(t.body ? { body: t.body } : {}) });
const reorder = (authorization: string, f: (names: string[]) => string[]) => authorization.replace(/SignedHeaders=([^,]+)/, (_m, list: string) => `SignedHeaders=${f(list.split(';')).join(';')}`);

describe.each(targets)('$name', (t) => {
  it('a correctly signed request passes', async () => {
    expect((await send(t, signed(t))).status).toBe(t.ok);
  });

  it.each([
    ['x-amz-meta-extra', 'added after signing'],
    ['x-amz-date-override', 'a look-alike of a signed header'],
    ['X-Amz-Chime-Bearer', 'a bearer in upper case'],
  ])('an unsigned %s header (%s) is refused with 401/403', async (name) => {
    const r = await send(t, { ...signed(t), [name]: 'arn:aws:chime:us-east-1:123456789012:app-instance/x/user/mallory' });
    expect([401, 403]).toContain(r.status);
    // Where the service already signs that header (Chime's bearer), the second copy breaks the
    // signature instead; elsewhere the refusal names the header.
    if (!(name.toLowerCase() in t.headers())) expect(r.text).toContain(`not signed: ${name.toLowerCase()}`);
  });

  it.each([
    ['reversed', (n: string[]) => n.slice().reverse()],
    ['with host upper-cased', (n: string[]) => n.map((x) => (x === 'host' ? 'Host' : x))],
    ['with host repeated', (n: string[]) => [...n, 'host'].sort()],
  ])('SignedHeaders %s is refused (the verifier does not sort or lower-case it for the client)', async (_name, f) => {
    const headers = signed(t);
    const r = await send(t, { ...headers, authorization: reorder(headers.authorization ?? '', f) });
    expect([401, 403]).toContain(r.status);
  });
});
