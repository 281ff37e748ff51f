#!/usr/bin/env node
/**
 * `channelkit-emulator [--host 127.0.0.1] [--port <base>] [--tls]`
 *
 * Starts every emulated backend, prints exactly one line of JSON (the endpoints) to stdout
 * once all of them listen, and runs until SIGINT/SIGTERM. Diagnostics go to stderr.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './startEmulator.js';

const usage = 'usage: channelkit-emulator [--host 127.0.0.1] [--port 4010] [--tls]';
let values: { host?: string; port?: string; tls?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { host: { type: 'string' }, port: { type: 'string' }, tls: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const port = values.port === undefined ? 4010 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_530) {
  process.stderr.write(`--port must be a whole number from 0 to 65530\n${usage}\n`);
  process.exit(2);
}
try {
  const emulator = await startEmulator({ ...(values.host ? { host: values.host } : {}), port, tls: !!values.tls });
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  // Handlers first: a supervisor may signal as soon as it has read the ready line.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`${JSON.stringify(emulator.endpoints)}\n`);
} catch (error) {
  const code = (error as { code?: string }).code;
  process.stderr.write(`channelkit-emulator: ${code === 'EADDRINUSE' ? `port in use (${(error as Error).message}); try --port 0 or another base port` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
