import type { ChannelKitError } from '../errors/ChannelKitError.js';
import { OutboxFullError } from '../errors/errors.js';

/**
 * Bounds of the {@link Outbox}.
 *
 * @example
 * ```ts
 * const bounds: OutboxBounds = { maxEvents: 100, maxBytes: 256 * 1024 };
 * ```
 */
export interface OutboxBounds {
  /** Most events held at once (default 1,000). */
  maxEvents: number;
  /** Most bytes (UTF-8 JSON of the events) held at once (default 1 MiB). */
  maxBytes: number;
}

/**
 * Defaults of {@link OutboxBounds}.
 *
 * @example
 * ```ts
 * createClient({ backend, outbox: { ...DEFAULT_OUTBOX_BOUNDS, maxEvents: 50 } });
 * ```
 */
export const DEFAULT_OUTBOX_BOUNDS: OutboxBounds = Object.freeze({ maxEvents: 1000, maxBytes: 1024 * 1024 });

/**
 * One queued publish with the promise it settles.
 *
 * @example
 * ```ts
 * const entry: OutboxEntry = { channel: '/a', events: [1], bytes: 3, resolve, reject };
 * ```
 */
export interface OutboxEntry {
  channel: string;
  events: readonly unknown[];
  bytes: number;
  context?: unknown;
  resolve(value: unknown): void;
  reject(error: ChannelKitError): void;
}

/**
 * FIFO of publishes made while the socket is not ready. Bounded in events and bytes: an
 * entry that does not fit is refused with {@link OutboxFullError} up front — nothing already
 * queued is ever evicted, and nothing leaves except by being sent or rejected.
 *
 * @example
 * ```ts
 * const outbox = new Outbox(DEFAULT_OUTBOX_BOUNDS);
 * outbox.push(entry); // throws OutboxFullError when over a bound
 * for (const e of outbox.drain()) send(e);
 * ```
 */
export class Outbox {
  #entries: OutboxEntry[] = [];
  #events = 0;
  #bytes = 0;
  readonly #bounds: OutboxBounds;

  constructor(bounds: OutboxBounds) {
    this.#bounds = bounds;
  }

  get size(): number {
    return this.#entries.length;
  }

  get events(): number {
    return this.#events;
  }

  get bytes(): number {
    return this.#bytes;
  }

  push(entry: OutboxEntry): void {
    this.pushAll([entry]);
  }

  /**
   * Admits entries all together or none of them: one publish call split into several
   * requests must not be half queued (the caller is told it failed, so none may go out later).
   */
  pushAll(entries: readonly OutboxEntry[]): void {
    let events = this.#events;
    let bytes = this.#bytes;
    for (const e of entries) {
      events += e.events.length;
      bytes += e.bytes;
    }
    if (events > this.#bounds.maxEvents) throw new OutboxFullError('maxEvents', events, this.#bounds.maxEvents);
    if (bytes > this.#bounds.maxBytes) throw new OutboxFullError('maxBytes', bytes, this.#bounds.maxBytes);
    this.#entries.push(...entries);
    this.#events = events;
    this.#bytes = bytes;
  }

  /** Removes and returns every entry, oldest first. */
  drain(): OutboxEntry[] {
    const out = this.#entries;
    this.#entries = [];
    this.#events = this.#bytes = 0;
    return out;
  }

  /**
   * Puts entries that left the outbox but never reached the socket back at its front, in
   * order. They were admitted once, so bounds are not re-checked: refusing them now would
   * lose publishes the caller was told are queued.
   */
  requeue(entries: readonly OutboxEntry[]): void {
    this.#entries.unshift(...entries);
    for (const e of entries) {
      this.#events += e.events.length;
      this.#bytes += e.bytes;
    }
  }

  /** Rejects and removes every entry. */
  rejectAll(error: ChannelKitError): void {
    for (const entry of this.drain()) entry.reject(error);
  }
}
