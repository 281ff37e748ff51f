import type { Platform } from './platform.js';

/**
 * Reconnect delays as data. Each attempt picks the tier entry for its index (the last entry
 * repeats), caps it at `ceilingMs`, then applies full jitter: a uniform delay in
 * [0, cap). Full jitter spreads a fleet of clients that all lost the same server, which is
 * what AWS recommends for retry storms ("Exponential Backoff And Jitter", AWS Architecture
 * Blog).
 *
 * @example
 * ```ts
 * const gentle: BackoffPolicy = { ...DEFAULT_BACKOFF, delaysMs: [1000, 5000, 30000] };
 * ```
 */
export interface BackoffPolicy {
  /** Upper bounds of the jittered delay for attempts 0, 1, 2, …; the last one repeats. */
  readonly delaysMs: readonly number[];
  /** The slower tier used after the server signalled throttling (429, 1013, "too many"). */
  readonly throttledDelaysMs: readonly number[];
  /** No delay ever exceeds this. */
  readonly ceilingMs: number;
  /** A connection must stay up this long before the attempt counter resets. */
  readonly minUptimeMs: number;
}

/**
 * Defaults: quick first retries for a blip, slowing to 10 s; 30 s–2 min when throttled.
 *
 * @example
 * ```ts
 * createClient({ backend, backoff: { ...DEFAULT_BACKOFF, ceilingMs: 60_000 } });
 * ```
 */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  delaysMs: Object.freeze([250, 500, 1000, 2000, 4000, 8000, 10_000]),
  throttledDelaysMs: Object.freeze([5000, 15_000, 30_000, 60_000, 120_000]),
  ceilingMs: 120_000,
  minUptimeMs: 5000,
});

/**
 * Attempt counter + delay calculator for one connection.
 *
 * @example
 * ```ts
 * const backoff = new Backoff(DEFAULT_BACKOFF, defaultPlatform());
 * const wait = backoff.next(false); // 0 ≤ wait < 250 on the first attempt
 * ```
 */
export class Backoff {
  #attempt = 0;
  #connectedAt: number | undefined;
  readonly #policy: BackoffPolicy;
  readonly #platform: Pick<Platform, 'now' | 'random'>;

  constructor(policy: BackoffPolicy, platform: Pick<Platform, 'now' | 'random'>) {
    if (policy.delaysMs.length === 0 || policy.throttledDelaysMs.length === 0) {
      throw new RangeError('BackoffPolicy tiers must each hold at least one delay');
    }
    this.#policy = policy;
    this.#platform = platform;
  }

  /** Retries made since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt; advances the attempt counter. */
  next(throttled: boolean): number {
    const tier = throttled ? this.#policy.throttledDelaysMs : this.#policy.delaysMs;
    const bound = Math.min(this.#policy.ceilingMs, tier[Math.min(this.#attempt, tier.length - 1)] as number);
    this.#attempt += 1;
    return Math.floor(this.#platform.random() * bound);
  }

  /** Call when a connection is established (handshake complete). */
  connected(): void {
    this.#connectedAt = this.#platform.now();
  }

  /**
   * Call when an established connection ends. The counter resets only if it stayed up for
   * `minUptimeMs`: a server that accepts and then drops at once must not get fast retries
   * forever (the partysocket rule).
   */
  disconnected(): void {
    if (this.#connectedAt !== undefined && this.#platform.now() - this.#connectedAt >= this.#policy.minUptimeMs) {
      this.#attempt = 0;
    }
    this.#connectedAt = undefined;
  }

  /** Forget every attempt (e.g. the network just came back). */
  reset(): void {
    this.#attempt = 0;
  }
}
