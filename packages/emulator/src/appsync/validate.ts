// AppSync Events input rules, implemented from the AWS documentation independently of the
// client's (`@channelkit/transport`), so that tests of one catch mistakes in the other.

/** The channel regex AWS documents (1–5 segments, leading/trailing slash optional). */
const CHANNEL = /^\/?[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?(?:\/[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?){0,4}\/?$/;
/** Operation ids: 1–128 of `[a-zA-Z0-9-_+]`. */
export const OPERATION_ID = /^[a-zA-Z0-9\-_+]{1,128}$/;

/**
 * Byte limits. EMU-DEFAULT: AWS states "240 KB" and "1.2 MB"; the emulator reads them in
 * binary units (the larger reading), the client in decimal (the smaller), so the client never
 * sends what the emulator would refuse and the emulator never refuses what AWS would accept.
 */
export const LIMITS = { eventsPerPublish: 5, eventBytes: 240 * 1024, requestBytes: Math.floor(1.2 * 1024 * 1024) };

/** Normal form `ns/a/b` (no leading/trailing slash) of a valid channel, or undefined. */
export function parseChannel(channel: unknown, allowWildcard: boolean): { path: string; namespace: string; wildcard: boolean } | undefined {
  if (typeof channel !== 'string') return undefined;
  let base = channel;
  let wildcard = false;
  if (allowWildcard && /\/\*\/?$/.test(channel)) {
    base = channel.replace(/\/\*\/?$/, '');
    wildcard = true;
  }
  if (!CHANNEL.test(base)) return undefined;
  const path = base.replace(/^\/|\/$/g, '');
  const segments = path.split('/');
  // A 5-segment prefix + "*" could never match (channels have at most 5 segments).
  if (wildcard && segments.length > 4) return undefined;
  return { path, namespace: segments[0] as string, wildcard };
}

/** Whether a concrete channel path matches a subscription (exact, or wildcard prefix + ≥1 segment). */
export function matches(subscription: { path: string; wildcard: boolean }, channel: string): boolean {
  return subscription.wildcard ? channel.startsWith(`${subscription.path}/`) : subscription.path === channel;
}

/** Checks the events of a publish; returns an error message or undefined. */
export function checkEvents(events: unknown): string | undefined {
  if (!Array.isArray(events) || events.length === 0) return 'events must be a non-empty array of JSON strings';
  if (events.length > LIMITS.eventsPerPublish) return `at most ${LIMITS.eventsPerPublish} events per publish, got ${events.length}`;
  for (const [i, e] of events.entries()) {
    if (typeof e !== 'string') return `event ${i} must be a string holding JSON`;
    if (Buffer.byteLength(e) > LIMITS.eventBytes) return `event ${i} is ${Buffer.byteLength(e)} bytes; the limit is ${LIMITS.eventBytes}`;
    try {
      JSON.parse(e);
    } catch {
      return `event ${i} is not valid JSON`;
    }
  }
  return undefined;
}
