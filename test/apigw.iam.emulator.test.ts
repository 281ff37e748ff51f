// IAM-authorized $connect end to end: apiGatewayIam presigns (WebCrypto) and the emulator,
// with connectAuthorization 'AWS_IAM', verifies the signature before the connect handler runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayIam, apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { type ApiGatewayEvent, type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

let e: RunningEmulator;
const identities: ApiGatewayEvent['requestContext']['identity'][] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0, apigw: { connectAuthorization: 'AWS_IAM', connect: (event) => void identities.push(event.requestContext.identity) } });
});
afterAll(async () => {
  await e.close();
});

function client(credentials?: { accessKeyId: string; secretAccessKey: string }): RealtimeClient {
  const url = e.endpoints.apigw.webSocketUrl;
  return createClient({
    backend: apiGatewayWebSocket(credentials ? { url, iam: apiGatewayIam({ region: e.endpoints.apigw.region, credentials }) } : { url }),
    WebSocket,
    backoff: { delaysMs: [10, 20, 40] },
    autoConnect: false,
  });
}

describe('API Gateway $connect with AWS_IAM authorization (emulator)', () => {
  it('a URL presigned with the API’s credentials connects, and $connect sees the caller’s access key', async () => {
    const [a, b] = [client(e.endpoints.apigw.credentials), client(e.endpoints.apigw.credentials)];
    const got: unknown[] = [];
    a.channel('iam-room').subscribe((m) => got.push(m));
    a.connect();
    b.connect();
    await waitFor(() => a.channel('iam-room').state.getSnapshot().status === 'subscribed', 'subscribed');
    await b.channel('iam-room').publish({ text: 'signed' });
    await waitFor(() => got.length === 1, 'delivered');
    expect(identities.at(-1)?.accessKey).toBe(e.endpoints.apigw.credentials.accessKeyId);
    a.close();
    b.close();
  });

  it.each([
    ['unknown credentials', { accessKeyId: 'AKIAUNKNOWNCANARY01', secretAccessKey: 'canary/secret/that/must/never/appear/in/output' }],
    ['no signature', undefined],
  ])('%s: refused with 403, one fresh-credential retry, then AUTH_FAILED', async (_name, credentials) => {
    const c = client(credentials);
    c.connect();
    await waitFor(() => c.status.getSnapshot().status === 'failed', 'failed');
    const { error, attempt } = c.status.getSnapshot();
    expect(error?.code).toBe('AUTH_FAILED');
    expect(attempt).toBeLessThanOrEqual(2);
    expect(`${JSON.stringify(error)} ${error?.message}`).not.toContain('canary/secret');
    c.close();
  });
});
