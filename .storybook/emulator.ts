// The emulator behind the live stories, for every way Storybook runs:
// - `storybook dev`: the Vite plugin below starts one (or uses the one `pnpm start` started,
//   handed over as CHANNELKIT_EMULATOR=<ready line>) and serves its ready line;
// - a static build: `serveStorybook()` serves the folder and the same endpoint.
// The page reads `./channelkit-emulator.json` (same origin), so stories never hard-code ports.
// Next to it, fixtures.ts serves what the Hotsock and Chime stories need (dev only: tokens and
// Chime users and channels).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { type EmulatorEndpoints, type RunningEmulator, startEmulator } from '@channelkit/emulator';
import type { Plugin } from 'vite';
import { fixtureRoutes } from './fixtures.js';

export const READY_PATH = '/channelkit-emulator.json';

/** The ready line as the page reads it (endpoints only). */
function handler(ready: () => EmulatorEndpoints | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.url?.split('?')[0] !== READY_PATH) return next();
    const body = ready();
    res.writeHead(body ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body ?? { ready: false }));
  };
}

/** A Vite plugin (dev server only) that provides the emulator to the live stories. */
export function emulatorPlugin(): Plugin {
  let running: RunningEmulator | undefined;
  let endpoints: EmulatorEndpoints | undefined = process.env.CHANNELKIT_EMULATOR ? (JSON.parse(process.env.CHANNELKIT_EMULATOR) as EmulatorEndpoints) : undefined;
  return {
    name: 'channelkit-emulator',
    apply: 'serve',
    async configureServer(server) {
      if (!endpoints) {
        running = await startEmulator({ port: 0 });
        endpoints = running.endpoints;
        server.config.logger.info(`channelkit emulator: ${JSON.stringify(endpoints)}`);
      }
      server.middlewares.use(handler(() => endpoints));
      server.middlewares.use(fixtureRoutes(() => endpoints));
      server.httpServer?.once('close', () => void running?.close());
    },
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** Serves a static Storybook build on 127.0.0.1 with an emulator behind its live stories. */
export async function serveStorybook(dir: string, port = 0): Promise<{ url: string; emulator: RunningEmulator; server: Server; close(): Promise<void> }> {
  const root = resolve(dir);
  const emulator = await startEmulator({ port: 0 });
  const ready = handler(() => emulator.endpoints);
  const fixtures = fixtureRoutes(() => emulator.endpoints);
  const server = createServer((req, res) => {
    ready(req, res, () =>
      fixtures(req, res, async () => {
        const rel = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
        const path = join(root, rel.endsWith('/') ? `${rel}index.html` : rel);
        // Read before writeHead: a missing file is a 404, not a half-sent 200.
        const body = path.startsWith(root) ? await readFile(path).catch(() => null) : null;
        if (!body) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' }).end(body);
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emulator,
    server,
    async close() {
      await new Promise((ok) => server.close(ok));
      await emulator.close();
    },
  };
}
