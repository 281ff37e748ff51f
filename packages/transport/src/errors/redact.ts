import { invalidArgument } from '../lib/invalidArgument.js';
import { ChannelKitError } from './ChannelKitError.js';

const REDACTED = '[REDACTED]';

/** The names secrets travel under: auth headers, credential fields, query parameters. */
const NAMES =
  'x-api-key|(?:x-amz-)?security-token|(?:proxy-)?authorization|(?:set-)?cookie|api[_-]?key|secret[_-]?access[_-]?key|(?:session|access|id|refresh)[_-]?token|connection[_-]?secret|password|secret|(?:x-amz-)?signature|token';

/**
 * Shapes of secrets that can be recognised without being told the value. Order matters:
 * whole tokens first, then `name=value` pairs.
 */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // JWTs (Cognito, OIDC, Hotsock): three base64url parts, the first a JSON header.
  [/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, `${REDACTED}`],
  // AppSync API keys.
  [/\bda2-[A-Za-z0-9]{8,}/g, REDACTED],
  // AppSync Events carries its whole auth header in a `header-<base64url>` subprotocol.
  [/\bheader-[A-Za-z0-9_-]{8,}/g, `header-${REDACTED}`],
  // Presigned URL parameters, raw or percent-encoded.
  [/(X-Amz-(?:Signature|Security-Token|Credential)(?:=|%3D))[^&\s"'<>]+/gi, `$1${REDACTED}`],
  // SigV4 Authorization header pieces.
  [/(Signature=)[0-9a-f]{16,}/gi, `$1${REDACTED}`],
  [/(Credential=)[^,\s"]+/g, `$1${REDACTED}`],
  [/(\bBearer\s+)[A-Za-z0-9._~+/-]+=*/gi, `$1${REDACTED}`],
  // `key: value` / `"key":"value"` / `key=value` for the names secrets travel under.
  [new RegExp(`((?:${NAMES})["']?\\s*[:=]\\s*["']?)[^"'\\s,&}]+`, 'gi'), `$1${REDACTED}`],
];

/** Field names whose values are secrets whatever they look like (headers, credential fields). */
const SECRET_NAME = new RegExp(`^(?:${NAMES})$`, 'i');

/**
 * Removes secrets from a string: every value in `secrets` (and its URL-encoded form) plus the
 * shapes secrets are known to take (JWTs, SigV4 signatures and session tokens, API-key
 * headers, AppSync's base64url auth subprotocol).
 *
 * Applied to every log line and every error message the transport produces. Values shorter
 * than 4 characters are ignored: redacting them would shred ordinary text.
 *
 * @example
 * ```ts
 * redact('GET /?X-Amz-Signature=abc123', []); // 'GET /?X-Amz-Signature=[REDACTED]'
 * redact('key da2-xyz rejected', ['da2-xyz']); // 'key [REDACTED] rejected'
 * ```
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  if (typeof text !== 'string') throw invalidArgument('text', 'must be a string');
  if (typeof secrets?.[Symbol.iterator] !== 'function') throw invalidArgument('secrets', 'must be an iterable of strings');
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Beyond this nesting, content is replaced by the marker, never passed through unredacted. */
const MAX_DEPTH = 8;

/**
 * A redacted, JSON-safe copy of `v`: strings through `text`, secret-named string fields
 * replaced, cycles and content deeper than {@link MAX_DEPTH} replaced by markers, errors
 * reduced to their name, message, own fields and cause.
 */
function deep(v: unknown, text: (s: string) => string, depth: number, path: object[]): unknown {
  if (typeof v === 'string') return text(v);
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? `${v}` : typeof v === 'function' || typeof v === 'symbol' ? `[${typeof v}]` : v;
  if (path.includes(v)) return '[Circular]';
  if (depth >= MAX_DEPTH) return REDACTED;
  const out = (Array.isArray(v) ? [] : {}) as Record<string, unknown>;
  path.push(v);
  try {
    // Own enumerable fields only: what a Request or Headers holds sits behind getters and stays out.
    let entries = Object.entries(v);
    if (v instanceof Error) entries = [['name', v.name], ['message', v.message], ...entries, ...('cause' in v ? [['cause', v.cause] as [string, unknown]] : [])];
    for (const [k, x] of entries) out[k] = SECRET_NAME.test(k) && typeof x === 'string' ? REDACTED : deep(x, text, depth + 1, path);
  } catch {
    return REDACTED; // a getter threw: nothing readable to redact
  } finally {
    path.pop();
  }
  return out;
}

/**
 * Scrubs `error` in place: message, stack and every own field (details …) at any depth. Its
 * cause is scrubbed in place when it is a ChannelKitError, otherwise replaced by a scrubbed
 * plain `Error` copy of its string-keyed fields, so a foreign error's hidden parts (symbols such
 * as an inspect hook, getters of a Request) never stay.
 */
function scrubError<E extends Error>(error: E, text: (s: string) => string, depth: number): E {
  const e = error as Error & Record<string, unknown>;
  try {
    e.message = text(e.message);
    if (typeof e.stack === 'string') e.stack = text(e.stack);
    for (const k of Object.keys(e)) if (k !== 'cause') e[k] = deep(e[k], text, 1, [e]);
    const { cause } = e;
    if (cause !== undefined) {
      e.cause =
        depth >= MAX_DEPTH
          ? REDACTED
          : cause instanceof ChannelKitError
            ? scrubError(cause, text, depth + 1)
            : cause instanceof Error
              ? scrubError(Object.assign(new Error(cause.message, cause), Object.fromEntries(Object.entries(cause)), { name: cause.name, stack: cause.stack }), text, depth + 1)
              : deep(cause, text, 1, [e]);
    }
  } catch {
    // A frozen or exotic error cannot be cleaned in place: report a clean stand-in instead.
    return Object.assign(new Error(text(String(e.message))), { name: String(e.name) }) as unknown as E;
  }
  return error;
}

/**
 * A set of known secret values plus {@link redact}. A connection owns one; auth providers
 * register what they hand out (API keys, JWTs, secret keys, session tokens) so that even a
 * secret that matches no known shape is scrubbed.
 *
 * @example
 * ```ts
 * const redactor = createRedactor();
 * redactor.add(apiKey);
 * logger.warn(redactor.text(`handshake failed: ${serverMessage}`));
 * ```
 */
export interface Redactor {
  add(secret: string | undefined | null): void;
  text(text: string): string;
  /** A redacted, JSON-safe copy of any value (any depth, cycles allowed) for structured logging. */
  value(value: unknown): unknown;
  /**
   * Redacts an error in place — message, stack, every own field at any depth, and the whole
   * cause chain (foreign causes are replaced by scrubbed copies) — then returns it. Only an
   * error that cannot be modified (frozen) is answered with a scrubbed stand-in instead.
   */
  scrub<E extends Error>(error: E): E;
}

/**
 * Creates a {@link Redactor}.
 *
 * @example
 * ```ts
 * const r = createRedactor(['my-api-key']);
 * r.text('sent my-api-key'); // 'sent [REDACTED]'
 * ```
 */
export function createRedactor(initial: Iterable<string> = []): Redactor {
  // A string is iterable too: its characters would silently redact nothing.
  if (typeof initial !== 'object' || typeof initial?.[Symbol.iterator] !== 'function') throw invalidArgument('initial', 'must be an iterable of secret strings (not a string)');
  const secrets = new Set<string>();
  const add = (secret: string | undefined | null) => {
    if (secret != null && typeof secret !== 'string') throw invalidArgument('secret', 'must be a string (or null/undefined, ignored)');
    if (secret && secret.length >= 4) secrets.add(secret);
  };
  for (const s of initial) add(s);
  const text = (t: string) => redact(t, secrets);
  const scrub = <E extends Error>(error: E): E => {
    if (!(error instanceof Error)) throw invalidArgument('error', 'must be an Error');
    return scrubError(error, text, 0);
  };
  return { add, text, value: (v) => deep(v, text, 0, []), scrub };
}
