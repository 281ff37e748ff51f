import { type Channel, type ChannelState, type EventMeta, IDLE_CHANNEL_STATE, type MessageSender } from '@channelkit/transport';
import { EMPTY } from './EMPTY.js';
import { eventId } from './eventId.js';
import { frameScheduler } from './frameScheduler.js';

// A channel's feed, with no React in it (zustand's vanilla.ts, TanStack's observers): a bounded
// window of live events behind a frame-batched store, the edits and deletions seen, the leases
// taken on the channel, and the acknowledged publishes it adopted. The provider's runtime keeps
// one per channel and drops it once nothing has used it for a while.

/**
 * One live event as hooks show it.
 *
 * @example
 * ```ts
 * const last: LiveEvent<{ text: string }> | undefined = events.at(-1);
 * ```
 */
export interface LiveEvent<T = unknown> {
  /** The event's id: the backend's id, else `data.id` when the event carries one. */
  readonly id: string | undefined;
  /**
   * A key that names this event for as long as it is listed (a React key): its id, else one
   * given on arrival. It never shifts when the window moves, and an acknowledged publish keeps
   * the key it had as an optimistic entry when its echo replaces it.
   */
  readonly key: string;
  readonly data: T;
  readonly meta: EventMeta;
}

/**
 * An edit (`update`) or deletion (`delete`) seen on the channel, by the id of the message it
 * changes (`meta.changes`).
 *
 * @example
 * ```ts
 * const change: FeedChange | undefined = feed.getSnapshot().changes.get(message.id);
 * ```
 */
export interface FeedChange {
  readonly action: 'update' | 'delete';
  readonly data: unknown;
  /** Who made the change, where the backend vouches for it. */
  readonly sender: MessageSender | undefined;
  /**
   * Carried in the data (`$changes`, the convention of backends without native edits) rather
   * than by the backend: applied only to a message of the same authenticated sender, or where
   * the backend authenticates nobody.
   */
  readonly convention: boolean;
}

/**
 * What one channel's feed holds: the recent events (oldest first, bounded), the channel's
 * transport state, the edits and deletions seen, and when its wire lease was last taken afresh.
 *
 * @example
 * ```ts
 * const { events, state } = feed.getSnapshot();
 * ```
 */
export interface FeedSnapshot<T = unknown> {
  readonly events: readonly LiveEvent<T>[];
  readonly state: ChannelState;
  /**
   * Edits and deletions by the id they name (see {@link changeKey}); they outlive the window
   * that brought them.
   */
  readonly changes: ReadonlyMap<string, FeedChange>;
  /**
   * When (epoch ms) the feed last leased its channel while the transport had no subscription
   * to it (first use, or back after the release grace): anything older, such as a cached
   * history page, may miss what was published in between. 0 before the first lease.
   */
  readonly leasedAt: number;
}

/**
 * Where {@link FeedSnapshot.changes} keeps a change to message `id`: by id alone (the backend's
 * own changes, and convention changes from nobody in particular), or by id and sender (a
 * convention change whose sender the backend authenticated).
 *
 * @example
 * ```ts
 * const mine = snapshot.changes.get(changeKey(message.id, message.sender)) ?? snapshot.changes.get(message.id);
 * ```
 */
export function changeKey(id: string, sender?: MessageSender): string {
  return sender ? `${id}\n${sender.id}` : id;
}

/**
 * A channel's feed: the store behind `useChannel`, shared by every hook of that channel.
 *
 * @example
 * ```ts
 * const release = feed.acquire((data, meta) => console.log(data, meta));
 * ```
 */
export interface ChannelFeed<T = unknown> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): FeedSnapshot<T>;
  getServerSnapshot(): FeedSnapshot<T>;
  /** Leases the channel (one transport lease per feed); returns the release function. */
  acquire(onEvent?: (data: T, meta: EventMeta) => void): () => void;
}

/**
 * What {@link createFeed} needs from its owner.
 *
 * @example
 * ```ts
 * const options: FeedOptions = { windowSize: () => 100, onEcho: (ids) => retire(ids), isOwn: () => false, onHandlerError: console.error, onUse: () => {} };
 * ```
 */
