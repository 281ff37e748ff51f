import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionRegistry } from '../core/ConnectionRegistry.js';
import { type FaultController, parseFault } from '../core/FaultController.js';
import { isLoopback, readBody } from '../core/readBody.js';

/**
 * The admin API under `/_emulator` (loopback only): `GET /connections`, `POST /faults`,
 * `POST /reset`, `GET /endpoints`.
 *
 * @example
 * ```ts
 * server.on('request', adminHandler({ registry, faults, reset, endpoints: () => endpoints }));
 * ```
 */
export function adminHandler(deps: { registry: ConnectionRegistry; faults: FaultController; reset: () => void; endpoints: () => unknown }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
      res.end(JSON.stringify(body));
    };
    if (!isLoopback(req.socket.remoteAddress)) return reply(403, { error: 'the admin API only answers loopback clients' });
    if (req.method === 'OPTIONS') return reply(204, {});
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    if (route === 'GET /_emulator/connections') return reply(200, deps.registry.list());
    if (route === 'GET /_emulator/endpoints') return reply(200, deps.endpoints());
    if (route === 'POST /_emulator/reset') {
      deps.reset();
      return reply(200, { reset: true });
    }
    if (route === 'POST /_emulator/faults') {
      const body = await readBody(req, 64 * 1024);
      let fault: unknown;
      try {
        fault = parseFault(JSON.parse(body?.toString('utf8') ?? ''));
      } catch (error) {
        return reply(400, { error: error instanceof Error ? error.message : 'invalid fault' });
      }
      return reply(200, deps.faults.apply(fault as Parameters<FaultController['apply']>[0]));
    }
    reply(404, { error: `no route ${route}; try GET /_emulator/connections, POST /_emulator/faults, POST /_emulator/reset` });
  };
}
