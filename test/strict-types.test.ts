import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The same compiler `pnpm typecheck` runs: the `tsc` bin of the `typescript` devDependency.
const tsc = resolve(import.meta.dirname, '../node_modules/typescript/bin/tsc');
const project = resolve(import.meta.dirname, 'strict-types');

describe('WebSocketConstructor under the strictest app settings (issue 9.2)', () => {
  it('the project really uses strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and the DOM lib', () => {
    const { compilerOptions } = JSON.parse(readFileSync(resolve(project, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(compilerOptions).toMatchObject({ strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true });
    expect(compilerOptions.lib).toContain('DOM');
  });

  it('ws, the DOM WebSocket and a React-Native-shaped one are accepted without casts', () => {
    const run = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('every hook file, copied into an app as packages/react/README.md describes', () => {
  it('compiles on its own with the provider import switched to @channelkit/react/kit (strictest settings)', () => {
    const src = resolve(import.meta.dirname, '../packages/react/src');
    // Inside the package, where an app's node_modules would have the hooks' peers (query-core …).
    const out = resolve(src, '../.out/copied-hooks');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    // The kit's own hooks (useFeed, useObserver …) are what copies import, not copies themselves.
    const kit = new Set([...readFileSync(resolve(src, 'kit.ts'), 'utf8').matchAll(/from '\.\/(use\w+)\.js'/g)].map((m) => `${m[1]}.ts`));
    const hooks = readdirSync(src).filter((f) => /^use[A-Z]\w*\.ts$/.test(f) && !kit.has(f));
    expect(hooks.length).toBeGreaterThanOrEqual(8);
    for (const file of hooks) {
      const text = readFileSync(resolve(src, file), 'utf8');
      expect(text).toContain("from './ChannelKitProvider.js'");
      writeFileSync(resolve(out, file), text.replaceAll("from './ChannelKitProvider.js'", "from '@channelkit/react/kit'"));
    }
    const { compilerOptions } = JSON.parse(readFileSync(resolve(project, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    writeFileSync(resolve(out, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, types: [], jsx: 'react-jsx' }, include: ['*.ts'] }));
    const run = spawnSync(process.execPath, [tsc, '-p', out], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
