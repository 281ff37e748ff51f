// The commands a newcomer types (README): no npm warnings about the project's config, and
// `pnpm start` runs the emulator and Storybook wired to it, passes arguments to the emulator,
// and stops cleanly — exit 0, no "ELIFECYCLE Command failed", nothing left listening — on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('newcomer commands', () => {
  it('npm (and so npx) reads the project .npmrc without "Unknown project config" warnings', () => {
    // A HOME without ~/.npmrc: what a newcomer has.
    const home = mkdtempSync(join(tmpdir(), 'channelkit-home-'));
    const run = spawnSync('npm', ['config', 'get', 'script-shell'], { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: home }, timeout: 20_000 });
    expect(run.stderr).not.toMatch(/Unknown (project )?config/);
    expect(run.stdout.trim()).toBe('bash');
  });

  it('pnpm start --port 0: ready line, Storybook URL serving that emulator, then SIGTERM stops pnpm, Storybook and the emulator with exit 0', async () => {
    // Its own process group, so that whatever a failure leaves behind is killed in `finally`.
    const child = spawn('pnpm', ['start', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
    try {
      await startThenTerminate();
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // ESRCH: nothing left, as it should be.
      }
    }

    async function startThenTerminate() {
      const started = Date.now();
      while (!stdout.includes('"ready":true')) {
        if (Date.now() - started > 15_000 || child.exitCode !== null) throw new Error(`no ready line\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const ready = JSON.parse(stdout.split('\n').find((l) => l.includes('"ready":true'))!);
      expect(ready.admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_emulator$/);
      expect(ready.admin).not.toContain(':4010/'); // --port 0 reached the CLI
      expect((await fetch(`${ready.admin}/connections`)).status).toBe(200);
      // Storybook's dev server starts after the ready line; its page reads the same emulator.
      while (!/Storybook .*: (http:\/\/127\.0\.0\.1:\d+\/)/.test(stdout)) {
        if (Date.now() - started > 90_000 || child.exitCode !== null) throw new Error(`no Storybook URL\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const storybook = /Storybook .*: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
      expect(((await (await fetch(`${storybook}channelkit-emulator.json`)).json()) as { admin: string }).admin).toBe(ready.admin);

      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stdout + stderr).not.toContain('ELIFECYCLE');
      await expect(fetch(`${ready.admin}/connections`)).rejects.toThrow(); // the emulator is gone too
      await expect(fetch(storybook)).rejects.toThrow(); // and Storybook
    }
  }, 120_000);
});
