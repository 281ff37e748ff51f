// Packaging, end to end (docs/testing.md, layer 7): each public package is packed with pnpm
// (prepack rebuilds dist), its tarball's manifest is inspected, and the tarballs are installed
// with npm into a fresh project OUTSIDE the workspace, next to the same TypeScript as the repo.
// test/pack/smoke.ts is compiled there with a strict tsconfig (module nodenext) and then run
// with node against the packed emulator; react-smoke.ts and ui-smoke.ts are compiled only. Runs in its own vitest group (vitest.config.ts)
// because packing deletes and rebuilds packages/*/dist, which other tests read.
import { execFileSync, type ExecFileSyncOptions, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const PACKAGES = ['transport', 'server', 'emulator', 'react', 'ui'] as const;
const SOURCE_CONDITION = '@channelkit/source';
const TIMEOUT_MS = 90_000;

const work = mkdtempSync(join(tmpdir(), 'channelkit-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const timings: Record<string, number> = {};

function run(what: string, file: string, args: string[], options: ExecFileSyncOptions & { timeoutMs?: number } = {}): string {
  const started = Date.now();
  try {
    return String(execFileSync(file, args, { encoding: 'utf8', stdio: 'pipe', timeout: options.timeoutMs ?? 60_000, ...options }));
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} failed: ${e.message}\n--- stdout\n${e.stdout ?? ''}\n--- stderr\n${e.stderr ?? ''}`);
  } finally {
    timings[what] = Date.now() - started;
  }
}

/** The version the repo uses (root devDependencies, else the react and ui packages' dependencies as installed for them). */
const versionOf = (name: string) => {
  for (const dir of [root, resolve(root, 'packages/react'), resolve(root, 'packages/ui')]) {
    try {
      return JSON.parse(readFileSync(resolve(dir, 'node_modules', name, 'package.json'), 'utf8')).version as string;
    } catch {}
  }
  throw new Error(`${name} is not installed in the workspace`);
};
const tarballOf = (name: string) => join(tarballs, readdirSync(tarballs).find((f) => f.startsWith(`channelkit-${name}-`))!);

describe('packed packages install and work outside the workspace', { timeout: TIMEOUT_MS }, () => {
  beforeAll(() => {
    mkdirSync(tarballs);
    mkdirSync(app);
    for (const name of PACKAGES) {
      run(`pnpm pack ${name}`, 'pnpm', ['pack', '--pack-destination', tarballs], { cwd: resolve(root, 'packages', name) });
    }
  }, TIMEOUT_MS);

  afterAll(() => {
    console.log(`pack test timings (ms): ${JSON.stringify(timings)}`);
    rmSync(work, { recursive: true, force: true });
  });

  it.each(PACKAGES)('the @channelkit/%s tarball holds dist, LICENSE and a manifest without the source condition', (name) => {
    const dir = join(work, `unpacked-${name}`);
    mkdirSync(dir);
    run(`untar ${name}`, 'tar', ['-xzf', tarballOf(name), '-C', dir]);
    const files = readdirSync(join(dir, 'package'), { recursive: true, encoding: 'utf8' });
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((f) => f.includes('__tests__'))).toEqual([]);
    const manifestText = readFileSync(join(dir, 'package/package.json'), 'utf8');
    expect(manifestText).not.toContain(SOURCE_CONDITION);
    expect(manifestText).not.toContain('workspace:');
    const manifest = JSON.parse(manifestText);
    expect(manifest.publishConfig?.exports).toBeUndefined(); // pnpm moved it into `exports`
    expect(manifest.scripts?.prepack).toBeUndefined();
    for (const [subpath, conditions] of Object.entries(manifest.exports as Record<string, Record<string, string> | string>)) {
      if (typeof conditions === 'string') continue;
      expect(Object.keys(conditions), subpath).toEqual(['types', 'import', 'default']);
      for (const target of Object.values(conditions)) expect(files, `${subpath} → ${target}`).toContain(target.slice(2));
    }
    if (name === 'transport') expect(files).toContain('README.md');
    if (name === 'emulator' || name === 'react' || name === 'server') expect(manifest.dependencies['@channelkit/transport']).toBe(manifest.version);
    if (name === 'server') expect(files).toContain('README.md');
    // The emulator's built-in API Gateway router is @channelkit/server's, as Lambda runs it.
    if (name === 'emulator') expect(manifest.dependencies['@channelkit/server']).toBe(manifest.version);
    if (name === 'react') expect(files).toContain('README.md');
    if (name === 'ui') {
      expect(files).toContain('README.md');
      expect(files).toContain('src/styles.css');
      expect(manifest.exports['./styles.css']).toBe('./src/styles.css');
      expect(manifest.dependencies['@channelkit/react']).toBe(manifest.version);
      expect(manifest.peerDependencies['@channelkit/transport']).toBe(manifest.version);
    }
  });

  it('npm installs the tarballs; strict TypeScript (nodenext and bundler) compiles the smoke; node runs it', () => {
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'channelkit-pack-smoke', private: true, type: 'module' }, null, 2)}\n`);
    run(
      'npm install',
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
        '--loglevel=error',
        tarballOf('transport'),
        tarballOf('server'),
        tarballOf('emulator'),
        tarballOf('react'),
        tarballOf('ui'),
        // @channelkit/react's and @channelkit/ui's peers, at the versions the repo tests with.
        `react@${versionOf('react')}`,
        `@types/react@${versionOf('@types/react')}`,
        `zustand@${versionOf('zustand')}`,
        `@tanstack/query-core@${versionOf('@tanstack/query-core')}`,
        `@tanstack/react-query@${versionOf('@tanstack/react-query')}`,
        `typescript@${versionOf('typescript')}`,
        `ws@${versionOf('ws')}`,
        `@types/ws@${versionOf('@types/ws')}`,
        `@types/node@${versionOf('@types/node')}`,
      ],
      { cwd: app, timeoutMs: 75_000 },
    );

    const strict = {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      verbatimModuleSyntax: true,
      skipLibCheck: false, // our .d.ts files are checked as a user's compiler sees them
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict, module: 'nodenext', outDir: 'out' }, files: ['smoke.ts', 'react-smoke.ts', 'ui-smoke.ts'] }, null, 2));
    writeFileSync(
      join(app, 'tsconfig.bundler.json'),
      JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, files: ['smoke.ts', 'react-smoke.ts', 'ui-smoke.ts'] }, null, 2),
    );
    copyFileSync(resolve(root, 'test/pack/smoke.ts'), join(app, 'smoke.ts'));
    // @channelkit/react: the hooks compile against the packed .d.ts (the smoke does not render).
    copyFileSync(resolve(root, 'test/pack/react-smoke.ts'), join(app, 'react-smoke.ts'));
    // @channelkit/ui: the components and their props against the packed .d.ts (not rendered).
    copyFileSync(resolve(root, 'test/pack/ui-smoke.ts'), join(app, 'ui-smoke.ts'));
    const tsc = join(app, 'node_modules/typescript/bin/tsc');
    run('tsc nodenext', process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app });
    run('tsc bundler', process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], { cwd: app });

    const out = run('node smoke', process.execPath, ['out/smoke.js'], { cwd: app, timeoutMs: 30_000 });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
      ok: true,
      appsync: ['over the socket', 'over HTTP'],
      apigw: [{ text: 'apigw' }],
      sigv4: true,
      hotsockToken: true,
    });
  });

  it('every subpath resolves from the installed package; require() works on Node ≥ 20.19 (require(esm)), as the README says', () => {
    const script = `
      const subpaths = ['', '/sigv4', '/appsync-events', '/apigw', '/server', '/hotsock', '/hotsock-server', '/chime', '/amplify', '/internal'];
      const resolved = subpaths.map((s) => import.meta.resolve('@channelkit/transport' + s));
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      const cjs = require('@channelkit/transport');
      const esm = await import('@channelkit/transport');
      console.log(JSON.stringify({ resolved, same: cjs.createClient === esm.createClient, emulator: typeof require('@channelkit/emulator').startEmulator }));
    `;
    const out = JSON.parse(run('resolve + require', process.execPath, ['--input-type=module', '-e', script], { cwd: app }));
    expect(out.resolved).toHaveLength(10);
    for (const url of out.resolved) expect(url).toMatch(/\/node_modules\/@channelkit\/transport\/dist\/.+\.js$/);
    expect(out).toMatchObject({ same: true, emulator: 'function' });
    // And plainly, as a CommonJS user types it:
    const plain = run('node -e require', process.execPath, ['-e', "console.log(typeof require('@channelkit/transport/appsync-events').appSyncEvents)"], { cwd: app });
    expect(plain.trim()).toBe('function');
    // The one stylesheet resolves through the exports map, for bundlers that import it.
    const css = run('resolve styles.css', process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@channelkit/ui/styles.css'))"], { cwd: app }).trim();
    expect(css).toMatch(/\/node_modules\/@channelkit\/ui\/src\/styles\.css$/);
    expect(readFileSync(new URL(css), 'utf8')).toContain('.ck-root');
  });

  it('the installed channelkit-emulator bin prints its ready line and exits 0 on SIGTERM', async () => {
    const child = spawn(join(app, 'node_modules/.bin/channelkit-emulator'), ['--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    try {
      const started = Date.now();
      while (!stdout.includes('\n')) {
        if (Date.now() - started > 15_000 || child.exitCode !== null) throw new Error(`no ready line from the bin\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(JSON.parse(stdout.split('\n')[0]!)).toMatchObject({ ready: true, appsync: { httpEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/event$/) } });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
