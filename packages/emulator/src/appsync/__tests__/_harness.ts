import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { type AppSyncEventsConfig, apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { type ClientOptions, createClient, type RealtimeClient } from '@channelkit/transport';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../startEmulator.js';
import { waitFor } from '../../../../transport/src/__tests__/_waitFor.js';

const running: RunningEmulator[] = [];
const clients: RealtimeClient[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(running.splice(0).map((e) => e.close()));
});

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, ...options });
  running.push(e);
  return e;
}

const CONFIG_KEYS = ['httpEndpoint', 'realtimeEndpoint', 'auth', 'connectionAuth', 'subscribeAuth', 'publishAuth', 'channelAuth'] as const;

/** Our client against the emulator (API key unless `auth` is given); config and client options in one bag. */
export function client(e: RunningEmulator, options: Partial<AppSyncEventsConfig> & Partial<Omit<ClientOptions, 'backend'>> = {}): RealtimeClient {
  const config: AppSyncEventsConfig = { httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) };
  const rest: Record<string, unknown> = { ...options };
  for (const key of CONFIG_KEYS) {
    if (key in options) (config as unknown as Record<string, unknown>)[key] = options[key];
    delete rest[key];
  }
  const c = createClient({
    backend: appSyncEvents(config),
    WebSocket: WebSocket,
    backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
    ...(rest as Partial<ClientOptions>),
  });
  clients.push(c);
  return c;
}

/** A raw socket speaking the wire protocol, for asserting exact frames. */
export async function raw(e: RunningEmulator, auth: Record<string, string> = { host: hostOf(e), 'x-api-key': e.endpoints.appsync.apiKey }) {
  const header = `header-${Buffer.from(JSON.stringify(auth)).toString('base64url')}`;
  const ws = new WebSocket(e.endpoints.appsync.realtimeEndpoint, ['aws-appsync-event-ws', header]);
  sockets.push(ws);
  const inbox: Array<Record<string, unknown>> = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (d) => inbox.push(JSON.parse(String(d))));
  ws.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    inbox,
    protocol: ws.protocol,
    closed: () => closed,
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** Resolves with the next frame matching `type` (and `id`), consuming it. */
    next: (type: string, id?: string) =>
      waitFor(
        () => {
          const i = inbox.findIndex((f) => f.type === type && (id === undefined || f.id === id));
          return i >= 0 ? inbox.splice(i, 1)[0] : undefined;
        },
        () => `frame ${type}${id ? ` ${id}` : ''} (inbox: ${JSON.stringify(inbox.map((f) => f.type))}${closed ? `, closed ${closed.code}` : ''})`,
      ),
  };
}

export function hostOf(e: RunningEmulator): string {
  return new URL(e.endpoints.appsync.httpEndpoint).host;
}

/** Every distinct error the client's status reported, in order (status changes are synchronous). */
export function recordErrors(c: RealtimeClient): Array<{ code: string; message: string }> {
  const seen: Array<{ code: string; message: string }> = [];
  c.status.subscribe(() => {
    const error = c.status.getSnapshot().error;
    if (error && seen.at(-1)?.message !== error.message) seen.push({ code: error.code, message: error.message });
  });
  return seen;
}
