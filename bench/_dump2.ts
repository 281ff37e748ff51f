import { build } from 'esbuild';
import { BUNDLES } from './lib/bundleSize.js';
const r = await build({ stdin: { contents: BUNDLES.appsyncClient, resolveDir: '/work/main/bench', loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, conditions: ['@channelkit/source'] });
console.log(r.outputFiles[0].text);
