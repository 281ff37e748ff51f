import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ERRORS = ['ChannelKitError', 'ConnectionError', 'AuthError', 'LimitExceededError', 'OutboxFullError', 'InvalidChannelError', 'ProtocolError', 'ConnectionGoneError'] as const;

describe('error names survive minification (issue 9.4)', () => {
  it('every error class reports its own name from a minified bundle', async () => {
    const src = join(import.meta.dirname, '../..');
    const result = await build({
      stdin: {
        contents: `export * from './index.ts'; export { ConnectionGoneError } from './server/index.ts';
          export class UnnamedProbe extends Error { constructor() { super('x'); this.name = new.target.name; } }`,
        resolveDir: src,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const file = join(mkdtempSync(join(tmpdir(), 'ck-min-')), 'bundle.mjs');
    writeFileSync(file, result.outputFiles[0]!.contents);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, new (...args: never[]) => Error>;
    // The control: without an explicit name, minification really does mangle it.
    expect(new mod.UnnamedProbe!().name).not.toBe('UnnamedProbe');
    const make = (name: (typeof ERRORS)[number]): Error => {
      const Ctor = mod[name] as unknown as new (...args: unknown[]) => Error;
      if (name === 'ChannelKitError') return new Ctor('PROTOCOL_ERROR', 'm');
      if (name === 'ConnectionError') return new Ctor('CONNECTION_LOST', 'm');
      if (name === 'LimitExceededError') return new Ctor('eventBytes', 2, 1, 'm');
      if (name === 'OutboxFullError') return new Ctor('maxEvents', 2, 1);
      if (name === 'InvalidChannelError') return new Ctor('/a', 'rule');
      return new Ctor('m');
    };
    for (const name of ERRORS) {
      const error = make(name);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(mod.ChannelKitError!);
      expect(String(error).startsWith(`${name}: `)).toBe(true);
    }
  });
});
