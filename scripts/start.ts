// `pnpm start`: the emulator (every CLI flag passes through: `pnpm start --port 0`) and
// Storybook's dev server wired to it, for a newcomer's first command. Prints the emulator's
// ready line (stdout, exactly as `pnpm emulator` does), then the Storybook URL. SIGINT/SIGTERM
// stop both children and exit 0. `pnpm emulator` still runs the emulator alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..');
const node = ['--conditions=@channelkit/source', '--import', 'tsx'];
const children: ChildProcess[] = [];

let stopping = false;
function stop(code = 0): void {
  // pnpm forwards Ctrl-C as a second SIGINT: ignore repeats while closing.
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (!alive.length) process.exit(code);
  let left = alive.length;
  for (const c of alive) {
    c.once('exit', () => --left === 0 && process.exit(code));
    // Storybook runs in its own process group (detached): end the group, so its workers go too.
    try {
      process.kill(c === children[1] ? -c.pid! : c.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}
// Handlers first: a supervisor may signal as soon as it has read the ready line.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function freePort(preferred: number): Promise<number> {
  return new Promise((ok) => {
    const probe = createServer();
    probe.once('error', () => {
      const any = createServer().listen(0, '127.0.0.1', () => {
        const { port } = any.address() as { port: number };
        any.close(() => ok(port));
      });
    });
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => ok(preferred)));
  });
}

const emulator = spawn(process.execPath, [...node, resolve(root, 'packages/emulator/src/cli.ts'), ...process.argv.slice(2)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
children.push(emulator);
emulator.once('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`start: the emulator exited (${code})\n`);
    stop(code || 1);
  }
});
const lines = createInterface({ input: emulator.stdout! });
const ready = await new Promise<string | undefined>((ok) => {
  lines.on('line', (line) => {
    process.stdout.write(`${line}\n`);
    if (line.includes('"ready":true')) ok(line);
  });
  emulator.once('exit', () => ok(undefined));
});
if (ready && !stopping) {
  const port = await freePort(Number(process.env.STORYBOOK_PORT) || 6006);
  const storybook = spawn(resolve(root, 'node_modules/.bin/storybook'), ['dev', '--port', String(port), '--host', '127.0.0.1', '--ci', '--quiet', '--no-open'], {
    cwd: root,
    detached: true,
    // Storybook's own output goes to stderr: stdout stays the ready line and the URL.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CHANNELKIT_EMULATOR: ready, STORYBOOK_DISABLE_TELEMETRY: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${node.join(' ')}` },
  });
  children.push(storybook);
  storybook.stdout!.pipe(process.stderr);
  storybook.stderr!.pipe(process.stderr);
  storybook.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`start: Storybook exited (${code})\n`);
      stop(code || 1);
    }
  });
  const url = `http://127.0.0.1:${port}/`;
  // Printed once Storybook answers, so that the URL works when it shows.
  for (let i = 0; i < 600 && !stopping; i++) {
    const up = await fetch(`${url}channelkit-emulator.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) {
      process.stdout.write(`Storybook (live stories on this emulator): ${url}?path=/story/live-two-users--app-sync-events\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
