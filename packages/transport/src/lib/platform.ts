/**
 * Opaque handle returned by {@link Platform.setTimeout}.
 *
 * @example
 * ```ts
 * const handle: TimerHandle = platform.setTimeout(tick, 1000);
 * platform.clearTimeout(handle);
 * ```
 */
export type TimerHandle = unknown;

/**
 * Every clock, timer and source of randomness the transport uses. Injecting them keeps the
 * state machine deterministic under test and lets hosts such as React Native or a worker
 * supply their own.
 *
 * @example
 * ```ts
 * const platform: Platform = { ...defaultPlatform(), random: () => 0.5 };
 * ```
 */
export interface Platform {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** A number in [0, 1), as `Math.random`. */
  random(): number;
}

/**
 * The host's clock, timers and `Math.random`.
 *
 * Each call reads `globalThis` at call time rather than capturing the functions at import, so
 * that fake timers installed after the module loaded (as Vitest and Jest do) still apply.
 *
 * @example
 * ```ts
 * const { now } = defaultPlatform();
 * console.log(new Date(now()).toISOString());
 * ```
 */
export function defaultPlatform(): Platform {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => Math.random(),
  };
}
