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

/**
 * {@link defaultPlatform} with the given functions in place of the host's. Each override is
 * called detached (`this` undefined), never as a method of `overrides`: hosts' own timers
 * (`window.setTimeout`, `performance.now` …) throw "Illegal invocation" when called on another
 * object, and passing them straight in is the natural thing to do.
 *
 * @example
 * ```ts
 * const platform = createPlatform({ setTimeout: window.setTimeout, clearTimeout: window.clearTimeout });
 * platform.setTimeout(tick, 1000); // works: window.setTimeout is not called on `platform`
 * ```
 */
export function createPlatform(overrides: Partial<Platform> = {}): Platform {
  const platform = defaultPlatform();
  const { now = platform.now, setTimeout = platform.setTimeout, clearTimeout = platform.clearTimeout, random = platform.random } = overrides;
  return { now: () => now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle), random: () => random() };
}
