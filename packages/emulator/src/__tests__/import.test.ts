import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

// Issue 9: importing the package must not load the certificate generator, whose dependencies
// install a global Reflect.getMetadata. Checked in a fresh process (this one has loaded more).

const ROOT = resolve(import.meta.dirname, '../../../..');

it('importing @channelkit/emulator installs no global Reflect.getMetadata', () => {
  const script = `
    await import(${JSON.stringify(resolve(ROOT, 'packages/emulator/src/index.ts'))});
    console.log(typeof Reflect.getMetadata);`;
  const out = execFileSync(process.execPath, ['--import', resolve(ROOT, 'node_modules/tsx/dist/loader.mjs'), '--conditions=@channelkit/source', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(out.trim().split('\n').at(-1)).toBe('undefined');
});
