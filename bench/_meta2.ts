import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { BUNDLES } from './lib/bundleSize.js';
const r = await build({ stdin: { contents: BUNDLES[process.argv[2] as keyof typeof BUNDLES], resolveDir: '/work/main/bench', loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, conditions: ['@channelkit/source'], metafile: true });
const rows = [];
for (const [k, v] of Object.entries(r.metafile.outputs)) for (const [f, i] of Object.entries(v.inputs)) rows.push([i.bytesInOutput, f.replace('../packages/transport/src/', '')]);
rows.sort((a, b) => b[0] - a[0]); for (const x of rows) console.log(x.join('\t'));
console.log('total', r.outputFiles[0].contents.length, gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
