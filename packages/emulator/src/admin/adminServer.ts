import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminRoute } from '../core/AdminRoute.js';
import type { ConnectionRegistry } from '../core/ConnectionRegistry.js';
import type { FaultController } from '../core/FaultController.js';
import { isLoopback } from '../core/isLoopback.js';
import { readBody } from '../core/readBody.js';
import { requestTarget } from '../core/requestTarget.js';

/** Admin bodies are small commands; anything larger is a mistake or an attack. */
export const ADMIN_BODY_BYTES = 64 * 1024;

/**
 * The admin API under `/_emulator` (loopback only): `GET /connections`, `GET /endpoints`,
 * `POST /faults`, `POST /reset`, plus the routes backend plugins add. Errors are
 * `{"error": "<message>"}` with a 4xx status.
 *
 * @example
 * ```ts
 * server.on('request', adminHandler({ registry, faults, reset, endpoints: () => endpoints, routes: [] }));
 * ```
 */
export function adminHandler(deps: { registry: ConnectionRegistry; faults: FaultController; reset: () => void; endpoints: () => unknown; routes: readonly AdminRoute[] }) {
  const table = new Map<string, AdminRoute>();
  const core: AdminRoute[] = [
    { method: 'GET', path: '/_emulator/connections', body: '', handle: () => deps.registry.list() },
    { method: 'GET', path: '/_emulator/endpoints', body: '', handle: () => deps.endpoints() },
    // apply() validates (RangeError naming the field).
    { method: 'POST', path: '/_emulator/faults', body: '{action, backend?, connectionId?, code?, reason?, durationMs?}', handle: (input) => deps.faults.apply(input as never) },
    {
      method: 'POST',
      path: '/_emulator/reset',
      body: '',
      handle: () => {
        deps.reset();
        return { reset: true };
      },
    },
  ];
  for (const route of [...core, ...deps.routes]) table.set(`${route.method} ${route.path}`, route);
  const listing = [...table.values()].map((r) => `${r.method} ${r.path}${r.body ? ` ${r.body}` : ''}`).join('; ');

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
      res.end(JSON.stringify(body));
    };
    if (!isLoopback(req.socket.remoteAddress)) return reply(403, { error: 'the admin API only answers loopback clients' });
    if (req.method === 'OPTIONS') return reply(204, {});
    const target = requestTarget(req.url);
    if (!target) return reply(400, { error: 'the request target is not a valid origin-form or absolute URL' });
    const route = table.get(`${req.method} ${target.path}`);
    if (!route) {
      await readBody(req, 0); // drained, so the connection stays usable
      return reply(404, { error: `no route ${String(req.method)} ${target.path.slice(0, 200)}; routes: ${listing}` });
    }
    let input: unknown;
    if (route.method === 'POST') {
      const body = await readBody(req, ADMIN_BODY_BYTES);
      if (body === undefined) return reply(413, { error: `admin request bodies are limited to ${ADMIN_BODY_BYTES} bytes` });
      const text = body.toString('utf8');
      if (text.trim() !== '' || route.body !== '') {
        try {
          input = JSON.parse(text);
        } catch {
          return reply(400, { error: `body must be JSON ${route.body}` });
        }
      }
    } else {
      await readBody(req, 0);
    }
    try {
      return reply(200, await route.handle(input));
    } catch (error) {
      if (error instanceof RangeError || error instanceof TypeError) return reply(400, { error: error.message });
      throw error;
    }
  };
}
