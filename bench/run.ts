/**
 * Runs every benchmark and prints one table. Each row compares ChannelKit with an anchor
 * measured in the same process, in alternating rounds: ratios, not absolute timings, are
 * what carries over between machines. `pnpm bench` (add `--json` for machine-readable rows, `--markdown` for the README's table).
 */
import type { Row } from './lib/measure.js';
import { run as apigw } from './apigw.bench.js';
import { run as appsync } from './appsync.bench.js';
import { run as hotsock } from './hotsock.bench.js';
import { run as chime } from './chime.bench.js';
import { run as react } from './react.bench.js';
import { run as sigv4 } from './sigv4.bench.js';

// The AWS SDK runs here only as an anchor; its notice about its own future Node requirement
// says nothing about ChannelKit and would be an unexplained warning in `pnpm bench`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suites: Array<[string, () => Promise<Row[]>]> = [
  ['sigv4', sigv4],
  ['appsync', appsync],
  ['apigw', apigw],
  ['hotsock', hotsock],
  ['chime', chime],
  ['react', react],
];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const rows: Row[] = [];
for (const [name, suite] of suites) {
  if (only && !only.split(',').includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  rows.push(...(await suite()));
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else if (process.argv.includes('--markdown')) {
  // What the README's table is pasted from, with the run it came from.
  const { cpus } = await import('node:os');
  console.log(`From \`npx -y pnpm@10 bench --markdown\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}.\n`);
  console.log('| benchmark | ChannelKit | anchor (same run) | ratio | target | met |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.benchmark} | ${r.ours} | ${r.anchor} | ${r.ratio} | ${r.target} | ${r.ok ? 'yes' : '**no**'} |`);
} else {
  const head: Array<keyof Row> = ['benchmark', 'ours', 'anchor', 'ratio', 'target', 'ok'];
  const cells = rows.map((r) => head.map((h) => (h === 'ok' ? (r.ok ? 'yes' : 'NO') : String(r[h]))));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head.map(String)));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
