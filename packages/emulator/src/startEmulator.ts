import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { adminHandler } from './admin/adminServer.js';
import { ApiGatewayServer } from './apigw/ApiGatewayServer.js';
import { type ApiGatewayEmulatorOptions, resolveApiGatewayOptions } from './apigw/options.js';
import { AppSyncServer } from './appsync/AppSyncServer.js';
import { type AppSyncEmulatorOptions, resolveAppSyncOptions } from './appsync/options.js';
import { ConnectionRegistry, type ConnectionInfo } from './core/ConnectionRegistry.js';
import { type Fault, FaultController } from './core/FaultController.js';
import { selfSignedCertificate } from './core/tls.js';

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 0, appsync: { keepAliveIntervalMs: 1000 } });
 * ```
 */
export interface EmulatorOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Base port: admin on it, AppSync Events on +1, API Gateway on +2 (Hotsock +3, Chime +4 as they land). 0 = ephemeral ports. Default 4010. */
  port?: number;
  /** Serve https/wss with a self-signed certificate generated at start-up. */
  tls?: boolean;
  appsync?: AppSyncEmulatorOptions;
  apigw?: ApiGatewayEmulatorOptions;
}

/**
 * The endpoints object of the ready line (stable names; more fields may be added).
 *
 * @example
 * ```ts
 * const { appsync } = emulator.endpoints;
 * createClient({ backend: appSyncEvents({ httpEndpoint: appsync.httpEndpoint, auth: apiKeyAuth(appsync.apiKey) }) });
 * ```
 */
export interface EmulatorEndpoints {
  ready: true;
  appsync: {
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
  };
  apigw: {
    /** `ws://127.0.0.1:<port>/<stage>`: what clients connect to. */
    webSocketUrl: string;
    /** `http://127.0.0.1:<port>/<stage>`: the `@connections` endpoint (service `execute-api`). */
    managementEndpoint: string;
    region: string;
    stage: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  admin: string;
  /** With `--tls`: the certificate to trust. */
  tls?: { certificatePem: string };
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 0 });
 * await emulator.faults.apply({ action: 'drop', backend: 'appsync' });
 * await emulator.close();
 * ```
 */
export interface RunningEmulator {
  endpoints: EmulatorEndpoints;
  faults: { apply(fault: Fault): { affected: number } };
  connections(): ConnectionInfo[];
  /** Drops every connection and clears every fault. */
  reset(): void;
  /** Direct access to the emulated AppSync Events API (e.g. `broadcast` for load tests). */
  appsync: AppSyncServer;
  /** Direct access to the emulated API Gateway WebSocket API (e.g. its management `api`). */
  apigw: ApiGatewayServer;
  close(): Promise<void>;
}

/**
 * Starts the emulator: one process, one port per backend, bound to loopback. Resolves once
 * every server listens.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@channelkit/emulator';
 * const emulator = await startEmulator({ port: 0 });
 * console.log(emulator.endpoints.appsync.httpEndpoint);
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const base = options.port ?? 4010;
  if (!Number.isInteger(base) || base < 0 || base > 65_530) throw new RangeError(`port must be 0 (ephemeral) or a base port up to 65530, got ${options.port}`);
  const registry = new ConnectionRegistry();
  const faults = new FaultController(registry);
  const appsyncOptions = resolveAppSyncOptions(options.appsync);
  const appsync = new AppSyncServer(appsyncOptions, registry, faults);
  const apigwOptions = resolveApiGatewayOptions(options.apigw);
  const apigw = new ApiGatewayServer(apigwOptions, registry, faults);
  const tls = options.tls ? await selfSignedCertificate() : undefined;
  const make = (onRequest: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    (tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) : createHttpServer(onRequest)) as Server;

  const reset = () => {
    appsync.reset();
    apigw.reset();
    faults.apply({ action: 'reset' });
  };
  let endpoints: EmulatorEndpoints | undefined;
  const admin = make(adminHandler({ registry, faults, reset, endpoints: () => endpoints, appsyncBroadcast: (channel, events) => appsync.broadcast(channel, events) }));
  const appsyncServer = make((req, res) => {
    appsync.handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ errorType: 'InternalFailure', message: error instanceof Error ? error.message : 'internal error' }] }));
    });
  });
  appsyncServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => appsync.handleUpgrade(req, socket, head));
  const apigwServer = make((req, res) => {
    apigw.handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Internal server error"}');
    });
  });
  apigwServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => apigw.handleUpgrade(req, socket, head));

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  const servers = [admin, appsyncServer, apigwServer];
  try {
    const adminPort = await listen(admin, base);
    const appsyncPort = await listen(appsyncServer, base === 0 ? 0 : base + 1);
    const apigwPort = await listen(apigwServer, base === 0 ? 0 : base + 2);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const http = tls ? 'https' : 'http';
    const ws = tls ? 'wss' : 'ws';
    appsync.address = {
      httpUrl: `${http}://${urlHost}:${appsyncPort}/event`,
      realtimeUrl: `${ws}://${urlHost}:${appsyncPort}/event/realtime`,
      host: `${urlHost}:${appsyncPort}`,
    };
    apigw.address = {
      webSocketUrl: `${ws}://${urlHost}:${apigwPort}/${apigwOptions.stage}`,
      managementEndpoint: `${http}://${urlHost}:${apigwPort}/${apigwOptions.stage}`,
      domainName: `${urlHost}:${apigwPort}`,
    };
    endpoints = {
      ready: true,
      appsync: {
        httpEndpoint: appsync.address.httpUrl,
        realtimeEndpoint: appsync.address.realtimeUrl,
        region: appsyncOptions.region,
        apiKey: appsyncOptions.apiKey,
        credentials: appsyncOptions.credentials,
        jwt: { alg: 'HS256', secret: appsyncOptions.jwtSecret },
        lambdaTokens: appsyncOptions.lambdaTokens,
        namespaces: Object.keys(appsyncOptions.namespaces),
      },
      apigw: {
        webSocketUrl: apigw.address.webSocketUrl,
        managementEndpoint: apigw.address.managementEndpoint,
        region: apigwOptions.region,
        stage: apigwOptions.stage,
        credentials: apigwOptions.credentials,
      },
      admin: `${http}://${urlHost}:${adminPort}/_emulator`,
      ...(tls ? { tls: { certificatePem: tls.cert } } : {}),
    };
  } catch (error) {
    for (const s of servers) s.close();
    throw error;
  }
  const ready = endpoints;
  return {
    endpoints: ready,
    faults,
    connections: () => registry.list(),
    reset,
    appsync,
    apigw,
    close: async () => {
      appsync.close();
      apigw.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
    },
  };
}
