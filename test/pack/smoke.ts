// Packaging smoke: what a user of the PUBLISHED packages writes. test/pack.test.ts copies this
// file into a fresh project outside the workspace (packed tarballs installed with npm), compiles
// it with a strict tsconfig (module nodenext, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess, no skipLibCheck) and runs the JS with node. In the repository it is
// typechecked too (root tsconfig), against the sources.
//
// It imports every public entry point (except `/amplify`, whose types need the optional
// `aws-amplify` peer) and drives the emulator: AppSync Events over the socket and over HTTP,
// API Gateway WebSocket over the socket and `@connections`. Prints one JSON line on success.
import { type EmulatorEndpoints, startEmulator } from '@channelkit/emulator';
import { ChannelKitError, type ConnectionStatus, createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ConnectionsClient } from '@channelkit/transport/server';
import { signHotsockToken } from '@channelkit/transport/hotsock-server';
import { presignUrl, pureHasher, signRequest } from '@channelkit/transport/sigv4';
import WebSocket from 'ws';

interface ChatMessage {
  text: string;
  n?: number;
}

const TIMEOUT_MS = 20_000;
const deadline = setTimeout(() => {
  console.error(`smoke: timed out after ${TIMEOUT_MS} ms`);
  process.exit(1);
}, TIMEOUT_MS);

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`smoke: ${what}`);
}

function waitFor(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (test()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`smoke: timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

// `ws`'s class satisfies WebSocketConstructor as it is: no cast (issue 9.2).
const NodeWebSocket = WebSocket;

const emulator = await startEmulator({ port: 0 });
const endpoints: EmulatorEndpoints = emulator.endpoints;
const results: Record<string, unknown> = {};
try {
  // --- AppSync Events: subscribe, publish over the socket and over HTTP, receive both.
  const client: RealtimeClient = createClient({
    backend: appSyncEvents({ httpEndpoint: endpoints.appsync.httpEndpoint, auth: apiKeyAuth(endpoints.appsync.apiKey) }),
    WebSocket: NodeWebSocket,
  });
  const received: ChatMessage[] = [];
  let subscribed = false;
  const room = client.channel<ChatMessage>('/default/smoke');
  const release = room.subscribe({
    onEvent: (message) => received.push(message),
    onSubscribed: () => {
      subscribed = true;
    },
    onError: (error: ChannelKitError) => console.error('smoke: appsync channel error', error.code, error.message),
  });
  await waitFor('the AppSync subscription', () => subscribed);
  const status: ConnectionStatus = client.status.getSnapshot().status;
  check(status === 'connected', `AppSync status is ${status}`);
  const socketPublish = await room.publish({ text: 'over the socket', n: 1 });
  check(socketPublish.successful.length === 1 && socketPublish.failed.length === 0, 'socket publish acknowledged');
  const httpPublish = await client.publish('/default/smoke', [{ text: 'over HTTP', n: 2 }], { via: 'http' });
  check(httpPublish.successful.length === 1, 'HTTP publish accepted');
  await waitFor('both AppSync events', () => received.length === 2);
  check(received.map((m) => m.n).join() === '1,2', `AppSync events in order (got ${JSON.stringify(received)})`);
  const invalid = await client.publish('/default/not a valid path', [{ text: 'x' }], { via: 'http' }).then(
    () => undefined,
    (error: unknown) => error,
  );
  check(invalid instanceof ChannelKitError && invalid.code === 'INVALID_CHANNEL', `an invalid channel rejects with a ChannelKitError (got ${String(invalid)})`);
  release();
  client.close();
  results.appsync = received.map((m) => m.text);

  // --- API Gateway WebSocket: the channel convention over the built-in router, then a push
  // through `@connections` (SigV4) to the client's connection id.
  const connection = createClient({ backend: apiGatewayWebSocket({ url: endpoints.apigw.webSocketUrl }), WebSocket: NodeWebSocket });
  const apigwReceived: unknown[] = [];
  let apigwSubscribed = false;
  const releaseApigw = connection.channel<ChatMessage>('room-1').subscribe({
    onEvent: (message) => apigwReceived.push(message),
    onSubscribed: () => {
      apigwSubscribed = true;
    },
  });
  await waitFor('the API Gateway subscription', () => apigwSubscribed);
  await connection.channel<ChatMessage>('room-1').publish({ text: 'apigw' });
  await waitFor('the API Gateway event', () => apigwReceived.length === 1);
  const live = emulator.connections().find((c) => c.backend === 'apigw');
  check(live, 'the emulator lists the API Gateway connection');
  const management = new ConnectionsClient({
    endpoint: endpoints.apigw.managementEndpoint,
    region: endpoints.apigw.region,
    credentials: endpoints.apigw.credentials,
  });
  const info = await management.get(live.connectionId);
  check(info.connectedAt instanceof Date, 'GET @connections gives connectedAt as a Date');
  releaseApigw();
  connection.close();
  results.apigw = apigwReceived;

  // --- SigV4 helpers are callable from the published entry point with the pure-JS hasher.
  const signed = signRequest(
    { url: 'https://example.com/event', method: 'POST', body: '{}' },
    { service: 'appsync', region: 'us-east-1', credentials: endpoints.appsync.credentials, hasher: pureHasher },
  );
  check(typeof signed.headers.authorization === 'string', 'signRequest gives an authorization header');
  const presigned = presignUrl({ url: 'wss://example.com/prod' }, { service: 'execute-api', region: 'us-east-1', credentials: endpoints.apigw.credentials });
  check(presigned.includes('X-Amz-Signature='), 'presignUrl gives a signed URL');
  results.sigv4 = true;

  // --- Hotsock tokens from the published server entry point (WebCrypto, no node:crypto).
  const token = await signHotsockToken({ claims: { scope: 'connect', uid: 'smoke' }, key: 'a-shared-secret-of-at-least-32-bytes', alg: 'HS256', ttl: 60 });
  check(token.split('.').length === 3, 'signHotsockToken gives a compact JWS');
  results.hotsockToken = true;
} finally {
  await emulator.close();
  clearTimeout(deadline);
}
console.log(JSON.stringify({ ok: true, ...results }));
