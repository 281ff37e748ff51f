import type { BackendContext, BackendPlugin } from '../core/BackendPlugin.js';
import type { Backend } from '../core/ConnectionRegistry.js';
import { ApiGatewayServer } from './ApiGatewayServer.js';
import { type ApiGatewayEmulatorOptions, resolveApiGatewayOptions } from './options.js';

/**
 * The ready-line section of an API Gateway WebSocket API (stable names; fields may be added).
 *
 * @example
 * ```ts
 * const { webSocketUrl, managementEndpoint }: ApiGatewayEndpoints = emulator.endpoints.apigw;
 * ```
 */
export interface ApiGatewayEndpoints {
  /** `ws://127.0.0.1:<port>/<stage>`: what clients connect to. */
  webSocketUrl: string;
  /** `http://127.0.0.1:<port>/<stage>`: the `@connections` endpoint (service `execute-api`). */
  managementEndpoint: string;
  region: string;
  stage: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An API Gateway WebSocket API as an emulator plugin. `name` is the backend it stands for:
 * `apigw` (port offset 2), or another backend hosted on API Gateway (Hotsock) that reuses its
 * limits, timers and `@connections` API under its own name and port.
 *
 * @example
 * ```ts
 * const apigw = apiGatewayPlugin({ stage: 'dev' }, { registry, faults });
 * const hotsockGateway = apiGatewayPlugin({ routes }, { registry, faults }, { name: 'hotsock', portOffset: 3 });
 * ```
 */
export function apiGatewayPlugin(
  options: ApiGatewayEmulatorOptions | undefined,
  context: BackendContext,
  as: { name: Backend; portOffset: number } = { name: 'apigw', portOffset: 2 },
): BackendPlugin & { server: ApiGatewayServer } {
  const resolved = resolveApiGatewayOptions(options);
  const server = new ApiGatewayServer(resolved, context, as.name);
  return {
    name: as.name,
    portOffset: as.portOffset,
    server,
    handleHttp: (req, res) => server.handleHttp(req, res),
    handleUpgrade: (req, socket, head) => server.handleUpgrade(req, socket, head),
    errorBody: (status, message) => JSON.stringify({ message: status >= 500 ? 'Internal server error' : message }),
    listening: ({ http, ws, host }): ApiGatewayEndpoints => {
      server.address = { webSocketUrl: `${ws}://${host}/${resolved.stage}`, managementEndpoint: `${http}://${host}/${resolved.stage}`, domainName: host };
      return {
        webSocketUrl: server.address.webSocketUrl,
        managementEndpoint: server.address.managementEndpoint,
        region: resolved.region,
        stage: resolved.stage,
        credentials: resolved.credentials,
      };
    },
    connections: () => context.registry.list().filter((c) => c.backend === as.name),
    reset: () => server.reset(),
    close: () => server.close(),
    adminRoutes: [],
  };
}
