import { Agent, request as httpsRequest } from 'node:https';
import { ChimeSDKMessagingClient, ListChannelMessagesCommand, SendChannelMessageCommand } from '@aws-sdk/client-chime-sdk-messaging';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { createClient } from '@channelkit/transport';
import { ChimeMessagingApi, chime, createAppInstanceUser } from '@channelkit/transport/chime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConsoleLogger, DefaultMessagingSession, LogLevel, type Message, MessagingSessionConfiguration } from 'amazon-chime-sdk-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

// The official SDKs, unchanged apart from endpoints, against the emulator. DefaultSigV4 always
// builds `wss://` URLs (spec A1.3), so this emulator serves TLS with a certificate the test trusts.

let e: RunningEmulator;
let ca: string;
const original = (globalThis as { WebSocket?: unknown }).WebSocket;

/** `fetch` over node:https that trusts the emulator's certificate (undici's fetch takes no CA). */
function trustingFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const req = httpsRequest(url, { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        const status = res.statusCode ?? 500;
        resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    req.on('error', reject);
    if (typeof init.body === 'string') req.write(init.body);
    req.end();
  });
}

class TrustingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { ca });
  }
}

beforeAll(async () => {
  e = await startEmulator({ port: 0, tls: true });
  ca = e.endpoints.tls!.certificatePem;
  // DefaultWebSocketAdapter calls `new WebSocket(url, protocols)`: Node 20 has no global one.
  (globalThis as { WebSocket?: unknown }).WebSocket = TrustingWebSocket;
});

afterAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = original;
  await e?.close();
});

describe('interop with amazon-chime-sdk-js and @aws-sdk/client-chime-sdk-messaging', () => {
  it('DefaultMessagingSession establishes; SDK → both sessions and ChannelKit; ChannelKit → SDK session', async () => {
    const { endpoint, region, credentials: shared, appInstanceArn, userCredentialsUrl } = e.endpoints.chime;
    // The shared pair provisions users (the app server's role); each user signs with its own.
    const provision = { endpoint, region, credentials: async () => shared, fetch: trustingFetch as typeof fetch };
    const sdkUser = await createAppInstanceUser(provision, { AppInstanceArn: appInstanceArn, AppInstanceUserId: 'sdk-user', Name: 'SDK' });
    const ckUser = await createAppInstanceUser(provision, { AppInstanceArn: appInstanceArn, AppInstanceUserId: 'ck-user', Name: 'CK' });
    const credentials = e.chime.credentialsFor(sdkUser);
    // The same, over the admin route the ready line names (what a non-Node app server calls).
    const issued = await trustingFetch(userCredentialsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userArn: ckUser }) });
    const ckCredentials = (await issued.json()) as { accessKeyId: string; secretAccessKey: string };
    const admin = new ChimeMessagingApi({ endpoint, region, credentials: async () => credentials, fetch: trustingFetch as typeof fetch }, sdkUser);
    const room = await admin.createChannel({ AppInstanceArn: appInstanceArn, Name: 'interop', ChannelId: 'interop' });
    await admin.createChannelMembership(room, ckUser);

    const sdk = new ChimeSDKMessagingClient({ region, endpoint, credentials, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
    const session = new DefaultMessagingSession(new MessagingSessionConfiguration(sdkUser, null, undefined, sdk), new ConsoleLogger('sdk', LogLevel.OFF));
    const atSdk: Message[] = [];
    session.addObserver({ messagingSessionDidReceiveMessage: (m) => atSdk.push(m) });
    await session.start();

    const backend = chime({ region, appInstanceArn, userArn: ckUser, credentials: ckCredentials, endpoint, fetch: trustingFetch as typeof fetch });
    const client = createClient({ backend, WebSocket: TrustingWebSocket, fetch: trustingFetch as typeof fetch });
    try {
      const atCk: unknown[] = [];
      client.channel('interop').subscribe((d) => atCk.push(d));
      await waitFor(() => client.channel('interop').state.getSnapshot().status === 'subscribed', 'ChannelKit subscribed');

      const sent = await sdk.send(new SendChannelMessageCommand({ ChannelArn: room, ChimeBearer: sdkUser, Content: 'from the SDK', Type: 'STANDARD', Persistence: 'PERSISTENT' }));
      expect(sent.MessageId).toBeTruthy();
      await waitFor(() => atCk.includes('from the SDK'), 'ChannelKit got the SDK message');
      await waitFor(() => atSdk.some((m) => m.type === 'CREATE_CHANNEL_MESSAGE' && m.payload.includes('from the SDK')), 'the SDK session got its own message');

      await client.channel('interop').publish('from ChannelKit');
      await waitFor(() => atSdk.some((m) => m.type === 'CREATE_CHANNEL_MESSAGE' && JSON.parse(m.payload).Content === 'from ChannelKit'), 'the SDK session got the ChannelKit message');
      const listed = await sdk.send(new ListChannelMessagesCommand({ ChannelArn: room, ChimeBearer: sdkUser, SortOrder: 'ASCENDING' }));
      expect(listed.ChannelMessages?.map((m) => m.Content)).toEqual(['from the SDK', 'from ChannelKit']);
      expect(listed.ChannelMessages?.[0]?.CreatedTimestamp).toBeInstanceOf(Date);
      // The SDK user's credentials cannot act as another user, whatever the bearer says.
      await expect(sdk.send(new SendChannelMessageCommand({ ChannelArn: room, ChimeBearer: ckUser, Content: 'impersonated', Type: 'STANDARD', Persistence: 'PERSISTENT' }))).rejects.toMatchObject({
        name: 'ForbiddenException',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      client.close();
      session.stop();
    }
  });
});
