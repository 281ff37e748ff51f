import type { MessageSender } from '@channelkit/transport';

/**
 * One connection as the store keeps it: who it is (what `identify` returned at `$connect`)
 * and when it was stored.
 *
 * @example
 * ```ts
 * const connection: StoredConnection = { connectionId: 'abc=', identity: { id: 'ada', name: 'Ada' }, connectedAt: Date.now() };
 * ```
 */
export interface StoredConnection {
  connectionId: string;
  identity: ConnectionIdentity;
  connectedAt: number;
}

/**
 * Who a connection is. `id` and `name` are what peers see as the sender of its events and as
 * its presence entry; `claims` stay on the server (for `authorize`).
 *
 * @example
 * ```ts
 * const identity: ConnectionIdentity = { id: 'user-42', name: 'Ada', claims: { groups: ['admins'] } };
 * ```
 */
export interface ConnectionIdentity extends MessageSender {
  readonly claims?: Readonly<Record<string, unknown>>;
  /**
   * Nobody vouched for this connection (the router's `anonymous` option): it is a presence
   * entry under its `anonymous:<connectionId>` id, but its events carry no sender — a sender
   * nobody authenticated would be a guess, and clients show such events as unverified.
   */
  readonly anonymous?: true;
}

/**
 * One subscription: a connection on a channel, under the id the client chose.
 *
 * @example
 * ```ts
 * const sub: StoredSubscription = { channel: 'room', connectionId: 'abc=', subscriptionId: 's1', sender: { id: 'ada' }, presence: false };
 * ```
 */
export interface StoredSubscription {
  channel: string;
  connectionId: string;
  subscriptionId: string;
  /** The subscriber's public identity, copied here so a channel's members come from one read. */
  sender: MessageSender;
  /** Whether the subscription entered the channel's presence. */
  presence: boolean;
}

/**
 * Where the router keeps connections and subscriptions. The router holds no state of its own,
 * so two routers over one store (two warm Lambdas over one table) behave as one.
 *
 * Every method is one access pattern, chosen so that DynamoDB serves each with one
 * single-item conditional write or one `Query` (the key design, in the README):
 *
 * | method | DynamoDB |
 * | --- | --- |
 * | `putConnection` | `PutItem` `pk=CONN#<id>`, `sk=CONN` (with a TTL attribute) |
 * | `getConnection` | `GetItem` of that item |
 * | `deleteConnection` | `DeleteItem` of that item |
 * | `subscribe` | `PutItem` `pk=CHAN#<channel>`, `sk=CONN#<id>`, `gsi1pk=CONN#<id>`, `attribute_not_exists(pk) OR subscriptionId = :id` |
 * | `unsubscribe` | `DeleteItem` of that item, `ReturnValues: ALL_OLD` |
 * | `subscribers` | `Query pk=CHAN#<channel>` (members: the items with `presence`) |
 * | `subscriptionsOf` | `Query` on GSI1 `gsi1pk=CONN#<id>` |
 *
 * @example
 * ```ts
 * const store: ChannelStore = memoryStore();
 * await store.subscribe({ channel: 'room', connectionId: 'abc=', subscriptionId: 's1', sender: { id: 'ada' }, presence: false });
 * const ids = (await store.subscribers('room')).map((s) => s.connectionId);
 * ```
 */
export interface ChannelStore {
  putConnection(connection: StoredConnection): Promise<void>;
  getConnection(connectionId: string): Promise<StoredConnection | undefined>;
  deleteConnection(connectionId: string): Promise<void>;
  /**
   * Stores the subscription; one per (channel, connection): a second subscribe of the same
   * connection to the same channel replaces the first. Resolves to `false` when the
   * connection was already on the channel (so presence does not announce it twice).
   */
  subscribe(subscription: StoredSubscription): Promise<boolean>;
  /** Removes the connection from the channel; resolves to what was removed. */
  unsubscribe(channel: string, connectionId: string): Promise<StoredSubscription | undefined>;
  /** Every subscription on a channel (one `Query`). */
  subscribers(channel: string): Promise<StoredSubscription[]>;
  /** Every subscription of a connection (one `Query` on the index). */
  subscriptionsOf(connectionId: string): Promise<StoredSubscription[]>;
}
