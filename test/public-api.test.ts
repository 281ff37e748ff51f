import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const ENTRIES = [
  'packages/transport/src/index.ts',
  'packages/transport/src/sigv4/index.ts',
  'packages/transport/src/protocols/appsync-events/index.ts',
  'packages/transport/src/amplify/index.ts',
  'packages/transport/src/protocols/apigw/index.ts',
  'packages/transport/src/protocols/hotsock/index.ts',
  'packages/transport/src/protocols/chime/index.ts',
  'packages/transport/src/server/index.ts',
  'packages/transport/src/hotsock-server/index.ts',
  'packages/transport/src/internal.ts',
  'packages/server/src/index.ts',
  'packages/emulator/src/index.ts',
  'packages/react/src/index.ts',
  'packages/react/src/kit.ts',
  'packages/ui/src/index.ts',
];

/** Names re-exported by an entry, with the file that declares them. */
function publicNames(entry: string): Array<{ name: string; file: string }> {
  const text = readFileSync(resolve(root, entry), 'utf8');
  const out: Array<{ name: string; file: string }> = [];
  for (const m of text.matchAll(/export\s*(?:type\s*)?\{([^}]+)\}\s*from\s*'([^']+)'/g)) {
    const base = resolve(dirname(resolve(root, entry)), m[2]!.replace(/\.js$/, ''));
    const file = existsSync(`${base}.tsx`) ? `${base}.tsx` : `${base}.ts`; // React components are .tsx
    for (const raw of m[1]!.split(',')) {
      const name = raw.replace(/^\s*type\s+/, '').trim();
      if (name) out.push({ name, file });
    }
  }
  return out;
}

describe('public API', () => {
  it('every public export has JSDoc with an @example', () => {
    const missing: string[] = [];
    const names = ENTRIES.flatMap(publicNames);
    expect(names.length).toBeGreaterThan(40);
    for (const { name, file } of names) {
      const text = readFileSync(file, 'utf8');
      const decl = new RegExp(
        `(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/)(?:\\s*//[^\\n]*)*\\s*export\\s+(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:function|class|const|interface|type|let)\\s+${name}\\b`,
      );
      const doc = decl.exec(text)?.[1];
      if (!doc?.includes('@example')) missing.push(`${name} (${file.slice(root.length + 1)})`);
    }
    expect(missing).toEqual([]);
  });

  it('no @example calls an API that no longer exists (they ship in the .d.ts, where users read them)', () => {
    const removed = /\b(?:createConnection|createAppSyncEventsClient|appSyncEventsClient|AppSyncEventsClient)\s*\(/;
    const stale: string[] = [];
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? (d.name === '__tests__' || d.name === 'node_modules' || d.name === 'dist' ? [] : walk(resolve(dir, d.name))) : /\.tsx?$/.test(d.name) ? [resolve(dir, d.name)] : [],
      );
    for (const file of ['transport', 'server', 'react', 'ui', 'emulator'].flatMap((p) => walk(resolve(root, 'packages', p, 'src')))) {
      for (const block of readFileSync(file, 'utf8').match(/@example[\s\S]*?\*\//g) ?? []) if (removed.test(block)) stale.push(`${file.slice(root.length + 1)}: ${removed.exec(block)![0]}`);
    }
    expect(stale).toEqual([]);
  });

  it('builds to ESM + .d.ts that Node imports through the exports map, with no React and no Node-only imports', () => {
    execFileSync('pnpm', ['-s', '--filter', '@channelkit/transport', 'build'], { cwd: root, stdio: 'pipe' });
    const script = `
      const core = await import('@channelkit/transport');
      const sigv4 = await import('@channelkit/transport/sigv4');
      const appsync = await import('@channelkit/transport/appsync-events');
      console.log(JSON.stringify({ core: typeof core.createClient, sigv4: typeof sigv4.presignUrl, appsync: typeof appsync.appSyncEvents, resolved: import.meta.resolve('@channelkit/transport') }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
    expect(out).toMatchObject({ core: 'function', sigv4: 'function', appsync: 'function' });
    expect(out.resolved).toMatch(/packages\/transport\/dist\/index\.js$/);
    const pkg = JSON.parse(readFileSync(resolve(root, 'packages/transport/package.json'), 'utf8'));
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.dependencies ?? {}).toEqual({});
    // In the repo the source condition comes first, so TypeScript (customConditions) reads the
    // sources even when a stale dist/ exists; what is published starts with `types`.
    for (const conditions of Object.values(pkg.exports as Record<string, Record<string, string> | string>)) {
      if (typeof conditions === 'object') expect(Object.keys(conditions)[0]).toBe('@channelkit/source');
    }
    for (const conditions of Object.values(pkg.publishConfig.exports as Record<string, Record<string, string> | string>)) {
      if (typeof conditions === 'object') expect(Object.keys(conditions)[0]).toBe('types');
    }
    const offenders = readdirSync(resolve(root, 'packages/transport/src'), { recursive: true, encoding: 'utf8' })
      // The amplify entry is the one place allowed to import aws-amplify (an optional peer).
      .filter((f) => f.endsWith('.ts') && !f.includes('__tests__'))
      .filter((f) => /^(?:import|export)[^\n]*from '(react|react-dom|node:[a-z_/]+|ws|fs|crypto)'/m.test(readFileSync(resolve(root, 'packages/transport/src', f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
