/**
 * Reading a Hotsock JWT's claims on the client. The client never verifies tokens (the server
 * does); it reads them only to know what it may ask for, e.g. whether a channel has
 * `historyStart` and so whether missed messages can be recovered after a reconnect.
 */

/** The claims object of a JWT, or undefined when the token is not a readable JWT. */
export function readClaims(token: string): Record<string, unknown> | undefined {
  const body = token.split('.')[1];
  if (body === undefined) return undefined;
  try {
    const padded = body.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when a `channels` key matches a channel name: exact, `*` wildcards (any run of
 * characters), or `#regex:` (unanchored, as Go's MatchString). An unusable regex matches nothing.
 */
export function keyMatches(key: string, name: string): boolean {
  if (key.startsWith('#regex:')) {
    try {
      return new RegExp(key.slice('#regex:'.length), 'u').test(name);
    } catch {
      return false;
    }
  }
  if (!key.includes('*')) return key === name;
  const pattern = key
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`, 'su').test(name);
}

/**
 * The `historyStart` (seconds) that applies to `channel` under a token's claims, or undefined.
 * Several matching keys: the earliest start wins (each grants what it grants).
 */
export function historyStartOf(claims: Record<string, unknown> | undefined, channel: string): number | undefined {
  const channels = claims?.channels;
  if (channels === null || typeof channels !== 'object') return undefined;
  let start: number | undefined;
  for (const [key, directives] of Object.entries(channels as Record<string, unknown>)) {
    if (!keyMatches(key, channel) || directives === null || typeof directives !== 'object') continue;
    const value = (directives as Record<string, unknown>).historyStart;
    if (typeof value === 'number' && Number.isFinite(value)) start = start === undefined ? value : Math.min(start, value);
  }
  return start;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The millisecond timestamp a ULID carries (its first 10 characters), or undefined. */
export function ulidTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/i.test(id)) return undefined;
  let ms = 0;
  for (const c of id.slice(0, 10).toUpperCase()) ms = ms * 32 + CROCKFORD.indexOf(c);
  return ms;
}

/** The smallest ULID of a millisecond: `after` it lists everything from that moment on. */
export function ulidFloor(ms: number): string {
  let time = '';
  let rest = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  return `${time}${'0'.repeat(16)}`;
}
