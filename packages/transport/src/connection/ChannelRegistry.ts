import type { ChannelKitError } from '../errors/ChannelKitError.js';
import type { Platform, TimerHandle } from '../lib/platform.js';
import type { PresenceMember } from './Backend.js';
import { ChannelStateCell } from './ChannelStateStore.js';
import type { MessageSender } from './MessageSender.js';

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
  /** The backend's id of the event, where it has one (Hotsock message id, Chime MessageId). */
  readonly id?: string;
  /**
   * This event changes an earlier one instead of being new: an edit (`update`, `data` is the
   * new content) or a deletion of the event with that id (Chime's UPDATE/DELETE/REDACT).
   */
  readonly changes?: { readonly id: string; readonly action: 'update' | 'delete' };
  /**
   * The sender the backend authenticated (Hotsock, Chime, a server-stamped API Gateway
   * backend); `undefined` where the backend vouches for nobody (AppSync Events). Show this,
   * never a sender named in `data`.
   */
  readonly sender?: MessageSender;
  /**
   * A stored message that was deleted and is listed only as a tombstone (a redacted Chime
   * message in history): show that it was deleted, not its data.
   */
  readonly deleted?: boolean;
  /** Protocol-specific extras (e.g. the concrete channel of a wildcard match). */
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
  /**
   * The wire subscription is live (also called on later acquires of a live channel). `data`
   * is what the backend's acknowledgement carried, if anything.
   */
  onSubscribed?(data?: unknown): void;
  /**
   * The subscription was refused or could not be (re)established, or (still live) the server
   * reported an error delivering to it (AppSync `broadcast_error`).
   */
  onError?(error: ChannelKitError): void;
  /**
   * The channel was resubscribed after an outage and what was missed could not be recovered
   * (the backend keeps no history, or fetching it failed): events may be missing.
   */
  onDiscontinuity?(): void;
}

/** Wire state of a channel's subscription. */
export type WireState = 'none' | 'pending' | 'active' | 'failed';

/** An event waiting while its channel recovers what it missed. */
export interface HeldEvent {
  id: string | undefined;
  data: unknown;
  meta: EventMeta;
}

/** How many recent event ids a channel remembers to drop duplicates after recovery. */
const RECENT_IDS = 512;

/**
 * One channel's refcounted subscription.
 *
 * @example
 * ```ts
 * const { entry } = registry.acquire('/default/a', subscriber);
 * entry.state.getSnapshot().status; // 'idle' until the wire subscribe starts
 * ```
 */
export interface ChannelEntry {
  /** The normalised channel key. */
  readonly channel: string;
  /** The meta object delivered with events that carry no meta of their own (shared, frozen). */
  readonly meta: EventMeta;
  readonly subscribers: Set<ChannelSubscriber>;
  subscriptionId: string | undefined;
  wire: WireState;
  /**
   * When the current (or last) wire subscription was acknowledged (platform ms); undefined until
   * the channel was first live. A later subscribe is a resume: recovery (from the last event id,
   * or from this time when no event was seen) or a discontinuity.
   */
  activeSince: number | undefined;
  graceTimer: TimerHandle | undefined;
  ackTimer: TimerHandle | undefined;
  /** Pending retry of a failed subscribe. */
  retryTimer: TimerHandle | undefined;
  /** Failed subscribe attempts in a row (drives the retry delay). */
  failures: number;
  readonly state: ChannelStateCell;
  lastEventId: string | undefined;
  /** Ids of recent events, newest last (bounded): recovery and live events overlap. */
  readonly recentIds: Set<string>;
  /** Live events held while recovery runs; undefined when not recovering. */
  held: HeldEvent[] | undefined;
  readonly members: Map<string, PresenceMember>;
}

/**
 * Remembers an event id; true when it was seen before (a duplicate to drop).
 *
 * @example
 * ```ts
 * if (seen(entry, frame.id)) return;
 * ```
 */
export function seen(entry: ChannelEntry, id: string | undefined): boolean {
  if (id === undefined) return false;
  if (entry.recentIds.has(id)) return true;
  entry.recentIds.add(id);
  if (entry.recentIds.size > RECENT_IDS) entry.recentIds.delete(entry.recentIds.values().next().value as string);
  entry.lastEventId = id;
  return false;
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
  /** State cells outlive entries: a channel handle keeps reading the same store. */
  readonly #cells = new Map<string, ChannelStateCell>();
  readonly #timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>;
  readonly #graceMs: number;
  readonly #onIdle: (entry: ChannelEntry) => void;

  readonly #onListenerError: ((error: unknown) => void) | undefined;

  constructor(timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>, graceMs: number, onIdle: (entry: ChannelEntry) => void, onListenerError?: (error: unknown) => void) {
    this.#timers = timers;
    this.#graceMs = graceMs;
    this.#onIdle = onIdle;
    this.#onListenerError = onListenerError;
  }

  acquire(channel: string, subscriber: ChannelSubscriber): { entry: ChannelEntry; created: boolean; release: () => void } {
    let entry = this.#byChannel.get(channel);
    const created = entry === undefined;
    if (entry === undefined) {
      entry = {
        channel,
        meta: Object.freeze({ channel }),
        subscribers: new Set(),
        subscriptionId: undefined,
        wire: 'none',
        activeSince: undefined,
        graceTimer: undefined,
        ackTimer: undefined,
        retryTimer: undefined,
        failures: 0,
        state: this.cell(channel),
        lastEventId: undefined,
        recentIds: new Set(),
        held: undefined,
        members: new Map(),
      };
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

  /** The state store of a channel key (created on first use, kept for the client's life). */
  cell(channel: string): ChannelStateCell {
    let cell = this.#cells.get(channel);
    if (cell === undefined) {
      cell = new ChannelStateCell(this.#onListenerError);
      this.#cells.set(channel, cell);
    }
    return cell;
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
    for (const t of [entry.graceTimer, entry.ackTimer, entry.retryTimer]) if (t !== undefined) this.#timers.clearTimeout(t);
    entry.graceTimer = entry.ackTimer = entry.retryTimer = undefined;
    entry.held = undefined;
    entry.state.update({ status: 'idle', error: undefined, members: undefined });
  }
}
