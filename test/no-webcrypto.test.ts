// Browsers expose crypto.subtle only in secure contexts (https://, localhost): an app served
// over plain http from a LAN address has none. Every SigV4 path that signs with WebCrypto
// (AppSync iamAuth, apiGatewayIam, Chime) must then fail once, clearly, and stop — not loop.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayIam, apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { iamAuth } from '@channelkit/transport/appsync-events';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';
import { appSyncClient } from './_backends.js';
import { chimeClient } from './_chime.js';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

let e: RunningEmulator;
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await e.close();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARYNOCRYPTO';

describe('no crypto.subtle (an insecure browser context)', () => {
  it.each<[string, () => RealtimeClient]>([
    ['AppSync Events iamAuth', () => appSyncClient(e, iamAuth({ region: e.endpoints.appsync.region, credentials: { accessKeyId: 'AKIANOCRYPTO', secretAccessKey: SECRET } }))],
    [
      'API Gateway apiGatewayIam',
      () =>
        createClient({
          backend: apiGatewayWebSocket({ url: e.endpoints.apigw.webSocketUrl, iam: apiGatewayIam({ region: 'us-east-1', credentials: { accessKeyId: 'AKIANOCRYPTO', secretAccessKey: SECRET } }) }),
          WebSocket,
          backoff: { delaysMs: [5, 10, 20] },
          autoConnect: false,
        }),
    ],
    ['Chime SDK messaging', () => chimeClient(e, `${e.endpoints.chime.appInstanceArn}/user/nocrypto`, {}, { autoConnect: false }).client],
  ])('%s: the connection fails once with UNSUPPORTED naming the secure-context rule, and stops', async (_name, make) => {
    const client = make();
    vi.stubGlobal('crypto', {});
    client.connect();
    await waitFor(() => client.status.getSnapshot().status === 'failed', 'failed');
    const { error, attempt } = client.status.getSnapshot();
    expect(error).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/crypto\.subtle.*secure contexts/) });
    expect(attempt).toBeLessThanOrEqual(1);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    client.close();
  });
});
