import { invalidArgument, kindOf } from '../lib/invalidArgument.js';

const bad = (argument: string, rule: string, got: unknown) => invalidArgument(argument, `${rule} (got ${kindOf(got)})`);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function optionalObject(name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw bad(name, 'must be an object', value);
  return value;
}

function optionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') throw bad(name, 'must be a function', value);
}

function optionalNumber(name: string, value: unknown, min: number, integer = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw invalidArgument(name, `must be a finite ${integer ? 'integer' : 'number'} ≥ ${min} (got ${typeof value === 'number' ? String(value) : kindOf(value)})`);
  }
}

function optionalDelays(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0) throw bad(name, 'must be a non-empty array of delays in ms', value);
  for (const [i, d] of value.entries()) optionalNumber(`${name}[${i}]`, d, 0);
}

function optionalSignal(name: string, value: unknown): void {
  const signal = optionalObject(name, value);
  if (signal && (typeof signal.get !== 'function' || typeof signal.subscribe !== 'function')) throw invalidArgument(name, 'must have get() and subscribe(listener) (see browserNetworkSignal)');
}

/**
 * Checks every option of `createClient` before anything is built, so a typo fails at once with
 * INVALID_ARGUMENT naming the option — not later as a reconnect loop (a NaN timeout), a
 * publish that never settles, or a raw TypeError deep in a send path.
 *
 * @example
 * ```ts
 * validateClientOptions({ ackTimeoutMs: NaN }); // throws "ackTimeoutMs must be a finite number ≥ 1 (got NaN)"
 * ```
 */
export function validateClientOptions(options: Record<string, unknown>): void {
  optionalFunction('options.WebSocket', options.WebSocket);
  optionalFunction('options.fetch', options.fetch);
  const platform = optionalObject('options.platform', options.platform);
  for (const key of ['now', 'setTimeout', 'clearTimeout', 'random'] as const) optionalFunction(`options.platform.${key}`, platform?.[key]);
  const logger = optionalObject('options.logger', options.logger);
  if (logger && typeof logger.log !== 'function') throw invalidArgument('options.logger', 'must have a log(level, message, data) function (see consoleLogger)');
  const backoff = optionalObject('options.backoff', options.backoff);
  optionalDelays('options.backoff.delaysMs', backoff?.delaysMs);
  optionalDelays('options.backoff.throttledDelaysMs', backoff?.throttledDelaysMs);
  optionalNumber('options.backoff.ceilingMs', backoff?.ceilingMs, 1);
  optionalNumber('options.backoff.minUptimeMs', backoff?.minUptimeMs, 0);
  const outbox = optionalObject('options.outbox', options.outbox);
  optionalNumber('options.outbox.maxEvents', outbox?.maxEvents, 1, true);
  optionalNumber('options.outbox.maxBytes', outbox?.maxBytes, 1, true);
  optionalSignal('options.network', options.network);
  optionalSignal('options.visibility', options.visibility);
  optionalNumber('options.connectTimeoutMs', options.connectTimeoutMs, 1);
  optionalNumber('options.ackTimeoutMs', options.ackTimeoutMs, 1);
  optionalNumber('options.releaseGraceMs', options.releaseGraceMs, 0);
  if (options.autoConnect !== undefined && typeof options.autoConnect !== 'boolean') throw bad('options.autoConnect', 'must be a boolean', options.autoConnect);
  const secrets = options.secrets;
  if (secrets !== undefined && (!Array.isArray(secrets) || secrets.some((s) => typeof s !== 'string'))) throw bad('options.secrets', 'must be an array of strings', secrets);
}