export interface FeedOptions {
  /** How many live events to keep (read on every event: the provider's prop may change). */
  windowSize(): number;
  /** The app ids (`data.id`) of the events just shown: their optimistic entries are retired. */
  onEcho(appIds: readonly string[]): void;
  /**
   * Whether `data.id` names one of this client's optimistic entries on the channel: its echo then
   * keeps the entry's key (its row stays mounted).
   */
  isOwn(appId: string): boolean;
  /** Where a throwing `onEvent` handler is reported (the other handlers still run). */
  onHandlerError(error: unknown): void;
  /** Called when the feed becomes used (a lease or a store listener) or unused. */
  onUse(used: boolean): void;
}

/**
 * A feed and what its owner does with it.
 *
 * @example
 * ```ts
 * const feed = createFeed(client.channel('/default/room'), options);
 * if (!feed.used()) feed.dispose();
 * ```
 */
export interface OwnedFeed<T> extends ChannelFeed<T> {
  /** Leased or listened to. */
  used(): boolean;
  /** Leased: events are being heard (an acknowledged publish can be shown as delivered). */
  leased(): boolean;
  /**
   * Shows an acknowledged publish as a live event at once (keyed `key`), for backends that do
   * not echo to the sender; its echo, if one comes, replaces it in place under the same key.
   */
  adopt(data: T, key: string, shown: () => void): void;
  /** Stops following the channel's state (the feed is being dropped). */
  dispose(): void;
}

const EMPTY_CHANGES: ReadonlyMap<string, FeedChange> = new Map();
const EMPTY_FEED: FeedSnapshot<never> = Object.freeze({ events: EMPTY, state: IDLE_CHANNEL_STATE, changes: EMPTY_CHANGES, leasedAt: 0 });

// Edits kept per feed: they must outlive the window (or a deleted message would come back with
// the next history page), but not grow for ever on a busy channel.
const CHANGES_PER_WINDOW = 10;

/**
 * Creates a channel's feed (pure: nothing is leased until `acquire`).
 *
 * @example
 * ```ts
 * const feed = createFeed(client.channel('/default/room'), { windowSize: () => 100, onEcho() {}, isOwn: () => false, onHandlerError: console.error, onUse() {} });
 * const release = feed.acquire();
 * ```
 */
