import type { Backend, ConnectionRegistry } from './ConnectionRegistry.js';

/**
 * A fault to apply, as `POST /_emulator/faults` takes it.
 * - `drop`: kill matching sockets without a close frame.
 * - `close`: close matching sockets with `code` (default 1000) and `reason`.
 * - `stopKeepAlive`: matching live connections stop getting keep-alives; with `durationMs`
 *   (or until reset) new connections of the backend get none either.
 * - `rejectAuth`: every authorization of the backend fails (for `durationMs`, or until reset).
 * - `throttle`: publishes are refused as throttled (WS error frame, HTTP 429).
 * - `garbage`: matching connections receive one frame that is not valid protocol.
 * - `delayHandshake`: handshakes are answered `durationMs` late.
 * - `refuseHandshake`: WebSocket upgrades are refused with HTTP `code` (default 503).
 * - `reset`: clear every fault.
 *
 * @example
 * ```ts
 * await emulator.faults.apply({ backend: 'appsync', action: 'close', code: 1011 });
 * ```
 */
export interface Fault {
  backend?: Backend;
  connectionId?: string;
  action: 'drop' | 'close' | 'stopKeepAlive' | 'rejectAuth' | 'throttle' | 'garbage' | 'delayHandshake' | 'refuseHandshake' | 'reset';
  code?: number;
  reason?: string;
  durationMs?: number;
}

const ACTIONS = new Set<Fault['action']>(['drop', 'close', 'stopKeepAlive', 'rejectAuth', 'throttle', 'garbage', 'delayHandshake', 'refuseHandshake', 'reset']);
const BACKENDS = new Set<Backend>(['appsync', 'apigw', 'hotsock', 'chime']);

type Standing = 'stopKeepAlive' | 'rejectAuth' | 'throttle' | 'delayHandshake' | 'refuseHandshake';

interface StandingFault {
  action: Standing;
  backend: Backend | undefined;
  until: number;
  code: number | undefined;
  durationMs: number | undefined;
}

/**
 * Applies one-shot faults to live connections and keeps standing ones (auth rejection,
 * throttling, silence, slow or refused handshakes) that the backend servers consult.
 *
 * @example
 * ```ts
 * const faults = new FaultController(registry);
 * faults.apply({ action: 'rejectAuth', backend: 'appsync', durationMs: 5000 });
 * faults.active('appsync', 'rejectAuth'); // true for 5 s
 * ```
 */
export class FaultController {
  #standing: StandingFault[] = [];
  readonly #registry: ConnectionRegistry;
  readonly #now: () => number;

  constructor(registry: ConnectionRegistry, now: () => number = Date.now) {
    this.#registry = registry;
    this.#now = now;
  }

  /** Validates and applies a fault; returns how many live connections it touched. */
  apply(fault: Fault): { affected: number } {
    const f = parseFault(fault);
    const targets = this.#registry.select({ backend: f.backend, connectionId: f.connectionId });
    switch (f.action) {
      case 'reset':
        this.#standing = [];
        return { affected: 0 };
      case 'drop':
        for (const c of targets) c.drop();
        return { affected: targets.length };
      case 'close':
        for (const c of targets) c.close(f.code ?? 1000, f.reason ?? 'closed by emulator fault');
        return { affected: targets.length };
      case 'garbage':
        for (const c of targets) c.sendGarbage();
        return { affected: targets.length };
      case 'stopKeepAlive':
        for (const c of targets) c.stopKeepAlive();
        if (f.connectionId === undefined) this.#stand(f);
        return { affected: targets.length };
      default:
        this.#stand(f);
        return { affected: 0 };
    }
  }

  /** The standing fault of this kind for a backend, if one is in force. */
  active(backend: Backend, action: Standing): StandingFault | undefined {
    const now = this.#now();
    this.#standing = this.#standing.filter((s) => s.until > now);
    return this.#standing.find((s) => s.action === action && (s.backend === undefined || s.backend === backend));
  }

  #stand(f: Fault): void {
    const action = f.action as Standing;
    // delayHandshake's duration is the delay itself; it stays until reset.
    const lasts = action === 'delayHandshake' || f.durationMs === undefined ? Number.POSITIVE_INFINITY : this.#now() + f.durationMs;
    this.#standing.push({ action, backend: f.backend, until: lasts, code: f.code, durationMs: f.durationMs });
  }
}

/** Rejects malformed faults with a message naming the field. */
export function parseFault(input: unknown): Fault {
  const f = (input ?? {}) as Record<string, unknown>;
  if (!ACTIONS.has(f.action as Fault['action'])) throw new RangeError(`fault.action must be one of ${[...ACTIONS].join(', ')}`);
  if (f.backend !== undefined && !BACKENDS.has(f.backend as Backend)) throw new RangeError(`fault.backend must be one of ${[...BACKENDS].join(', ')}`);
  for (const key of ['code', 'durationMs'] as const) {
    if (f[key] !== undefined && (typeof f[key] !== 'number' || !Number.isFinite(f[key]) || (f[key] as number) < 0)) throw new RangeError(`fault.${key} must be a non-negative number`);
  }
  if (f.connectionId !== undefined && typeof f.connectionId !== 'string') throw new RangeError('fault.connectionId must be a string');
  if (f.reason !== undefined && (typeof f.reason !== 'string' || Buffer.byteLength(f.reason) > 123)) throw new RangeError('fault.reason must be a string of at most 123 bytes (the close-frame limit)');
  // A refused upgrade answered 101 or 200 would not be a refusal at all.
  if (f.action === 'refuseHandshake' && f.code !== undefined && !((f.code as number) >= 400 && (f.code as number) <= 599)) {
    throw new RangeError(`fault.code ${String(f.code)} must be an HTTP error status (400-599) for refuseHandshake`);
  }
  if (
    f.action === 'close' &&
    f.code !== undefined &&
    !(f.code === 1000 || ((f.code as number) >= 3000 && (f.code as number) <= 4999) || [1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014].includes(f.code as number))
  ) {
    throw new RangeError(`fault.code ${String(f.code)} cannot be sent in a close frame`);
  }
  return f as unknown as Fault;
}
