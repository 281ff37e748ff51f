// Shared pieces of the emulator's fuzzers: a seeded PRNG, generators of hostile values, the
// upgrade probe, the API Gateway health probe and the end-of-run check every fuzzer makes.
import { WebSocket } from 'ws';
import { rawExchange, statusOf, upgradeRequest } from './_wire.js';

/** The fixed seed; `CHANNELKIT_FUZZ_SEED` overrides it to explore (or replay) other cases. */
export const SEED = Number(process.env.CHANNELKIT_FUZZ_SEED ?? 0x5eed) >>> 0;
/** Multiplies every fuzzer's case count (`CHANNELKIT_FUZZ_SCALE=10` for a long run). */
export const SCALE = Math.max(0.1, Number(process.env.CHANNELKIT_FUZZ_SCALE ?? 1));

/** mulberry32: tiny, fast, and the same sequence on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Rng = ReturnType<typeof prng>;

const WEIRD_STRINGS = [
  '',
  ' ',
  '/',
  '//',
  '*',
  '/*',
  '/default/*/*',
  '\u0000',
  '\ud800',
  '💥',
  '%zz',
  '../..',
  '$connect',
  '$default',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'null',
  '{}',
  '[]',
  'a'.repeat(51),
  'default',
  '/default/a',
  'default/a/b/c/d/e/f',
];
const WEIRD_NUMBERS = [0, -1, 1, 0.5, -0, 1e308, -1e308, 2 ** 53, 4999, 1000, 1011, 3000, 65_536, 10_000_000, 10_000_001];

/** A random string: short, unicode, lone surrogates, a known-weird one, or long. */
export function randomString(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(WEIRD_STRINGS);
    case 1:
      return String.fromCharCode(...Array.from({ length: r.int(20) }, () => r.int(0x10000)));
    case 2:
      return 'x'.repeat(r.pick([64, 1000, 40_000, 300_000]));
    default:
      return Math.floor(r.next() * 1e12).toString(36);
  }
}

/** A random JSON-able value of bounded breadth (depth is bounded by `depth`). */
export function randomValue(r: Rng, depth = 3): unknown {
  switch (r.int(depth > 0 ? 8 : 5)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(WEIRD_NUMBERS);
    case 3:
    case 4:
      return randomString(r);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) o[randomString(r).slice(0, 20)] = randomValue(r, depth - 1);
      return o;
    }
  }
}

/** `n`-deep nesting of arrays or objects as JSON text, optionally around a value. */
export function deepText(r: Rng, n: number): string {
  return r.chance(0.5) ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
}

/**
 * A hostile JSON text: a structured object with some fields from `shape` (known keys with
 * random or valid values), deep nesting spliced into one field, or plain random JSON.
 */
export function hostileJson(r: Rng, shape: Record<string, () => unknown>): string {
  const keys = Object.keys(shape);
  const o: Record<string, unknown> = {};
  for (const k of keys) if (r.chance(0.7)) o[k] = r.chance(0.6) ? shape[k]?.() : randomValue(r);
  if (r.chance(0.2)) o[randomString(r).slice(0, 12)] = randomValue(r);
  const text = JSON.stringify(r.chance(0.08) ? randomValue(r) : o);
  if (r.chance(0.15) && keys.length) {
    // Splice deep nesting into one field (past JSON.stringify's recursion limit).
    const key = r.pick(keys);
    return text.startsWith('{') ? `{"${key}":${deepText(r, r.pick([50, 5000, 20_000]))}${text.length > 2 ? `,${text.slice(1)}` : '}'}` : text;
  }
  return text;
}

/** Bytes that are not JSON text: invalid UTF-8, binary noise, truncated JSON. */
export function garbageBytes(r: Rng): Buffer {
  switch (r.int(4)) {
    case 0:
      return Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]);
    case 1:
      return Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256)));
    case 2:
      return Buffer.from('{"type":"subscribe","id":"a","channel":"/default/a"'.slice(0, r.int(50)));
    default:
      return Buffer.from(`\u0000${randomString(r)}`);
  }
}

/** Tally of a fuzz run, with the first few failures kept for the report. */
export class Tally {
  cases = 0;
  crashes: string[] = [];
  wrong: string[] = [];
  constructor(readonly backend: string) {}
  crash(what: string): void {
    this.crashes.push(what.slice(0, 300));
  }
  wrongAnswer(what: string): void {
    this.wrong.push(what.slice(0, 300));
  }
  /** The one summary line every fuzzer prints. */
  line(): string {
    return `fuzz ${this.backend}: ${this.cases} cases, ${this.crashes.length} crashes, ${this.wrong.length} wrong answers`;
  }
  details(): string {
    return [`seed ${SEED}`, ...this.crashes.slice(0, 5).map((c) => `crash: ${c}`), ...this.wrong.slice(0, 10).map((w) => `wrong: ${w}`)].join('\n');
  }
}

/** Rejects after `ms`: a hang is a failure, not a stuck test. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * One hostile upgrade: the answer must be a 4xx (or 101 where `accepts` allows the target) —
 * never a 5xx, a non-HTTP answer, or silence.
 */
export async function fuzzUpgrade(tally: Tally, port: number, target: string, protocols: string[] = [], accepts = true): Promise<void> {
  tally.cases++;
  const answer = await rawExchange(port, upgradeRequest(port, target, protocols)).catch((error: Error) => `error ${error.message}`);
  const status = statusOf(answer);
  if ((status !== 101 || !accepts) && (status < 400 || status >= 500)) tally.wrongAnswer(`upgrade ${target} → ${answer.split('\r\n')[0] || 'nothing'}`);
}

/** The emulated API Gateway still answers: a fresh socket gets a pong from the channel router. */
export async function apiGatewayAnswersPing(webSocketUrl: string): Promise<void> {
  const ws = new WebSocket(webSocketUrl);
  try {
    ws.on('error', () => {});
    const pong = new Promise((resolve) => ws.on('message', (d) => String(d).includes('pong') && resolve(undefined)));
    await within(new Promise((resolve) => ws.once('open', resolve)), 3000, 'health: open');
    ws.send('{"action":"ping"}');
    await within(pong, 3000, 'health: pong');
  } finally {
    ws.terminate();
  }
}

/** After each batch: the emulator must still be healthy, or the batch counts as a crash. */
export async function checkHealth(tally: Tally, batch: number, healthy: () => Promise<void>): Promise<void> {
  try {
    await healthy();
  } catch (error) {
    tally.crash(`after batch ${batch}: ${(error as Error).message}`);
  }
}

/** Prints the summary line and fails the test on any crash or wrong answer. */
export function report(tally: Tally): void {
  console.log(tally.line());
  // A plain throw (not vitest's expect) keeps this module usable outside a test run (bench/).
  if (tally.crashes.length + tally.wrong.length > 0) throw new Error(`${tally.line()}\n${tally.details()}`);
}
