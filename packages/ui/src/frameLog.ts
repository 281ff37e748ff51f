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
const MAX = 2000;

function scrub(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  if (typeof value === 'string') return value.replace(SECRET_PARAM, '$1[redacted]');
  return value;
}

/**
 * A frame's text with secrets removed: values under keys that name credentials
 * (`authorization`, `x-api-key`, `token` …), and credential query parameters in URLs.
 * Non-JSON text keeps only URL redaction and is cut to 2,000 characters.
 *
 * @example
 * ```ts
 * redactFrame('{"authorization":{"x-api-key":"da2-secret"}}'); // '{"authorization":"[redacted]"}'
 * ```
 */
export function redactFrame(text: string): string {
  let out: string;
  try {
    out = JSON.stringify(scrub(JSON.parse(text)));
  } catch {
    out = text.replace(SECRET_PARAM, '$1[redacted]');
  }
  return out.length > MAX ? `${out.slice(0, MAX)}…` : out;
}

/**
 * Records the frames of every socket the returned `WebSocket` class opens (redacted, the
 * last `limit`), for {@link ChannelKitDevtools}. Development only: pass its `WebSocket` to
 * `createClient`.
 *
 * @example
 * ```ts
 * const frames = createFrameLog({ limit: 100 });
 * const client = createClient({ backend, WebSocket: frames.WebSocket });
 * ```
 */
export function createFrameLog(options: { limit?: number; WebSocket?: typeof WebSocket } = {}): FrameLog {
  const limit = options.limit ?? 100;
  let frames: readonly Frame[] = [];
  const listeners = new Set<() => void>();
  const push = (direction: Frame['direction'], data: unknown) => {
    const text = typeof data === 'string' ? redactFrame(data) : `[binary ${(data as ArrayBuffer)?.byteLength ?? '?'} bytes]`;
    frames = [...frames.slice(-(limit - 1)), { direction, at: Date.now(), text }];
    for (const l of listeners) l();
  };
  const Base = options.WebSocket ?? globalThis.WebSocket;
  // A subclass, so `instanceof`, constants and every other member stay the platform's own.
  const Logged = class extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      push('open', redactFrame(String(url)));
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
