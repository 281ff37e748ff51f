import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every ```ts block in the README, docs/ and the package READMEs compiles under the repo's strict
// settings against the real sources. Blocks that are deliberately not programs use another tag
// (```text, ```json, ```sh). Placeholders for the reader's values are declared in
// test/snippets/globals.d.ts.

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'test/snippets/out');

function docs(): string[] {
  const files = ['README.md'];
  if (existsSync(join(root, 'docs'))) for (const f of readdirSync(join(root, 'docs'))) if (f.endsWith('.md')) files.push(`docs/${f}`);
  for (const pkg of readdirSync(join(root, 'packages'))) if (existsSync(join(root, 'packages', pkg, 'README.md'))) files.push(`packages/${pkg}/README.md`);
  return files;
}

describe('documentation snippets', () => {
  it('every ts snippet typechecks', () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    let count = 0;
    const where = new Map<string, string>();
    for (const file of docs()) {
      const text = readFileSync(join(root, file), 'utf8');
      let n = 0;
      for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
        const line = text.slice(0, m.index).split('\n').length;
        const name = `${file.replace(/[/.]/g, '_')}_${++n}.ts`;
        // `export {}` keeps every snippet a module (its own scope, top-level await allowed).
        writeFileSync(join(out, name), `${m[1]}\nexport {};\n`);
        where.set(name, `${file}:${line}`);
        count++;
      }
    }
    expect(count).toBeGreaterThan(5);
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'test/snippets/tsconfig.json')], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    // Point each error at the document and line it came from.
    const errors = output
      .split('\n')
      .filter((l) => l.includes('error TS'))
      .map((l) => {
        const file = /out\/([^()]+)\((\d+)/.exec(l);
        return file ? `${where.get(file[1]!)} (+${Number(file[2]) - 1}): ${l.slice(l.indexOf('error TS'))}` : relative(root, l);
      });
    expect(errors).toEqual([]);
  });
});
