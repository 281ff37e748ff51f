const REDACTED = '[REDACTED]';

/**
 * Shapes of secrets that can be recognised without being told the value. Order matters:
 * whole tokens first, then `name=value` pairs.
 */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // JWTs (Cognito, OIDC, Hotsock): three base64url parts, the first a JSON header.
  [/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, `${REDACTED}`],
  // AppSync Events carries its whole auth header in a `header-<base64url>` subprotocol.
  [/\bheader-[A-Za-z0-9_-]{8,}/g, `header-${REDACTED}`],
  // Presigned URL parameters, raw or percent-encoded.
  [/(X-Amz-(?:Signature|Security-Token|Credential)(?:=|%3D))[^&\s"'<>]+/gi, `$1${REDACTED}`],
  // SigV4 Authorization header pieces.
  [/(Signature=)[0-9a-f]{16,}/gi, `$1${REDACTED}`],
  [/(Credential=)[^,\s"]+/g, `$1${REDACTED}`],
  [/(\bBearer\s+)[A-Za-z0-9._~+/-]+=*/gi, `$1${REDACTED}`],
  // `key: value` / `"key":"value"` / `key=value` for the names secrets travel under.
  [
    /((?:x-api-key|x-amz-security-token|authorization|api[_-]?key|secret[_-]?access[_-]?key|session[_-]?token|access[_-]?token|id[_-]?token|connection[_-]?secret|password|secret|token)["']?\s*[:=]\s*["']?)[^"'\s,&}]+/gi,
    `$1${REDACTED}`,
  ],
];

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
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
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
  /** A redacted copy of any value for structured logging. */
  value(value: unknown): unknown;
  /** Redacts an error's message (and its cause's) in place, then returns it. */
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
  const secrets = new Set<string>();
  const add = (secret: string | undefined | null) => {
    if (secret && secret.length >= 4) secrets.add(secret);
  };
  for (const s of initial) add(s);
  const value = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (v instanceof Error) return { name: v.name, message: redact(v.message, secrets), ...('code' in v ? { code: v.code } : {}) };
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => value(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = value(x, depth + 1);
    return out;
  };
  const scrub = <E extends Error>(error: E, depth = 0): E => {
    error.message = redact(error.message, secrets);
    if (error.cause instanceof Error && depth < 4) scrub(error.cause, depth + 1);
    else if (typeof error.cause === 'string') (error as { cause: unknown }).cause = redact(error.cause, secrets);
    const details = (error as { details?: unknown }).details;
    if (details && typeof details === 'object') Object.assign(details, value(details));
    return error;
  };
  return { add, text: (t) => redact(t, secrets), value: (v) => value(v), scrub };
}
