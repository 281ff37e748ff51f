/**
 * The times the components show: epoch ms from 2000-01-01 up to (not including) 2100-01-01 UTC.
 * A fixed range, not "now ± something": a pure check gives the same answer on every client and
 * in every render, and `new Date(at).toISOString()` throws past ±8.64e15 ms, so a peer's
 * `at: 1e20` must never reach it.
 *
 * @example
 * ```ts
 * isSaneTime(Date.now()); // true
 * isSaneTime(1e20);       // false (would throw in toISOString)
 * isSaneTime(0);          // false (1970: a missing time, not a real one)
 * ```
 */
export function isSaneTime(at: unknown): at is number {
  return typeof at === 'number' && at >= SANE_TIME_RANGE.min && at < SANE_TIME_RANGE.max;
}

/**
 * The bounds {@link isSaneTime} checks (epoch ms).
 *
 * @example
 * ```ts
 * new Date(SANE_TIME_RANGE.min).toISOString(); // '2000-01-01T00:00:00.000Z'
 * ```
 */
export const SANE_TIME_RANGE = Object.freeze({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
