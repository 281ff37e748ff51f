import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { EmulatorEndpoints } from '@channelkit/emulator';

/**
 * Runs the emulator in its own process (its own core on a 2-core machine), so that a receive
 * benchmark measures the client, not the server sharing its event loop.
 */
export async function emulatorProcess(): Promise<{ endpoints: EmulatorEndpoints; stop(): Promise<void> }> {
  const cli = resolve(import.meta.dirname, '../../packages/emulator/src/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@channelkit/source', cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoints = await new Promise<EmulatorEndpoints>((resolveReady, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolveReady(JSON.parse(out.split('\n')[0]!));
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    endpoints,
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}
