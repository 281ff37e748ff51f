import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BUNDLES, REACT_PEERS } from './lib/bundleSize.js';
const name = process.argv[2] as keyof typeof BUNDLES;
const external = name === 'ui' ? [...REACT_PEERS, '@channelkit/transport', '@channelkit/react'] : name === 'reactHooks' ? [...REACT_PEERS, '@channelkit/transport'] : [];
const r = await build({
  stdin: { contents: BUNDLES[name], resolveDir: import.meta.dirname, loader: 'ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  conditions: ['@channelkit/source'],
  external,
  metafile: true,
  logLevel: 'silent',
});
const out = Object.values(r.metafile!.outputs)[0]!;
const rows = Object.entries(out.inputs)
  .map(([f, v]) => [v.bytesInOutput, f] as const)
  .sort((a, b) => b[0] - a[0]);
let total = 0;
for (const [b, f] of rows) {
  total += b;
  console.log(String(b).padStart(7), f.replace(/.*packages\//, ''));
}
console.log('total min', r.outputFiles[0]!.contents.length, 'gzip', gzipSync(r.outputFiles[0]!.contents, { level: 9 }).length);
