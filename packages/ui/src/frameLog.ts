import { createRedactor, type Redactor } from '@channelkit/transport';

/**
 * One WebSocket frame as recorded by {@link createFrameLog} (already redacted).
 *
 * @example
 * ```ts
 * const f: Frame = { direction: 'in', at: Date.now(), text: '{"type":"ka"}' };
 * ```
 */
export interface Frame {
  readonly direction: 'in' | 'out' | 'open' | 'close';
  readonly at: number;
  readonly text: string;
}

/**
 * What {@link createFrameLog} returns: a WebSocket class to give `createClient`, and a store.
 *
 * @example
 * ```ts
 * const log: FrameLog = createFrameLog();
 * const client = createClient({ backend, WebSocket: log.WebSocket });
 * ```
 */
export interface FrameLog {
  /** Wraps the global (or given) WebSocket and records frames. */
  readonly WebSocket: typeof WebSocket;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => readonly Frame[];
}

const SECRET_KEY = /authorization|api[-_]?key|token|secret|password|signature|credential|cookie|jwt|x-amz-security-token/i;
const SECRET_PARAM = /([?&](?:x-amz-[a-z-]*|token|api[-_]?key|authorization|signature|credential|header|payload)=)[^&]*/gi;
/** URL parameters whose values are secrets: learnt at `open`, then scrubbed wherever they reappear. */
const SECRET_URL_PARAM = /^(?:x-amz-[a-z-]*|token|api[-_]?key|authorization|signature|credential|header|payload|connection[-_]?secret)$/i;
const MAX = 2000;

/**
 * Values under secret-named keys are replaced, and handed to `learn` so that the same value
 * quoted elsewhere (a close reason, an error message) is caught by the redactor too.
 */
function scrub(value: unknown, key: string, learn: (secret: string) => void): unknown {
  if (SECRET_KEY.test(key)) {
    if (typeof value === 'string') learn(value);
    return '[redacted]';
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, '', learn));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k, learn)]));
  if (typeof value === 'string') return value.replace(SECRET_PARAM, '$1[redacted]');
  return value;
}

/**
 * A frame's text with secrets removed, keys and values alike: values under keys that name
 * credentials (`authorization`, `x-api-key`, `token` …) and credential query parameters, then
 * the whole text through the transport's redactor, which knows the shapes secrets take
 * anywhere in a string (JWTs, SigV4 signatures and session-token parameters, API keys) and,
 * given `redactor`, every secret value registered with it. Cut to 2,000 characters after
 * redaction, so a cut never leaves half a secret.
 *
 * @example
 * ```ts
 * redactFrame('{"authorization":{"x-api-key":"da2-secret"}}'); // '{"authorization":"[redacted]"}'
 * redactFrame('{"event":"hotsock.error","error":{"message":"bad token eyJhbGciOi…"}}'); // the JWT is [REDACTED]
 * ```
 */
export function redactFrame(text: string, redactor: Redactor = createRedactor()): string {
  let out: string;
  try {
    out = JSON.stringify(scrub(JSON.parse(text), '', redactor.add));
  } catch {
    out = text.replace(SECRET_PARAM, '$1[redacted]');
  }
  out = redactor.text(out);
  return out.length > MAX ? `${out.slice(0, MAX)}…` : out;
}

/** Registers the secret-named query parameters of a socket URL (Chime's session token, Hotsock's token). */
function learnUrl(url: string, redactor: Redactor): void {
  try {
    for (const [k, v] of new URL(url).searchParams) if (SECRET_URL_PARAM.test(k)) redactor.add(v);
  } catch {
    // Not a URL: the patterns still apply to the text.
  }
}

/**
 * Records the frames of every socket the returned `WebSocket` class opens (redacted, the
 * last `limit`), for {@link ChannelKitDevtools}. Development only: pass its `WebSocket` to
 * `createClient`. Every frame, URL and close reason goes through the transport's redactor
 * (`redactor`, default a fresh one) after the secrets of each connect URL are registered with it.
 *
 * @example
 * ```ts
 * const frames = createFrameLog({ limit: 100 });
 * const client = createClient({ backend, WebSocket: frames.WebSocket });
 * ```
 */
export function createFrameLog(options: { limit?: number; WebSocket?: typeof WebSocket; redactor?: Redactor } = {}): FrameLog {
  const limit = options.limit ?? 100;
  // One redactor for the log's lifetime: a secret seen once (in a connect URL, under a secret
  // key) stays known, so a later close reason or error message quoting it is scrubbed too.
  const redactor = options.redactor ?? createRedactor();
  let frames: readonly Frame[] = [];
  const listeners = new Set<() => void>();
  const push = (direction: Frame['direction'], data: unknown) => {
    const text = typeof data === 'string' ? redactFrame(data, redactor) : `[binary ${(data as ArrayBuffer)?.byteLength ?? '?'} bytes]`;
    frames = [...frames.slice(-(limit - 1)), { direction, at: Date.now(), text }];
    for (const l of listeners) l();
  };
  const Base = options.WebSocket ?? globalThis.WebSocket;
  // A subclass, so `instanceof`, constants and every other member stay the platform's own.
  const Logged = class extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      learnUrl(String(url), redactor);
      push('open', String(url));
      this.addEventListener('message', (e: MessageEvent) => push('in', e.data));
      this.addEventListener('close', (e: CloseEvent) => push('close', `${e.code} ${e.reason}`));
    }
    override send(data: Parameters<WebSocket['send']>[0]): void {
      push('out', data);
      super.send(data);
    }
  };
  return {
    WebSocket: Logged as typeof WebSocket,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => frames,
  };
}
