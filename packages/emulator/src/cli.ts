#!/usr/bin/env node
/**
 * `channelkit-emulator [--host 127.0.0.1] [--port <base>] [--tls] [--api-key …] [--config file.json] …`
 * (see `--help` and the package README).
 *
 * Starts every emulated backend, prints exactly one line of JSON (the endpoints) to stdout
 * once all of them listen, and runs until SIGINT/SIGTERM, which close every server and exit 0.
 * Diagnostics go to stderr and never quote a secret.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaHandler } from './apigw/options.js';
import { parseCliArgs, USAGE } from './cli/parseCliArgs.js';
import { startEmulator } from './startEmulator.js';

/** Where `--tls` writes the certificate, relative to the working directory. */
const CERT_FILE = '.channelkit/emulator-cert.pem';

let settings: ReturnType<typeof parseCliArgs>;
try {
  settings = parseCliArgs(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`channelkit-emulator: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (settings.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
try {
  if (settings.apigwHandler) {
    const { module, exportName } = settings.apigwHandler;
    const loaded = (await import(pathToFileURL(resolve(module)).href)) as Record<string, unknown>;
    const handler = loaded[exportName];
    if (typeof handler !== 'function') throw new Error(`--apigw-handler: ${module} has no function export "${exportName}"`);
    settings.options.apigw = { ...settings.options.apigw, handler: handler as LambdaHandler };
  }
  const emulator = await startEmulator({ port: 4010, ...settings.options });
  let stopping = false;
  const stop = () => {
    // pnpm forwards Ctrl-C as a second SIGINT: stay subscribed (a `once` handler would be gone
    // and Node would die with 130) and ignore repeats while closing.
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => process.exit(0));
  };
  // Handlers first: a supervisor may signal as soon as it has read the ready line.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const endpoints = emulator.endpoints;
  if (endpoints.tls) {
    const file = resolve(CERT_FILE);
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, endpoints.tls.certificatePem);
    endpoints.tls.certificateFile = file;
    process.stderr.write(`channelkit-emulator: trust the certificate like this: NODE_EXTRA_CA_CERTS=${file} node your-app.js\n`);
  }
  process.stdout.write(`${JSON.stringify(endpoints)}\n`);
} catch (error) {
  const code = (error as { code?: string }).code;
  process.stderr.write(
    `channelkit-emulator: ${code === 'EADDRINUSE' ? `port in use (${(error as Error).message}); try --port 0 or another base port` : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
