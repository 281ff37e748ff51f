// Shared by the React hook tests: one emulator per backend, clients built the way the
// cross-backend tests build them, the emulator's view of wire subscriptions, and providers
// wrapped in <StrictMode>.
import { request } from 'node:http';
import { StrictMode, type ReactNode } from 'react';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { WebSocket } from 'ws';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { createChannelRouter, memoryStore } from '@channelkit/server';
import { ChannelKitProvider } from '@channelkit/react';

// Like test/_backends.ts, but connecting on first use (what apps do): hooks never call connect().
const fast = { WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } };

/** node:http, not the DOM environment's fetch (happy-dom's applies browser CORS rules). */
export function adminCall(url: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * A `fetch` over node:http for clients under test: happy-dom's `fetch` applies browser CORS
 * rules to the emulator's HTTP APIs (Hotsock's Client HTTP API, Chime REST).
 */
export const nodeFetch: typeof fetch = (input, init = {}) =>
  new Promise((resolve, reject) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const req = request(url, { method: init.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') out.set(name, value);
        const status = res.statusCode ?? 500;
        const body = status === 204 || status === 304 ? null : Buffer.concat(chunks).toString('utf8');
        resolve(new Response(body, { status, headers: out }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    // Bytes as bytes (the @connections client signs and sends a Uint8Array).
    const body = init.body;
    req.end(typeof body === 'string' ? body : body == null ? undefined : ArrayBuffer.isView(body) ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : String(body));
  });

export interface ReactTarget {
  name: string;
  backend: 'appsync' | 'apigw';
  /** A channel, a second one, and one the backend refuses (where it can refuse). */
  channel: string;
  other: string;
  refused: string;
  /** The code a refused subscription carries on this backend. */
  refusedCode: string;
  client(): RealtimeClient;
  /** Wire subscriptions per channel, across every live connection of this backend. */
  wireSubscriptions(): Promise<Record<string, number>>;
  /** Drops every live connection of this backend (clients reconnect). */
  drop(): Promise<void>;
  /** The emulator's admin URL (faults beyond a drop). */
  admin: string;
  close(): Promise<void>;
}

async function target(
  name: string,
  backend: 'appsync' | 'apigw',
  e: RunningEmulator,
  make: () => RealtimeClient,
  channels: Pick<ReactTarget, 'channel' | 'other' | 'refused' | 'refusedCode'>,
  /** API Gateway: subscriptions live in the router (the Lambda integration's state), per connection. */
  channelsOf?: (connectionId: string) => string[],
): Promise<ReactTarget> {
  const clients: RealtimeClient[] = [];
  const admin = e.endpoints.admin;
  return {
    name,
    backend,
    ...channels,
    admin,
    client() {
      const c = make();
      clients.push(c);
      return c;
    },
    async wireSubscriptions() {
      const all = (await adminCall(`${admin}/connections`)) as Array<{ backend: string; connectionId: string; channels: string[] }>;
      const counts: Record<string, number> = {};
      for (const c of all) if (c.backend === backend) for (const ch of channelsOf ? channelsOf(c.connectionId) : c.channels) counts[ch] = (counts[ch] ?? 0) + 1;
      return counts;
    },
    async drop() {
      await adminCall(`${admin}/faults`, 'POST', { backend, action: 'drop' });
    },
    async close() {
      for (const c of clients) c.close();
      await e.close();
    },
  };
}

/** The backends that have landed, each on a fresh emulator. */
export const TARGETS: Array<[string, () => Promise<ReactTarget>]> = [
  [
    'AppSync Events',
    async () => {
      const e = await startEmulator({ port: 0, appsync: { namespaces: { default: {}, locked: { onSubscribe: () => false } } } });
      return target(
        'AppSync Events',
        'appsync',
        e,
        () => createClient({ backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }), ...fast }),
        { channel: '/default/room', other: '/default/other', refused: '/locked/room', refusedCode: 'AUTH_FAILED' },
      );
    },
  ],
  [
    'API Gateway WebSocket',
    async () => {
      // The router Lambda runs, refusing one channel as an app's `authorize` would.
      const store = memoryStore();
      // Node's fetch for the router: it is server code, not subject to happy-dom's CORS.
      const handler = createChannelRouter({ store, anonymous: true, authorize: ({ channel }) => channel !== 'locked', fetch: nodeFetch });
      const e = await startEmulator({ port: 0, apigw: { handler } });
      const channelsOf = (connectionId: string) => store.channelsOf(connectionId);
      return target(
        'API Gateway WebSocket',
        'apigw',
        e,
        () => createClient({ backend: apiGatewayWebSocket({ url: e.endpoints.apigw.webSocketUrl }), ...fast }),
        { channel: 'room', other: 'other', refused: 'locked', refusedCode: 'SUBSCRIBE_FAILED' },
        channelsOf,
      );
    },
  ],
];

/** A StrictMode provider around one client. */
export function strictProvider(client: RealtimeClient) {
  return ({ children }: { children: ReactNode }) => (
    <StrictMode>
      <ChannelKitProvider client={client}>{children}</ChannelKitProvider>
    </StrictMode>
  );
}

/** Polls until `check` holds (no timing assertion: a generous deadline only against hangs). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
