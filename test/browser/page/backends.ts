// Page side, part 1: how the browser tests construct clients. Every backend is wrapped in the
// same small `PageClient` surface so that the scenarios (page/main.ts) and the Node-side tests
// never touch a backend-specific API: porting the transport's public API means editing this
// file only. Bundled by esbuild from the transport's sources (@channelkit/source condition).
import type { EmulatorEndpoints } from '@channelkit/emulator';
import { type BackoffPolicy, createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { apiKeyAuth, appSyncEvents, iamAuth } from '@channelkit/transport/appsync-events';

/** The emulator's ready line, as the Node side hands it to the page. */
export type Endpoints = Pick<EmulatorEndpoints, 'appsync' | 'apigw' | 'admin'>;

export interface PageSubscriber {
  onEvent(data: unknown): void;
  onSubscribed(): void;
  onError(error: { code: string; message: string }): void;
  onDiscontinuity(): void;
}

/** What every scenario needs from a client, whatever the backend. */
export interface PageClient {
  /** A channel name valid on this backend (tests may append a suffix to it). */
  readonly channel: string;
  status(): string;
  /** Leases the channel; returns the release function. */
  subscribe(channel: string, subscriber: PageSubscriber): () => void;
  /** Publishes one event over the socket; resolves on the server's ack. */
  publish(channel: string, data: unknown): Promise<unknown>;
  /** Publishes over HTTP where the backend has it. */
  post?(channel: string, data: unknown): Promise<unknown>;
  close(): void;
}

// Fast retries: the reconnect tests wait for them.
const backoff: Partial<BackoffPolicy> = { delaysMs: [20, 50, 100], minUptimeMs: 50 };

function appSync(client: RealtimeClient, channel: string): PageClient {
  return {
    channel,
    status: () => client.status.getSnapshot().status,
    subscribe: (name, subscriber) => client.channel(name).subscribe(subscriber),
    publish: (name, data) => client.channel(name).publish(data),
    post: (name, data) => client.publish(name, [data], { via: 'http' }),
    close: () => client.close(),
  };
}

/** The backends the browser tests run against, by name. No `WebSocket` or `fetch` passed: the browser's own. */
export const BACKENDS = {
  /** AppSync Events with an API key. */
  'appsync-apikey': (e: Endpoints): PageClient =>
    appSync(createClient({ backend: appSyncEvents({ httpEndpoint: e.appsync.httpEndpoint, auth: apiKeyAuth(e.appsync.apiKey) }), backoff }), '/default/browser'),
  /** AppSync Events with IAM: every connect, subscribe and publish SigV4-signed in the page (plain-JS SHA-256). */
  'appsync-iam': (e: Endpoints): PageClient =>
    appSync(
      createClient({
        backend: appSyncEvents({ httpEndpoint: e.appsync.httpEndpoint, auth: iamAuth({ region: e.appsync.region, credentials: e.appsync.credentials }) }),
        backoff,
      }),
      '/iam/browser',
    ),
  /** API Gateway WebSocket with the emulator's built-in channel router. */
  apigw: (e: Endpoints): PageClient => {
    const connection = createClient({ backend: apiGatewayWebSocket({ url: e.apigw.webSocketUrl }), backoff });
    return {
      channel: 'browser',
      status: () => connection.status.getSnapshot().status,
      subscribe: (name, subscriber) => connection.channel(name).subscribe(subscriber),
      publish: (name, data) => connection.channel(name).publish(data),
      close: () => connection.close(),
    };
  },
} satisfies Record<string, (e: Endpoints) => PageClient>;

export type BackendName = keyof typeof BACKENDS;
