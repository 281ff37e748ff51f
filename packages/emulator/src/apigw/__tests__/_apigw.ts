import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { type ConnectionOptions, createClient, type RealtimeClient } from '@channelkit/transport';
import { type ApiGatewayWebSocketOptions, apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { ConnectionsClient } from '@channelkit/transport/server';
import type { RunningEmulator } from '../../startEmulator.js';

const connections: RealtimeClient[] = [];
const sockets: WebSocket[] = [];
afterEach(() => {
  for (const c of connections.splice(0)) c.close();
  for (const s of sockets.splice(0)) s.terminate();
});

/** Our client on the API Gateway protocol against the emulator. */
export function apigwClient(e: RunningEmulator, protocol: Partial<ApiGatewayWebSocketOptions> = {}, options: Partial<ConnectionOptions> = {}): RealtimeClient {
  const c = createClient({
    backend: apiGatewayWebSocket({ url: e.endpoints.apigw.webSocketUrl, ...protocol }),
    WebSocket: WebSocket,
    backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
    ...options,
  });
  connections.push(c);
  return c;
}

/** A raw socket to the stage URL, recording what it receives and how it closed. */
export async function rawApigw(e: RunningEmulator, query = '', protocols?: string[]) {
  const ws = new WebSocket(`${e.endpoints.apigw.webSocketUrl}${query}`, protocols);
  sockets.push(ws);
  const inbox: string[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (d) => inbox.push(String(d)));
  ws.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
  });
  return { ws, inbox, closed: () => closed, protocol: ws.protocol };
}

export function connectionsClient(e: RunningEmulator, overrides: Partial<ConstructorParameters<typeof ConnectionsClient>[0]> = {}): ConnectionsClient {
  return new ConnectionsClient({ endpoint: e.endpoints.apigw.managementEndpoint, region: e.endpoints.apigw.region, credentials: e.endpoints.apigw.credentials, ...overrides });
}
