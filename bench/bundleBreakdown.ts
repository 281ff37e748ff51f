// Where the bytes of one measured bundle go: minified bytes per source file, largest first,
// then the bundle's minified and gzip totals — the same esbuild settings as the budgets in
// test/bundle-size.test.ts. Gzip is not per file (it folds repetition across files), so a
// file's share of the gzip total is roughly its minified share.
//
//   node --conditions=@channelkit/source --import tsx bench/bundleBreakdown.ts appsyncClient
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BUNDLES, bundleOptions, REACT_PEERS } from './lib/bundleSize.js';

const name = process.argv[2] as keyof typeof BUNDLES | undefined;
if (!name || !(name in BUNDLES)) {
  console.error(`usage: bundleBreakdown.ts <${Object.keys(BUNDLES).join(' | ')}>`);
  process.exit(2);
}
// As measured by the budgets: the UI with the hooks and transport external, the hooks with the transport external.
const external = name === 'ui' ? [...REACT_PEERS, '@channelkit/transport', '@channelkit/react'] : name === 'reactHooks' ? [...REACT_PEERS, '@channelkit/transport'] : [];
const result = await build({ ...bundleOptions(BUNDLES[name], import.meta.dirname, external), metafile: true });
const output = Object.values(result.metafile!.outputs)[0]!;
const files = Object.entries(output.inputs)
  .filter(([, v]) => v.bytesInOutput > 0)
  .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
for (const [file, v] of files) console.log(`${String(v.bytesInOutput).padStart(7)}  ${file.replace(/^.*?packages\//, 'packages/')}`);
const code = result.outputFiles[0]!.contents;
console.log(`${String(code.length).padStart(7)}  minified total; ${gzipSync(code, { level: 9 }).length} bytes min+gzip`);
