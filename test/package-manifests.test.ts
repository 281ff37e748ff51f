// Publishing metadata of the public packages, checked without packing (the slow, end-to-end
// check is test/pack.test.ts). The repo-internal `@channelkit/source` condition must never reach
// npm: `publishConfig.exports` (which pnpm substitutes when packing) is `exports` without it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const PUBLIC = ['transport', 'server', 'emulator', 'react', 'ui'];
const SOURCE = '@channelkit/source';
const read = (p: string) => readFileSync(resolve(root, p), 'utf8');

type Conditions = Record<string, string>;
type ExportsMap = Record<string, Conditions | string>;

function withoutSource(exports: ExportsMap): ExportsMap {
  return Object.fromEntries(Object.entries(exports).map(([k, v]) => [k, typeof v === 'string' ? v : Object.fromEntries(Object.entries(v).filter(([c]) => c !== SOURCE))]));
}

describe.each(PUBLIC)('@channelkit/%s package.json', (dir) => {
  const pkg = JSON.parse(read(`packages/${dir}/package.json`));

  it('has the metadata npm shows', () => {
    expect(pkg.name).toBe(`@channelkit/${dir}`);
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.type).toBe('module');
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/channelkit/channelkit.git', directory: `packages/${dir}` });
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/channelkit\/channelkit/);
    expect(pkg.bugs.url).toBe('https://github.com/channelkit/channelkit/issues');
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.publishConfig.access).toBe('public');
    // ESM only: no CommonJS entry, no legacy top-level fields that would point around `exports`.
    expect(pkg.main).toBeUndefined();
    expect(pkg.module).toBeUndefined();
    expect(pkg.types).toBeUndefined();
    expect(read(`packages/${dir}/LICENSE`)).toBe(read('LICENSE'));
  });

  it('exports the source condition first in the repo (TypeScript then never reads a stale dist/), and publishes types first without it', () => {
    for (const [subpath, conditions] of Object.entries(pkg.exports as ExportsMap)) {
      if (typeof conditions === 'string') continue;
      expect(Object.keys(conditions), subpath).toEqual([SOURCE, 'types', 'import', 'default']);
      expect(conditions.default, subpath).toBe(conditions.import);
      expect(conditions.types, subpath).toBe(conditions.import!.replace(/\.js$/, '.d.ts'));
    }
    expect(pkg.publishConfig.exports).toEqual(withoutSource(pkg.exports));
    expect(JSON.stringify(pkg.publishConfig)).not.toContain(SOURCE);
  });

  it('rebuilds dist from scratch when packed', () => {
    expect(pkg.scripts.prepack).toMatch(/rmSync\('dist'.*&& tsc -p tsconfig\.build\.json$/);
  });
});

it('the root LICENSE is the Apache License 2.0', () => {
  const text = read('LICENSE');
  expect(text).toContain('Apache License');
  expect(text).toContain('Version 2.0, January 2004');
  expect(text).toContain('END OF TERMS AND CONDITIONS');
});
