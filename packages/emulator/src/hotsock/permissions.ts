/**
 * Hotsock's `channels` claim (spec §3.3): keys are exact names, `*` wildcards or
 * `#regex:<RE2>`; directives from every matching key are combined, and an explicit `false`
 * anywhere wins over any `true`. Several claim sets (the connect token, a subscribe token)
 * combine the same way.
 */

export type Claims = Record<string, unknown>;
type Directives = Record<string, unknown>;

/**
 * True when a key matches a name. UNCONFIRMED details, chosen as the spec suggests: `*`
 * matches any run of characters (also empty, also across `.`), and regexes are unanchored
 * (Go's MatchString). The JS engine stands in for RE2 (the same for the patterns Hotsock's
 * docs use).
 */
export function keyMatches(key: string, name: string): boolean {
  if (key.startsWith('#regex:')) {
    const re = compile(key.slice(7));
    return re?.test(name) === true;
  }
  if (!key.includes('*')) return key === name;
  return new RegExp(`^${key.split('*').map(escapeRegex).join('.*')}$`, 's').test(name);
}

const escapeRegex = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const cache = new Map<string, RegExp | undefined>();

function compile(source: string): RegExp | undefined {
  if (cache.has(source)) return cache.get(source);
  let re: RegExp | undefined;
  try {
    re = new RegExp(source, 'u');
  } catch {
    re = undefined;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(source, re);
  return re;
}

/** False when any `#regex:` key of the token does not compile: the whole token is invalid. */
export function regexKeysValid(claims: Claims): boolean {
  const keys = (o: unknown) => (o !== null && typeof o === 'object' ? Object.keys(o as object) : []);
  for (const [channelKey, d] of entries(claims.channels)) {
    if (channelKey.startsWith('#regex:') && !compile(channelKey.slice(7))) return false;
    for (const section of ['messages', 'storage']) {
      for (const k of keys((d as Directives)?.[section])) if (k.startsWith('#regex:') && !compile(k.slice(7))) return false;
    }
  }
  return true;
}

function entries(o: unknown): Array<[string, unknown]> {
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o as Record<string, unknown>) : [];
}

/** The directive objects that apply to `channel`, across claim sets. */
export function channelDirectives(claimSets: readonly (Claims | undefined)[], channel: string): Directives[] {
  const out: Directives[] = [];
  for (const claims of claimSets) {
    for (const [key, d] of entries(claims?.channels)) if (d !== null && typeof d === 'object' && keyMatches(key, channel)) out.push(d as Directives);
  }
  return out;
}

/** The nested directive objects (`messages` by event, `storage` by key) that apply. */
export function nestedDirectives(channelLevel: readonly Directives[], section: 'messages' | 'storage', name: string): Directives[] {
  const out: Directives[] = [];
  for (const d of channelLevel) {
    for (const [key, nested] of entries(d[section])) if (nested !== null && typeof nested === 'object' && keyMatches(key, name)) out.push(nested as Directives);
  }
  return out;
}

/** A boolean directive: explicit false wins, then true, else the default (false). */
export function flag(directives: readonly Directives[], name: string): boolean {
  let yes = false;
  for (const d of directives) {
    if (d[name] === false) return false;
    if (d[name] === true) yes = true;
  }
  return yes;
}

/** True when some matching directive sets `name` explicitly to false. */
export function explicitlyFalse(directives: readonly Directives[], name: string): boolean {
  return directives.some((d) => d[name] === false);
}

/** A numeric directive: the first one set (keys are unordered; tokens rarely set two). */
export function numeric(directives: readonly Directives[], name: string): number | undefined {
  for (const d of directives) if (typeof d[name] === 'number' && Number.isFinite(d[name])) return d[name] as number;
  return undefined;
}

/** The earliest `historyStart` that applies (each grant is additive). */
export function historyStart(directives: readonly Directives[]): number | undefined {
  let start: number | undefined;
  for (const d of directives) if (typeof d.historyStart === 'number') start = start === undefined ? d.historyStart : Math.min(start, d.historyStart);
  return start;
}

/**
 * Whether a client may publish `event` (spec §3.3 precedence): publish false → denied;
 * broadcast true (connect token) → anywhere; publish true → only while subscribed.
 */
export function mayPublish(channelLevel: readonly Directives[], connectLevel: readonly Directives[], event: string, subscribed: boolean): boolean {
  const m = nestedDirectives(channelLevel, 'messages', event);
  if (explicitlyFalse(m, 'publish')) return false;
  if (flag(nestedDirectives(connectLevel, 'messages', event), 'broadcast')) return true;
  return subscribed && flag(m, 'publish');
}

/** Aliases of a token (exact keys only): alias → real channel. */
export function aliasesOf(claims: Claims | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, d] of entries(claims?.channels)) {
    const alias = (d as Directives | null)?.alias;
    if (typeof alias === 'string' && !key.includes('*') && !key.startsWith('#regex:')) out.set(alias, key);
  }
  return out;
}