export function createFeed<T>(handle: Channel<T>, options: FeedOptions): OwnedFeed<T> {
  let snapshot: FeedSnapshot<T> = EMPTY_FEED;
  const recent: LiveEvent<T>[] = [];
  let changes: Map<string, FeedChange> | undefined;
  let changed = false;
  let leasedAt = 0;
  let dirty = false;
  let seq = 0;
  const echoes: string[] = [];
  const shown: Array<() => void> = [];
  // App id → key of an adopted publish: its echo takes its place (and key) in the window.
  const adopted = new Map<string, string>();
  const listeners = new Set<() => void>();
  const handlers = new Set<(data: T, meta: EventMeta) => void>();
  let leases = 0;
  let release: (() => void) | undefined;
  let stateOff: (() => void) | undefined;
  let wasUsed = false;

  const use = () => {
    const now = leases > 0 || listeners.size > 0;
    if (now !== wasUsed) {
      wasUsed = now;
      options.onUse(now);
    }
  };

  const flush = () => {
    const state = handle.state.getSnapshot();
    if (!dirty && state === snapshot.state && leasedAt === snapshot.leasedAt) return;
    dirty = false;
    let nextChanges = snapshot.changes;
    if (changed && changes) {
      changed = false;
      nextChanges = new Map(changes);
    }
    snapshot = { events: recent.slice(), state, changes: nextChanges, leasedAt };
    // Retire the echoed optimistic entries in the same tick as the live copies appear: React
    // renders both changes at once, so a sent message never vanishes for a frame.
    if (echoes.length) options.onEcho(echoes.splice(0));
    for (const done of shown.splice(0)) done();
    for (const l of [...listeners]) l();
  };
  const schedule = frameScheduler(flush);

  const push = (event: LiveEvent<T>) => {
    recent.push(event);
    const size = options.windowSize();
    while (recent.length > size) {
      const gone = recent.shift()!;
      if (gone.meta.local && gone.id !== undefined) adopted.delete(gone.id);
    }
  };

  const onEvent = (raw: T, rawMeta: EventMeta) => {
    const convention = rawMeta.changes ? undefined : conventionChanges(raw);
    const data = convention ? (convention.data as T) : raw;
    const meta: EventMeta = convention ? { ...rawMeta, changes: convention.changes } : rawMeta;
    const id = eventId(data, meta);
    const own = eventId(data);
    if (meta.changes) {
      changes ??= new Map();
      // A convention change with a known sender is kept under (id, sender): a peer's forged
      // change must not displace the author's own edit.
      const at = changeKey(meta.changes.id, convention ? meta.sender : undefined);
      changes.delete(at);
      changes.set(at, { action: meta.changes.action, data, sender: meta.sender, convention: convention !== undefined });
      if (changes.size > options.windowSize() * CHANGES_PER_WINDOW) changes.delete(changes.keys().next().value!);
      changed = true;
    }
    const adoptedKey = own === undefined || meta.changes ? undefined : adopted.get(own);
    if (adoptedKey !== undefined) {
      // The echo of a publish shown since its ack: same place, same key (no remount).
      adopted.delete(own!);
      const at = recent.findIndex((e) => e.key === adoptedKey);
      if (at >= 0) recent[at] = { id, key: adoptedKey, data, meta };
      else push({ id, key: adoptedKey, data, meta });
    } else push({ id, key: own !== undefined && !meta.changes && options.isOwn(own) ? own : (id ?? `live-${++seq}`), data, meta });
    dirty = true;
    // Optimistic entries know the app's id only (the backend's is assigned on the way).
    if (own !== undefined) echoes.push(own);
    schedule();
    // One throwing handler must not starve the others (each component has its own).
    for (const h of [...handlers]) {
      try {
        h(data, meta);
      } catch (error) {
        options.onHandlerError(error);
      }
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      use();
      if (!stateOff) stateOff = handle.state.subscribe(schedule);
      // A state change between render and subscribe must not be lost.
      if (handle.state.getSnapshot() !== snapshot.state) schedule();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stateOff) {
          stateOff();
          stateOff = undefined;
        }
        use();
      };
    },
    getSnapshot: () => snapshot,
    getServerSnapshot: () => EMPTY_FEED,
    acquire(handler) {
      if (handler) handlers.add(handler);
      // One transport lease per feed; the transport's own grace period keeps the wire
      // subscription across StrictMode's unmount–remount.
      if (leases++ === 0) {
        // Not subscribed now: the transport dropped the wire subscription (or never had it),
        // so whatever was cached may miss what was published meanwhile.
        if (handle.state.getSnapshot().status !== 'subscribed') {
          leasedAt = Date.now();
          schedule();
        }
        release = handle.subscribe({ onEvent, onError: schedule, onDiscontinuity: schedule, onSubscribed: schedule });
      }
      use();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        if (handler) handlers.delete(handler);
        if (--leases === 0) {
          release?.();
          release = undefined;
        }
        use();
      };
    },
    used: () => wasUsed,
    leased: () => leases > 0,
    adopt(data, key, done) {
      const own = eventId(data);
      // Its echo may already be in the window (heard before the ack): then that is the message.
      if (own === undefined || !recent.some((e) => !e.meta.local && !e.meta.changes && eventId(e.data) === own)) {
        if (own !== undefined) adopted.set(own, key);
        push({ id: own, key, data, meta: { channel: handle.name, local: true } });
      }
      shown.push(done);
      dirty = true;
      schedule();
    },
    dispose() {
      stateOff?.();
      stateOff = undefined;
      listeners.clear();
    },
  };
}

/**
 * The `$changes` convention, for backends with no native edits (AppSync Events, API Gateway,
 * Hotsock): an event `{ ...newContent, $changes: { id, action: 'update' } }` edits message `id`,
 * `{ $changes: { id, action: 'delete' } }` deletes it. `usePublish().edit/remove` send these.
 */
function conventionChanges(data: unknown): { changes: { id: string; action: 'update' | 'delete' }; data: unknown } | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Object.hasOwn(data, '$changes')) return undefined;
  const { $changes: c, ...rest } = data as { $changes: unknown };
  if (c === null || typeof c !== 'object') return undefined;
  const { id, action } = c as { id?: unknown; action?: unknown };
  if (typeof id !== 'string' || id === '' || (action !== 'update' && action !== 'delete')) return undefined;
  return { changes: { id, action }, data: rest };
}
