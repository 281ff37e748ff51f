import type { BackendContext, BackendPlugin } from '../core/BackendPlugin.js';
import { HotsockServer } from './HotsockServer.js';
import { type HotsockEmulatorOptions, resolveHotsockOptions } from './options.js';

/**
 * The ready-line section of the emulated Hotsock installation (stable names; fields may be
 * added). `issuer` is the key tests and apps sign connect, subscribe and umd tokens with.
 *
 * @example
 * ```ts
 * const { webSocketUrl, httpApiUrl, issuer }: HotsockEndpoints = emulator.endpoints.hotsock;
 * const token = signJwt({ scope: 'connect', exp: Math.floor(Date.now() / 1000) + 60 }, issuer);
 * ```
 */
export interface HotsockEndpoints {
  /** `ws://127.0.0.1:<port>/v1` (no query string: clients append `?token=`). */
  webSocketUrl: string;
  /** `http://127.0.0.1:<port>/`: the Client HTTP API (`/connection/…`) and admin API (`/channels/…`). */
  httpApiUrl: string;
  /** `http://127.0.0.1:<port>/publish`: server publish (Bearer `apiKey`). */
  publishUrl: string;
  apiKey: string;
  issuer: { alg: 'HS256'; kid?: string; secret: string } | { alg: 'ES256'; kid?: string; privateKeyPem: string };
}

/**
 * Hotsock as an emulator plugin (port offset 3). Hotsock runs on API Gateway, so it keeps
 * API Gateway's limits and timers (128 KB messages → 1009, 10 min idle, 2 h maximum), in its
 * own server because its `$connect` is a JWT check and its first frame must be
 * `hotsock.connected`.
 *
 * @example
 * ```ts
 * const plugin = hotsockPlugin({ idleTimeoutMs: 5000 }, { registry, faults });
 * ```
 */
export function hotsockPlugin(options: HotsockEmulatorOptions | undefined, context: BackendContext): BackendPlugin & { server: HotsockServer } {
  const resolved = resolveHotsockOptions(options);
  const server = new HotsockServer(resolved, context);
  return {
    name: 'hotsock',
    portOffset: 3,
    server,
    handleHttp: (req, res) => server.handleHttp(req, res),
    handleUpgrade: (req, socket, head) => server.handleUpgrade(req, socket, head),
    errorBody: (status, message) => JSON.stringify({ error: { code: status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', message: status >= 500 ? 'Internal server error' : message } }),
    listening: ({ http, ws, host }): HotsockEndpoints => ({
      webSocketUrl: `${ws}://${host}/${resolved.stage}`,
      httpApiUrl: `${http}://${host}/`,
      publishUrl: `${http}://${host}/publish`,
      apiKey: resolved.apiKey,
      issuer: resolved.issuer,
    }),
    connections: () => context.registry.list().filter((c) => c.backend === 'hotsock'),
    reset: () => server.reset(),
    close: () => server.close(),
    adminRoutes: [],
  };
}
