import type { ChannelSubscriber, EventMeta } from '../connection/ChannelRegistry.js';
import type { ChannelStateStore } from '../connection/ChannelStateStore.js';
import type { HistoryFacet, MessagesFacet, PresenceFacet, StorageFacet } from './ChannelFacets.js';
import type { PublishResult } from './PublishResult.js';

/**
 * A typed handle on one channel, cached per normalised name: `client.channel('default/a')`
 * and `client.channel('/default/a')` are the same object, with one wire subscription.
 *
 * @example
 * ```ts
 * const room = client.channel<{ text: string }>('/default/room-1');
 * const release = room.subscribe({ onEvent: (msg) => console.log(msg.text), onDiscontinuity: refetch });
 * const { failed } = await room.publish({ text: 'hi' });
 * room.state.getSnapshot().status; // 'subscribing' | 'subscribed' | …
 * release();
 * ```
 */
export interface Channel<T = unknown> {
  /** The normalised name. */
  readonly name: string;
  /** Subscription status, error, discontinuities, last event id and members, as a store. */
  readonly state: ChannelStateStore;
  /**
   * Leases the channel (refcounted: N subscribers share one wire subscription; the last
   * release unsubscribes after a grace period). Returns the release function (idempotent).
   */
  subscribe(subscriber: ((data: T, meta: EventMeta) => void) | ChannelSubscriber<T>): () => void;
  /** Publishes events (any number: the client splits them into valid requests). */
  publish(...events: T[]): Promise<PublishResult>;
  /** Past events, where the backend keeps them. */
  readonly history?: HistoryFacet<T>;
  /** Edits and deletions of one's own messages, where the backend has them natively (Chime). */
  readonly messages?: MessagesFacet<T>;
  /** Native presence, where the backend has it. */
  readonly presence?: PresenceFacet;
  /** Channel storage, where the backend has it. */
  readonly storage?: StorageFacet;
}
