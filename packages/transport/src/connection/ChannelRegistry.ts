import type { ChannelKitError } from '../errors/ChannelKitError.js';
import type { Platform, TimerHandle } from '../lib/platform.js';

/**
 * Metadata delivered with every event.
 *
 * @example
 * ```ts
 * channel.subscribe((data, meta) => console.log(meta.channel, data));
 * ```
 */
export interface EventMeta {
  /** The channel subscribed to (for wildcard subscriptions, the pattern). */
  readonly channel: string;
  /** Protocol-specific extras (e.g. the concrete channel of a wildcard match, an event id). */
  readonly [key: string]: unknown;
}

/**
 * A listener of one channel. Only `onEvent` is required.
 *
 * @example
 * ```ts
 * const release = connection.channel('/default/room').subscribe({
 *   onEvent: (msg) => append(msg),
 *   onDiscontinuity: () => refetchHistory(),
 *   onError: (error) => showError(error),
 * });
 * ```
 */
export interface ChannelSubscriber<T = unknown> {
  onEvent(data: T, meta: EventMeta): void;
  /** The wire subscription is live (also called on later acquires of a live channel). */
  onSubscribed?(): void;
  /**
   * The subscription was refused or could not be (re)established, or (still live) the server
   * reported an error delivering to it (AppSync `broadcast_error`).
   */
  onError?(error: ChannelKitError): void;
  /** The channel was resubscribed after an outage: events may have been missed. */
  onDiscontinuity?(): void;
}

/** Wire state of a channel's subscription. */
export type WireState = 'none' | 'pending' | 'active' | 'failed';

/** One channel's refcounted subscription. */
export interface ChannelEntry {
  readonly channel: string;
  /** The meta object delivered with events that carry no meta of their own (shared, frozen). */
  readonly meta: EventMeta;
  readonly subscribers: Set<ChannelSubscriber>;
  subscriptionId: string | undefined;
  wire: WireState;
  /** True once the channel was live at least once: resubscribes then signal discontinuity. */
  wasActive: boolean;
  graceTimer: TimerHandle | undefined;
  ackTimer: TimerHandle | undefined;
}

/**
 * Reference-counted channel leases. N subscribers of a channel share one entry (one wire
 * subscription); releasing the last one starts a grace period, and only when it expires is
 * the entry dropped via `onIdle` — so React StrictMode's mount → unmount → mount, or a route
 * change that re-renders the same channel, costs no unsubscribe/subscribe round trip.
 * (TanStack Query's gcTime and Liveblocks' `leaseRoom` follow the same idea.)
 *
 * @example
 * ```ts
 * const registry = new ChannelRegistry(platform, 500, (entry) => unsubscribeOnWire(entry));
 * const { entry, created, release } = registry.acquire('/default/a', subscriber);
 * release(); // entry lives 500 ms longer
 * ```
 */
export class ChannelRegistry {
  readonly #byChannel = new Map<string, ChannelEntry>();
  readonly #bySubscriptionId = new Map<string, ChannelEntry>();
  readonly #timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>;
  readonly #graceMs: number;
  readonly #onIdle: (entry: ChannelEntry) => void;

  constructor(timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>, graceMs: number, onIdle: (entry: ChannelEntry) => void) {
    this.#timers = timers;
    this.#graceMs = graceMs;
    this.#onIdle = onIdle;
  }

  acquire(channel: string, subscriber: ChannelSubscriber): { entry: ChannelEntry; created: boolean; release: () => void } {
    let entry = this.#byChannel.get(channel);
    const created = entry === undefined;
    if (entry === undefined) {
      entry = { channel, meta: Object.freeze({ channel }), subscribers: new Set(), subscriptionId: undefined, wire: 'none', wasActive: false, graceTimer: undefined, ackTimer: undefined };
      this.#byChannel.set(channel, entry);
    }
    if (entry.graceTimer !== undefined) {
      this.#timers.clearTimeout(entry.graceTimer);
      entry.graceTimer = undefined;
    }
    // A distinct object per lease (inheriting the subscriber's methods), so the same subscriber
    // object may hold two independent leases.
    const lease: ChannelSubscriber = Object.create(subscriber);
    entry.subscribers.add(lease);
    const owned = entry;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      owned.subscribers.delete(lease);
      if (owned.subscribers.size === 0 && this.#byChannel.get(owned.channel) === owned) {
        owned.graceTimer = this.#timers.setTimeout(() => {
          owned.graceTimer = undefined;
          if (owned.subscribers.size > 0) return;
          this.delete(owned);
          this.#onIdle(owned);
        }, this.#graceMs);
      }
    };
    return { entry, created, release };
  }

  /** Associates a fresh wire subscription id with the entry (dropping the old one). */
  assignSubscriptionId(entry: ChannelEntry, subscriptionId: string): void {
    if (entry.subscriptionId !== undefined) this.#bySubscriptionId.delete(entry.subscriptionId);
    entry.subscriptionId = subscriptionId;
    this.#bySubscriptionId.set(subscriptionId, entry);
  }

  bySubscriptionId(subscriptionId: string): ChannelEntry | undefined {
    return this.#bySubscriptionId.get(subscriptionId);
  }

  byChannel(channel: string): ChannelEntry | undefined {
    return this.#byChannel.get(channel);
  }

  entries(): ChannelEntry[] {
    return [...this.#byChannel.values()];
  }

  get size(): number {
    return this.#byChannel.size;
  }

  delete(entry: ChannelEntry): void {
    this.#byChannel.delete(entry.channel);
    if (entry.subscriptionId !== undefined) this.#bySubscriptionId.delete(entry.subscriptionId);
    for (const t of [entry.graceTimer, entry.ackTimer]) if (t !== undefined) this.#timers.clearTimeout(t);
    entry.graceTimer = entry.ackTimer = undefined;
  }
}
