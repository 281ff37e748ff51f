import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionRegistry } from '../core/ConnectionRegistry.js';
import type { FaultController } from '../core/FaultController.js';
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
export function adminHandler(deps: {
  registry: ConnectionRegistry;
  faults: FaultController;
  reset: () => void;
  endpoints: () => unknown;
  /** Load generation: deliver `count` copies of `event` to the channel's AppSync subscribers. */
  appsyncBroadcast: (channel: string, events: string[]) => number;
}) {
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
    if (route === 'POST /_emulator/appsync/broadcast') {
      const body = await readBody(req, 1024 * 1024);
      let input: { channel?: unknown; event?: unknown; count?: unknown };
      try {
        input = JSON.parse(body?.toString('utf8') ?? '');
      } catch {
        return reply(400, { error: 'body must be JSON {channel, event, count}' });
      }
      const count = input.count === undefined ? 1 : Number(input.count);
      if (typeof input.channel !== 'string' || typeof input.event !== 'string' || !Number.isInteger(count) || count < 1 || count > 10_000_000) {
        return reply(400, { error: 'broadcast needs channel (string), event (a JSON string) and count (1..10000000)' });
      }
      // In slices, so a large broadcast does not hold the event loop (or memory) all at once.
      let sent = 0;
      for (let left = count; left > 0; left -= 10_000) {
        sent += deps.appsyncBroadcast(input.channel, new Array(Math.min(left, 10_000)).fill(input.event));
        await new Promise((r) => setImmediate(r));
      }
      return reply(200, { sent });
    }
    if (route === 'POST /_emulator/faults') {
      const body = await readBody(req, 64 * 1024);
      try {
        // apply() validates (RangeError naming the field); bad JSON is a SyntaxError.
        return reply(200, deps.faults.apply(JSON.parse(body?.toString('utf8') ?? '')));
      } catch (error) {
        return reply(400, { error: error instanceof Error ? error.message : 'invalid fault' });
      }
    }
    reply(404, { error: `no route ${route}; try GET /_emulator/connections, POST /_emulator/faults, POST /_emulator/reset` });
  };
}
