import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
