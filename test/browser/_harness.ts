// Node side of the browser tests: bundles page/main.ts with esbuild from the transport's
// sources, serves it from node:http on 127.0.0.1, starts the emulator in this process and
// opens the page in headless Chromium through playwright-core (Debian's /usr/bin/chromium;
// `npx playwright install` is never needed). Tests then drive `globalThis.ck` (page/main.ts).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type EmulatorEndpoints, type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { PageApi, SessionSnapshot } from './page/main.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM_PATH);
/** Run the browser tests when Chromium is there, and always in CI (where a missing one fails). */
export const RUN_BROWSER_TESTS = found || Boolean(process.env.CI);
if (!found) {
  const bar = '!'.repeat(88);
  console.warn(
    `\n${bar}\n!! Chromium not found at ${CHROMIUM_PATH}: the browser tests are ${process.env.CI ? 'FAILING (CI is set)' : 'SKIPPED'}.\n` +
      `!! Install it with \`apt-get update && apt-get install -y chromium\`, or point CHROMIUM_PATH at a Chromium.\n${bar}\n`,
  );
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

export type Endpoints = Pick<EmulatorEndpoints, 'appsync' | 'apigw' | 'admin'>;
type Reply<K extends keyof PageApi> = Awaited<ReturnType<PageApi[K]>>;

export interface Harness {
  emulator: RunningEmulator;
  endpoints: Endpoints;
  page: Page;
  /** Uncaught exceptions in the page so far. */
  pageErrors: string[];
  call<K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>): Promise<Reply<K>>;
  /** Polls the session's snapshot until `test` holds; the error shows the last snapshot. */
  waitFor(id: string, what: string, test: (s: SessionSnapshot) => boolean, timeoutMs?: number): Promise<SessionSnapshot>;
  /** POST {admin}/faults through the emulator's admin HTTP API. */
  fault(fault: Record<string, unknown>): Promise<{ affected: number }>;
  close(): Promise<void>;
}

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(import.meta.dirname, 'page/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@channelkit/source'],
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function serve(script: string): Promise<Server> {
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><script type="module" src="/page.js"></script></body></html>';
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    else res.writeHead(404).end();
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export async function openHarness(): Promise<Harness> {
  if (!found) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (CI is set, so browser tests must run): apt-get install -y chromium, or set CHROMIUM_PATH`);
  const [script, emulator] = await Promise.all([
    bundlePage(),
    // `/iam/*` accepts only IAM, so the IAM scenario cannot pass on a fallback auth mode.
    startEmulator({ port: 0, appsync: { namespaces: { default: {}, iam: { publishAuthModes: ['AWS_IAM'], subscribeAuthModes: ['AWS_IAM'] } } } }),
  ]);
  const server = await serve(script);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: 20_000 });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 10_000 });
    const { appsync, apigw, admin } = emulator.endpoints;
    const endpoints: Endpoints = { appsync, apigw, admin };
    const call: Harness['call'] = (name, ...args) =>
      page.evaluate(([n, a]) => (globalThis as unknown as { ck: Record<string, (...x: unknown[]) => unknown> }).ck[n]!(...a), [name, args] as const) as never;
    const openBrowser = browser;
    return {
      emulator,
      endpoints,
      page,
      pageErrors,
      call,
      async waitFor(id, what, test, timeoutMs = 8000) {
        const started = Date.now();
        for (;;) {
          const snapshot = await call('snapshot', id);
          if (test(snapshot)) return snapshot;
          if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last snapshot: ${JSON.stringify(snapshot)}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      async fault(fault) {
        const res = await fetch(`${admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
        if (!res.ok) throw new Error(`POST ${admin}/faults → ${res.status} ${await res.text()}`);
        return (await res.json()) as { affected: number };
      },
      async close() {
        await openBrowser.close();
        await new Promise((r) => server.close(r));
        await emulator.close();
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    await emulator.close();
    throw error;
  }
}
