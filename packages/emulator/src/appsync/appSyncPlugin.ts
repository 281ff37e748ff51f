import type { BackendContext, BackendPlugin } from '../core/BackendPlugin.js';
import { AppSyncServer } from './AppSyncServer.js';
import { type AppSyncEmulatorOptions, resolveAppSyncOptions } from './options.js';

/**
 * The ready-line section of AWS AppSync Events (stable names; fields may be added).
 *
 * @example
 * ```ts
 * const { httpEndpoint, apiKey }: AppSyncEndpoints = emulator.endpoints.appsync;
 * ```
 */
export interface AppSyncEndpoints {
  httpEndpoint: string;
  realtimeEndpoint: string;
  region: string;
  apiKey: string;
  /** IAM credentials the emulator accepts (service `appsync`). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The HS256 issuer of the default Cognito/OIDC verifier: sign tokens with `signJwt`. */
  jwt: { alg: 'HS256'; secret: string };
  /** Tokens the default Lambda authorizer accepts. */
  lambdaTokens: string[];
  namespaces: string[];
}

/** Largest `count` of one admin broadcast. */
const MAX_BROADCAST = 10_000_000;

/**
 * AWS AppSync Events as an emulator plugin: port offset 1, ready-line key `appsync`, admin
 * route `POST /_emulator/appsync/broadcast` (load generation).
 *
 * @example
 * ```ts
 * const appsync = appSyncPlugin({ apiKey: 'da2-local' }, { registry, faults });
 * appsync.server.broadcast('/default/room', ['{"n":1}']);
 * ```
 */
export function appSyncPlugin(options: AppSyncEmulatorOptions | undefined, context: BackendContext): BackendPlugin & { server: AppSyncServer } {
  const resolved = resolveAppSyncOptions(options);
  const server = new AppSyncServer(resolved, context);
  return {
    name: 'appsync',
    portOffset: 1,
    server,
    handleHttp: (req, res) => server.handleHttp(req, res),
    handleUpgrade: (req, socket, head) => server.handleUpgrade(req, socket, head),
    errorBody: (status, message) => JSON.stringify({ errors: [{ errorType: status >= 500 ? 'InternalFailure' : 'BadRequestException', message }] }),
    listening: ({ http, ws, host }): AppSyncEndpoints => {
      server.address = { httpUrl: `${http}://${host}/event`, realtimeUrl: `${ws}://${host}/event/realtime`, host };
      return {
        httpEndpoint: server.address.httpUrl,
        realtimeEndpoint: server.address.realtimeUrl,
        region: resolved.region,
        apiKey: resolved.apiKey,
        credentials: resolved.credentials,
        jwt: { alg: 'HS256', secret: resolved.jwtSecret },
        lambdaTokens: resolved.lambdaTokens,
        namespaces: Object.keys(resolved.namespaces),
      };
    },
    connections: () => context.registry.list().filter((c) => c.backend === 'appsync'),
    reset: () => server.reset(),
    close: () => server.close(),
    adminRoutes: [
      {
        method: 'POST',
        path: '/_emulator/appsync/broadcast',
        body: '{channel, event, count?}',
        handle: async (input) => {
          const { channel, event, count: rawCount } = (input ?? {}) as { channel?: unknown; event?: unknown; count?: unknown };
          const count = rawCount === undefined ? 1 : rawCount;
          if (typeof channel !== 'string' || typeof event !== 'string' || typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BROADCAST) {
            throw new RangeError(`broadcast needs channel (string), event (a JSON string) and count (1..${MAX_BROADCAST})`);
          }
          // In slices, so a large broadcast does not hold the event loop (or memory) all at once.
          let sent = 0;
          for (let left = count; left > 0; left -= 10_000) {
            sent += server.broadcast(channel, new Array(Math.min(left, 10_000)).fill(event));
            await new Promise((r) => setImmediate(r));
          }
          return { sent };
        },
      },
    ],
  };
}
