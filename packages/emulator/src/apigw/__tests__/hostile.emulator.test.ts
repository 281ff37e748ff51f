import { describe, expect, it } from 'vitest';
import { signRequest } from '@channelkit/transport/sigv4';
import { waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator } from '../../appsync/__tests__/_harness.js';
import { httpRequest, oneConnection, rawExchange, statusOf, upgradeRequest } from '../../core/__tests__/_wire.js';
import type { RunningEmulator } from '../../startEmulator.js';
import { rawApigw } from './_apigw.js';

// Issue 8 on the emulated API Gateway WebSocket API.

const portOf = (e: RunningEmulator) => Number(new URL(e.endpoints.apigw.managementEndpoint).port);
const gatewayMessage = (text: string) => (JSON.parse(text) as { message: string }).message;

describe('API Gateway: hostile upgrade targets', () => {
  it.each([
    ['//[', 403],
    ['http://[::1/prod', 400],
    ['//%zz/prod', 403],
  ])('%s is answered %i and the process serves on', async (target, status) => {
    const e = await emulator();
    const answer = await rawExchange(portOf(e), upgradeRequest(portOf(e), target));
    expect(statusOf(answer)).toBe(status);
    const client = await rawApigw(e);
    client.ws.send('{"action":"ping"}');
    await waitFor(
      () => client.inbox.includes('{"type":"pong"}'),
      () => `a pong (inbox: ${JSON.stringify(client.inbox)})`,
    );
  });

  it('a target new URL() cannot parse is 400 on @connections too', async () => {
    const e = await emulator();
    const r = await httpRequest(e.endpoints.apigw.managementEndpoint, { method: 'GET', path: 'http://[::1/prod/@connections/x' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ message: expect.stringContaining('request target') });
  });
});

describe('API Gateway: route keys are not object members', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('{"action":"%s"} is Forbidden like any unknown route', async (action) => {
    const e = await emulator({ apigw: { routes: { hello: () => ({ body: 'hi' }) } } });
    const client = await rawApigw(e);
    client.ws.send(JSON.stringify({ action }));
    await waitFor(() => client.inbox.length > 0, 'an answer');
    expect(gatewayMessage(client.inbox[0] as string)).toBe('Forbidden');
  });
});

describe('@connections: hostile bodies', () => {
  const sign = (e: RunningEmulator, path: string, body: Buffer) => {
    const host = new URL(e.endpoints.apigw.managementEndpoint).host;
    return signRequest(
      { method: 'POST', hostname: host, path, headers: { host }, body },
      { service: 'execute-api', region: e.endpoints.apigw.region, credentials: e.endpoints.apigw.credentials, date: Date.now() },
    ).headers as Record<string, string>;
  };

  it('a correctly signed 2 MB post is 413 PayloadTooLargeException (size before signature, as AWS)', async () => {
    const e = await emulator();
    const path = '/prod/@connections/abc';
    const body = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const r = await httpRequest(`${e.endpoints.apigw.managementEndpoint}/@connections/abc`, { method: 'POST', headers: sign(e, path, body), body });
    expect(r.status).toBe(413);
    expect(r.headers['x-amzn-errortype']).toBe('PayloadTooLargeException');
  });

  it('after a 3 MB body is refused, the next request on the same connection works', async () => {
    const e = await emulator();
    const agent = oneConnection();
    const url = `${e.endpoints.apigw.managementEndpoint}/@connections/abc`;
    const big = await httpRequest(url, { method: 'POST', body: Buffer.alloc(3 * 1024 * 1024), agent });
    expect(big.status).toBe(413);
    const body = Buffer.from('hello');
    const next = await httpRequest(url, { method: 'POST', headers: sign(e, '/prod/@connections/abc', body), body, agent });
    expect(next.status).toBe(410); // signed and well-formed: the connection simply does not exist
    agent.destroy();
  });
});
