// How the cross-package tests build Hotsock clients and tokens, in one place.
import { createClient, type Logger, type RealtimeClient } from '@channelkit/transport';
import { hotsock, type HotsockBackend, type HotsockOptions } from '@channelkit/transport/hotsock';
import { type RunningEmulator, signJwt } from '@channelkit/emulator';
import { WebSocket } from 'ws';

const FAST_BACKOFF = { delaysMs: [20, 50, 100], minUptimeMs: 50 };

/** Channel directives granting everything a chat app uses (subscribe, publish anywhere, echo, history, storage). */
export const OPEN_CHANNEL = Object.freeze({
  subscribe: true,
  historyStart: 0,
  getInfo: true,
  umdUpdate: true,
  messages: { '*': { publish: true, broadcast: true, echo: true, store: -1 } },
  storage: { '*': { get: true, set: true, observe: true } },
});

/** Signs a token with the emulator's issuer key; `exp` one minute ahead unless given. */
export function mint(e: RunningEmulator, claims: Record<string, unknown>): string {
  return signJwt({ exp: Math.floor(Date.now() / 1000) + 60, ...claims }, e.endpoints.hotsock.issuer);
}

/** A connect token: scope `connect`, the given uid/umd and channel grants. */
export function connectToken(e: RunningEmulator, claims: Record<string, unknown> = {}): string {
  return mint(e, { scope: 'connect', ...claims });
}

export interface HotsockClientOptions {
  claims?: Record<string, unknown> | (() => Record<string, unknown>);
  logger?: Logger;
  fetch?: typeof fetch;
  backend?: Partial<HotsockOptions>;
  autoConnect?: boolean;
}

/** A Hotsock client on the emulator; a fresh connect token for every connection attempt. */
export function hotsockClient(e: RunningEmulator, options: HotsockClientOptions = {}): RealtimeClient & { hotsock: HotsockBackend } {
  const { webSocketUrl, httpApiUrl } = e.endpoints.hotsock;
  const claims = options.claims ?? { uid: 'user', channels: { '*': OPEN_CHANNEL } };
  const backend = hotsock({
    webSocketUrl,
    httpApiUrl,
    connectToken: () => connectToken(e, typeof claims === 'function' ? claims() : claims),
    ...options.backend,
  });
  const client = createClient({
    backend,
    WebSocket,
    backoff: FAST_BACKOFF,
    ...(options.autoConnect === false ? { autoConnect: false } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return Object.assign(client, { hotsock: backend });
}

/** POST /publish with the emulator's API key (server-side publish). */
export async function serverPublish(e: RunningEmulator, body: Record<string, unknown>): Promise<Response> {
  return fetch(e.endpoints.hotsock.publishUrl, { method: 'POST', headers: { authorization: `Bearer ${e.endpoints.hotsock.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
