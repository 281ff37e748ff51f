import type { Session } from './Backend.js';

/**
 * When to reconnect ahead of a connection's end of life, or undefined when it has none.
 * Services that cap connection lifetime (API Gateway: 2 h; Hotsock: the token's expiry) drop
 * us at the cap; reconnecting a little earlier, on our schedule and without backoff, keeps
 * the gap short and planned. The margin is a minute, but never more than half the remaining
 * time, so short-lived sessions still get most of their life.
 *
 * An expiry already (nearly) past is a clock skew or a server bug: honouring it would
 * reconnect in a tight loop, so it is ignored (`ignoredExpiry` says so) and the server's own
 * close decides.
 *
 * @example
 * ```ts
 * proactiveReconnectDelay(7_200_000, undefined, Date.now()); // { delayMs: 7_200_000 }
 * proactiveReconnectDelay(undefined, { expiresAt: Date.now() + 600_000 }, Date.now()); // { delayMs: 540_000 }
 * ```
 */
export function proactiveReconnectDelay(maxConnectionMs: number | undefined, session: Session | undefined, now: number): { delayMs: number | undefined; ignoredExpiry?: number } {
  const caps: number[] = [];
  if (maxConnectionMs !== undefined) caps.push(maxConnectionMs);
  let ignoredExpiry: number | undefined;
  if (typeof session?.expiresAt === 'number') {
    const left = session.expiresAt - now;
    if (left > 2_000) caps.push(left - Math.min(60_000, left / 2));
    else ignoredExpiry = left;
  }
  const delayMs = caps.length === 0 ? undefined : Math.min(...caps);
  return ignoredExpiry === undefined ? { delayMs } : { delayMs, ignoredExpiry };
}
