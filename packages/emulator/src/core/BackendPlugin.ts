import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AdminRoute } from './AdminRoute.js';
import type { Backend, ConnectionInfo, ConnectionRegistry } from './ConnectionRegistry.js';
import type { FaultController } from './FaultController.js';

/**
 * What every backend shares: the registry its live connections join (for the admin API and
 * faults) and the fault controller it consults (auth rejection, throttling, silence...).
 *
 * @example
 * ```ts
 * const context: BackendContext = { registry, faults: new FaultController(registry) };
 * ```
 */
export interface BackendContext {
  registry: ConnectionRegistry;
  faults: FaultController;
}

/**
 * Where a backend's server listens, handed to it once it does.
 *
 * @example
 * ```ts
 * const at: ListenAddress = { http: 'http', ws: 'ws', host: '127.0.0.1:4011', admin: 'http://127.0.0.1:4010/_emulator' };
 * ```
 */
export interface ListenAddress {
  http: 'http' | 'https';
  ws: 'ws' | 'wss';
  /** `host:port` as it goes in a URL (IPv6 hosts bracketed). */
  host: string;
  /** The admin API's base URL (`…/_emulator`), for ready-line fields that name admin routes. */
  admin: string;
}

/**
 * One emulated backend as the emulator runs it: a server on its own port (the base port plus
 * `portOffset`), a section of the ready line, its connections, faults addressed by `name`,
 * reset, and admin routes. `startEmulator` iterates a list of these; adding a backend adds
 * one entry.
 *
 * @example
 * ```ts
 * const plugins: BackendPlugin[] = [appSyncPlugin(options.appsync, context), apiGatewayPlugin(options.apigw, context)];
 * for (const p of plugins) server.on('upgrade', (req, socket, head) => p.handleUpgrade(req, socket, head));
 * ```
 */
export interface BackendPlugin {
  /** The ready-line key, the `backend` of its connections and the target name of faults. */
  readonly name: Backend;
  /** Port = base + offset (with base 0, every port is ephemeral). */
  readonly portOffset: number;
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * An error body in the backend's own documented shape, for answers the core gives on its
   * behalf: a handler that threw (500), a request Node's parser refused (400, 431...).
   */
  errorBody(status: number, message: string): string;
  /** Called once the server listens; returns the backend's section of the ready line. */
  listening(address: ListenAddress): object;
  connections(): ConnectionInfo[];
  /** Drops every connection and forgets per-connection state. */
  reset(): void;
  close(): void;
  readonly adminRoutes: readonly AdminRoute[];
}
