import { createServer as createHttpServer, type IncomingMessage, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { adminHandler } from './admin/adminServer.js';
import { type ApiGatewayEndpoints, apiGatewayPlugin } from './apigw/apiGatewayPlugin.js';
import type { ApiGatewayServer } from './apigw/ApiGatewayServer.js';
import type { ApiGatewayEmulatorOptions } from './apigw/options.js';
import { type AppSyncEndpoints, appSyncPlugin } from './appsync/appSyncPlugin.js';
import type { AppSyncServer } from './appsync/AppSyncServer.js';
import type { AppSyncEmulatorOptions } from './appsync/options.js';
import { type ChimeEndpoints, chimePlugin } from './chime/chimePlugin.js';
import type { ChimeEmulatorOptions, ChimeServer } from './chime/ChimeServer.js';
import type { BackendPlugin } from './core/BackendPlugin.js';
import { ConnectionRegistry, type ConnectionInfo } from './core/ConnectionRegistry.js';
import { type Fault, FaultController } from './core/FaultController.js';
import { refuseUpgrade } from './core/refuseUpgrade.js';
import { type HotsockEndpoints, hotsockPlugin } from './hotsock/hotsockPlugin.js';
import type { HotsockServer } from './hotsock/HotsockServer.js';
import type { HotsockEmulatorOptions } from './hotsock/options.js';

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
  /** Base port: admin on it, AppSync Events on +1, API Gateway on +2 Hotsock +3 (Chime +4 as it lands). 0 = ephemeral ports. Default 4010. */
  port?: number;
  /** Serve https/wss with a self-signed certificate generated at start-up. */
  tls?: boolean;
  appsync?: AppSyncEmulatorOptions;
  apigw?: ApiGatewayEmulatorOptions;
  hotsock?: HotsockEmulatorOptions;
  chime?: ChimeEmulatorOptions;
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
  appsync: AppSyncEndpoints;
  apigw: ApiGatewayEndpoints;
  hotsock: HotsockEndpoints;
  chime: ChimeEndpoints;
  admin: string;
  /** With `--tls`: the certificate to trust (the CLI also writes it to `certificateFile`). */
  tls?: { certificatePem: string; certificateFile?: string };
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
  /** Direct access to the emulated Hotsock installation (its state hub, options). */
  hotsock: HotsockServer;
  /** Direct access to the emulated Chime SDK messaging service (its data model, `emit`, `early`). */
  chime: ChimeServer;
  /** Every backend plugin, in port order. */
  plugins: readonly BackendPlugin[];
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
  const context = { registry, faults };
  const appsync = appSyncPlugin(options.appsync, context);
  const apigw = apiGatewayPlugin(options.apigw, context);
  const hotsock = hotsockPlugin(options.hotsock, context);
  const chime = chimePlugin(options.chime, context);
  const plugins: BackendPlugin[] = [appsync, apigw, hotsock, chime];
  // Loaded only when asked for: the certificate generator is heavy and installs globals.
  const tls = options.tls ? await (await import('./core/tls.js')).selfSignedCertificate() : undefined;
  const make = (onRequest: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    (tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) : createHttpServer(onRequest)) as Server;

  const reset = () => {
    for (const p of plugins) p.reset();
    faults.apply({ action: 'reset' });
  };
  let endpoints: EmulatorEndpoints | undefined;
  const onAdmin = adminHandler({ registry, faults, reset, endpoints: () => endpoints, routes: plugins.flatMap((p) => p.adminRoutes) });
  const adminErrorBody = (_status: number, message: string) => JSON.stringify({ error: message });
  const admin = make((req, res) => {
    onAdmin(req, res).catch(() => internalError(res, adminErrorBody));
  });
  admin.on('upgrade', guardUpgrade(undefined));
  admin.on('clientError', answerClientError(adminErrorBody, ''));
  const servers = plugins.map((plugin) => {
    const errorBody = plugin.errorBody.bind(plugin);
    const server = make((req, res) => {
      // No exception text in the answer: it may quote input or configuration.
      plugin.handleHttp(req, res).catch(() => internalError(res, errorBody));
    });
    server.on(
      'upgrade',
      guardUpgrade((req, socket, head) => plugin.handleUpgrade(req, socket, head)),
    );
    // Both AWS backends name the error in x-amzn-ErrorType.
    server.on('clientError', answerClientError(errorBody, 'x-amzn-errortype: BadRequestException\r\n'));
    return server;
  });

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  const all = [admin, ...servers];
  try {
    const adminPort = await listen(admin, base);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const http = tls ? 'https' : 'http';
    const ws = tls ? 'wss' : 'ws';
    const sections: Record<string, object> = {};
    const adminUrl = `${http}://${urlHost}:${adminPort}/_emulator`;
    for (const [i, plugin] of plugins.entries()) {
      const port = await listen(servers[i] as Server, base === 0 ? 0 : base + plugin.portOffset);
      sections[plugin.name] = plugin.listening({ http, ws, host: `${urlHost}:${port}`, admin: adminUrl });
    }
    endpoints = {
      ready: true,
      ...sections,
      admin: adminUrl,
      ...(tls ? { tls: { certificatePem: tls.cert } } : {}),
    } as EmulatorEndpoints;
  } catch (error) {
    for (const s of all) s.close();
    throw error;
  }
  const ready = endpoints;
  return {
    endpoints: ready,
    faults,
    connections: () => registry.list(),
    reset,
    appsync: appsync.server,
    apigw: apigw.server,
    hotsock: hotsock.server,
    chime: chime.server,
    plugins,
    close: async () => {
      for (const p of plugins) p.close();
      await Promise.all(
        all.map(
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

/**
 * Wraps an upgrade handler so that the socket has an 'error' listener from its first moment
 * (Node removes its own once a request upgrades; an unheard socket error kills the process)
 * and a handler that throws costs one refused upgrade, not the process.
 */
function guardUpgrade(handle: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | undefined) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      if (!handle) return refuseUpgrade(socket, 404); // the admin API has no WebSocket
      handle(req, socket, head);
    } catch {
      refuseUpgrade(socket, 500);
    }
  };
}

type ErrorBody = (status: number, message: string) => string;

function internalError(res: ServerResponse, errorBody: ErrorBody): void {
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
  res.end(errorBody(500, 'the emulator failed to process this request'));
}

/**
 * Answers what Node's HTTP parser refuses (a header over 16 KB, a malformed request line) in
 * the backend's JSON error shape instead of Node's bare status line.
 */
function answerClientError(errorBody: ErrorBody, extraHeaders: string) {
  return (error: Error & { code?: string }, socket: Duplex) => {
    // Only as the first answer on the connection: after a response (say, an early 404 to a
    // request whose body was never read) Node parses the leftover body as a request, and a
    // second answer would be data after `Connection: close`.
    if (!socket.writable || error.code === 'ECONNRESET' || (socket as Duplex & { bytesWritten?: number }).bytesWritten) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'request headers exceed the 16 KB limit' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP/1.1';
    const body = errorBody(status, reason);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\n${extraHeaders}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
}
