import { describe, expect, it } from 'vitest';
import { apiKeyAuth, iamAuth, lambdaAuth, oidcAuth, userPoolAuth, type AppSyncAuth } from '@channelkit/transport/appsync-events';
import { signRequest } from '@channelkit/transport/sigv4';
import { signJwt } from '../../core/jwt.js';
import type { RunningEmulator } from '../../startEmulator.js';
import { statusIs, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { client, emulator } from './_harness.js';

// Every auth mode, accepted and rejected, through our client: connect (header- subprotocol),
// subscribe and publish over the socket, and HTTP publish.

type Mode = 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA' | 'AWS_IAM';

function authFor(e: RunningEmulator, mode: Mode, valid: boolean): AppSyncAuth {
  const a = e.endpoints.appsync;
  const jwt = signJwt({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + (valid ? 3600 : -60) }, a.jwt.secret);
  switch (mode) {
    case 'API_KEY':
      return apiKeyAuth(valid ? a.apiKey : 'da2-not-the-key');
    case 'AMAZON_COGNITO_USER_POOLS':
      return userPoolAuth(async () => jwt);
    case 'OPENID_CONNECT':
      return oidcAuth(async () => (valid ? jwt : signJwt({ sub: 'mallory' }, 'some other issuer secret')));
    case 'AWS_LAMBDA':
      return lambdaAuth(() => (valid ? a.lambdaTokens[0]! : 'lambda-deny'));
    case 'AWS_IAM':
      return iamAuth({ region: a.region, credentials: valid ? a.credentials : { ...a.credentials, secretAccessKey: 'wrong-secret-key-000000000000000000000000' } });
  }
}

const MODES: Mode[] = ['API_KEY', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA', 'AWS_IAM'];

describe.each(MODES)('auth mode %s', (mode) => {
  const only = { connectionAuthModes: [mode], defaultPublishAuthModes: [mode], defaultSubscribeAuthModes: [mode] };

  it('accepted: connects, subscribes, publishes over the socket and over HTTP', async () => {
    const e = await emulator({ appsync: only });
    const c = client(e, { auth: authFor(e, mode, true) });
    const got: unknown[] = [];
    c.channel('/default/room').subscribe((d) => got.push(d));
    await statusIs(c, 'connected');
    const ws = await c.publish('/default/room', [{ via: 'ws' }]);
    expect(ws.successful).toHaveLength(1);
    const http = await c.publish('/default/room', [{ via: 'http' }], { via: 'http' });
    expect(http.successful).toHaveLength(1);
    await waitFor(
      () => got.length === 2,
      () => `both events (got ${JSON.stringify(got)})`,
    );
    expect(got).toEqual([{ via: 'ws' }, { via: 'http' }]);
  });

  it('rejected: the connection fails with AUTH_FAILED after one re-auth, and HTTP publish gets 401/403', async () => {
    const e = await emulator({ appsync: only });
    const c = client(e, { auth: authFor(e, mode, false) });
    c.connect();
    await statusIs(c, 'failed');
    expect(c.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
    await expect(c.publish('/default/room', [{ via: 'http' }], { via: 'http' })).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { status: expect.any(Number) } });
  });
});

describe('auth rules', () => {
  it('a mode the API does not allow is refused even with valid credentials', async () => {
    const e = await emulator({ appsync: { connectionAuthModes: ['AWS_IAM'] } });
    const c = client(e); // valid API key, but connections need IAM
    c.connect();
    await statusIs(c, 'failed');
  });

  it('per-channel and per-publish overrides: an IAM-only namespace next to an API-key one on one connection', async () => {
    const e = await emulator({ appsync: { namespaces: { default: {}, admin: { publishAuthModes: ['AWS_IAM'], subscribeAuthModes: ['AWS_IAM'] } } } });
    const a = e.endpoints.appsync;
    const iam = iamAuth({ region: a.region, credentials: a.credentials });
    const plain = client(e);
    const errors: string[] = [];
    plain.channel('/admin/alerts').subscribe({ onEvent: () => {}, onError: (err) => errors.push(err.code) });
    await waitFor(() => errors.length === 1, 'the subscribe refusal');
    expect(errors).toEqual(['AUTH_FAILED']);
    await expect(plain.publish('/admin/alerts', [1])).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(plain.publish('/admin/alerts', [1], { context: { auth: iam } })).resolves.toMatchObject({ successful: [{ index: 0 }] });
    expect(plain.status.getSnapshot().status).toBe('connected'); // one refused subscription does not kill the socket

    const routed = client(e, { channelAuth: (channel) => (channel.startsWith('/admin/') ? iam : undefined) });
    const got: unknown[] = [];
    routed.channel('/admin/alerts').subscribe((d) => got.push(d));
    routed.channel('/default/chat').subscribe((d) => got.push(d));
    await statusIs(routed, 'connected');
    await waitFor(() => e.connections().some((x) => x.channels.length === 2), 'both subscriptions on the emulator');
    await routed.publish('/admin/alerts', ['alert']);
    await routed.publish('/default/chat', ['chat']);
    await waitFor(
      () => got.length === 2,
      () => `both events (got ${JSON.stringify(got)})`,
    );
    expect(got.sort()).toEqual(['alert', 'chat']);
  });

  it('IAM: refuses a clock skew over 5 minutes, an unknown key, and a body that does not match its signed hash', async () => {
    const e = await emulator();
    const a = e.endpoints.appsync;
    const skewed = client(e, { auth: iamAuth({ region: a.region, credentials: a.credentials, now: () => Date.now() - 10 * 60_000 }) });
    await expect(skewed.publish('/default/a', [1], { via: 'http' })).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/Signature expired/) });
    const unknown = client(e, { auth: iamAuth({ region: a.region, credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x'.repeat(40) } }) });
    await expect(unknown.publish('/default/a', [1], { via: 'http' })).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/UnrecognizedClientException/) });

    const body = JSON.stringify({ channel: '/default/a', events: ['1'] });
    const signed = signRequest(
      { url: a.httpEndpoint, method: 'POST', headers: { 'content-type': 'application/json' }, body },
      { service: 'appsync', region: a.region, credentials: a.credentials, contentSha256Header: true },
    );
    const ok = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
    expect(ok.status).toBe(200);
    const forged = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: body.replace('"1"', '"2"') });
    expect(forged.status).toBe(403);
    const tampered = await fetch(signed.url, { method: 'POST', headers: { ...signed.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body });
    expect(tampered.status).toBe(403);
  });

  it('never leaks a secret of any mode into logs or errors', async () => {
    const e = await emulator({ appsync: { connectionAuthModes: ['AWS_LAMBDA'] } });
    const a = e.endpoints.appsync;
    const lines: string[] = [];
    const c = client(e, { auth: apiKeyAuth(a.apiKey), logger: { log: (_l, m, d) => lines.push(m + JSON.stringify(d ?? {})) } });
    c.connect();
    await statusIs(c, 'failed');
    const text = [...lines, c.status.getSnapshot().error?.message ?? '', JSON.stringify(c.status.getSnapshot().error)].join('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(text).not.toContain(a.apiKey);
    expect(text).not.toMatch(/header-[A-Za-z0-9_-]{8,}/);
  });
});

describe('JWT claim types', () => {
  it('a token whose exp is a string in the past is refused at connect', async () => {
    const e = await emulator({ appsync: { connectionAuthModes: ['AMAZON_COGNITO_USER_POOLS'] } });
    const token = signJwt({ sub: 'alice', exp: String(Math.floor(Date.now() / 1000) - 60) }, e.endpoints.appsync.jwt.secret);
    const c = client(e, { auth: userPoolAuth(async () => token) });
    c.connect();
    await statusIs(c, 'failed');
    expect(c.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
  });
});
