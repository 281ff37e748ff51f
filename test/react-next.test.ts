import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A Next.js app-router project (test/react-next) that imports the BUILT @channelkit/react (its
// dist, through the exports map) from a client component, plus one hook file copied from the
// package as its README says. `next build` (Turbopack, TypeScript check, static prerender of the
// page, i.e. server rendering of the hooks) must pass. Runs in its own group, after pack.test.ts,
// because it builds packages/*/dist.

const root = resolve(import.meta.dirname, '..');
const app = join(root, 'test/react-next');

describe('Next.js app router', () => {
  it('next build passes with the built hooks and a copied hook file', () => {
    execFileSync('pnpm', ['-s', '--filter', '@channelkit/transport', '--filter', '@channelkit/react', 'build'], { cwd: root, stdio: 'pipe' });
    expect(readFileSync(join(root, 'packages/react/dist/index.js'), 'utf8')).toMatch(/^'use client';/);

    // README "Copying one hook into a Next.js app": copy, then point the provider import at the kit entry.
    const source = readFileSync(join(root, 'packages/react/src/useTyping.ts'), 'utf8');
    expect(source).toMatch(/^'use client';/);
    expect(source).toContain("from './ChannelKitProvider.js'");
    mkdirSync(join(app, 'app/hooks'), { recursive: true });
    writeFileSync(join(app, 'app/hooks/useTyping.ts'), source.replace("from './ChannelKitProvider.js'", "from '@channelkit/react/kit'"));

    rmSync(join(app, '.next'), { recursive: true, force: true });
    const out = execFileSync(process.execPath, [join(app, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: app,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      timeout: 120_000,
    });
    expect(out).toContain('Compiled successfully');
    // The page was prerendered on the server: every hook returned its server snapshot.
    const html = readFileSync(join(app, '.next/server/app/index.html'), 'utf8');
    expect(html).toContain('connection <!-- -->idle<!-- -->, channel <!-- -->idle');
  }, 150_000);
});
