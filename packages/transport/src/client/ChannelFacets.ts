import type { PresenceMember } from '../connection/Backend.js';

/**
 * One page of a channel's history, oldest first.
 *
 * @example
 * ```ts
 * const page: HistoryPage<Message> = await room.history!.list({ before: oldestId, limit: 50 });
 * ```
 */
export interface HistoryPage<T> {
  readonly items: ReadonlyArray<{ readonly id: string; readonly data: T; readonly meta?: Readonly<Record<string, unknown>> }>;
  /** More items exist beyond this page in the direction asked for. */
  readonly hasMore: boolean;
}

/**
 * Options of {@link HistoryFacet.list}: ids are the backend's event ids (ULIDs on Hotsock,
 * message ids on Chime).
 *
 * @example
 * ```ts
 * const options: HistoryListOptions = { before: '01HZY…', limit: 50 };
 * ```
 */
export interface HistoryListOptions {
  before?: string;
  after?: string;
  /** Page size (the backend's maximum applies). */
  limit?: number;
  /** `backward` (default): newest first pages going back in time; items are still oldest first. */
  direction?: 'backward' | 'forward';
}

/**
 * Past events of a channel, where the backend keeps them (`capabilities.history`).
 *
 * @example
 * ```ts
 * const { items, hasMore } = await room.history!.list({ limit: 50 });
 * ```
 */
export interface HistoryFacet<T> {
  list(options?: HistoryListOptions): Promise<HistoryPage<T>>;
}

/**
 * Who is on a channel, where the backend tracks it natively (`capabilities.presence`).
 * Members also appear in `channel.state` (`members`), which is what UIs subscribe to.
 *
 * @example
 * ```ts
 * await room.presence!.update({ typing: true });
 * ```
 */
export interface PresenceFacet<U = unknown> {
  members(): readonly PresenceMember[];
  /** This client's own member entry, once known. */
  self(): PresenceMember | undefined;
  update(data: U): Promise<void>;
}

/**
 * Edits and deletions of one's own messages, where the backend has them natively (Chime's
 * UpdateChannelMessage, RedactChannelMessage, DeleteChannelMessage). Members see them as events
 * with `meta.changes`.
 *
 * @example
 * ```ts
 * await room.messages?.edit(messageId, { text: 'fixed typo' });
 * await room.messages?.redact(messageId);
 * ```
 */
export interface MessagesFacet<T> {
  /** Replaces the message's content. */
  edit(id: string, data: T): Promise<void>;
  /** Erases the message's content and keeps it listed (what a member may do to their own). */
  redact(id: string): Promise<void>;
  /** Removes the message (on Chime an administrator's call). */
  delete(id: string): Promise<void>;
}

/**
 * Small key-value storage attached to a channel (`capabilities.storage`).
 *
 * @example
 * ```ts
 * await room.storage!.set('topic', 'Launch');
 * const stop = room.storage!.observe?.('topic', (topic) => console.log('topic is now', topic));
 * ```
 */
export interface StorageFacet {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  list(): Promise<Readonly<Record<string, unknown>>>;
  /**
   * Calls `listener` with the key's value whenever it changes, where the backend pushes storage
   * changes to subscribers (Hotsock `observe`); needs a subscription to the channel. Returns
   * the function that stops listening.
   */
  observe?(key: string, listener: (value: unknown) => void): () => void;
}

/**
 * The facets a backend provides for one channel; absent where it lacks the feature.
 *
 * @example
 * ```ts
 * channelFacets: (channel, ctx): ChannelFacets => ({ history: { list: (o) => listMessages(channel, o, ctx) } }),
 * ```
 */
export interface ChannelFacets {
  history?: HistoryFacet<unknown>;
  messages?: MessagesFacet<unknown>;
  presence?: PresenceFacet<unknown>;
  storage?: StorageFacet;
}

/**
 * One channel the user belongs to, as a {@link ChannelDirectory} lists it.
 *
 * @example
 * ```ts
 * const summary: ChannelSummary = { channel: 'arn:aws:chime:…/channel/c1', name: 'Launch', lastMessage: { id: 'm9', data: { text: 'hi' }, at: 1767225600000 }, readAt: 1767225500000 };
 * ```
 */
export interface ChannelSummary {
  readonly channel: string;
  readonly name?: string;
  readonly lastMessage?: { readonly id: string; readonly data: unknown; readonly at: number };
  /** The user's read marker (epoch ms): messages after it are unread. */
  readonly readAt?: number;
  /**
   * Messages from others after the read marker, where the directory counts them (a live one
   * does, from the moment it was loaded); else 1 if lastMessage is after readAt.
   */
  readonly unread?: number;
}

/**
 * The signed-in user's channel list (memberships + prefetch, read markers): a client-level
 * facet, `client.directory`, where the backend has one (Chime). `useChimeChannels` reads it.
 *
 * @example
 * ```ts
 * const directory: ChannelDirectory = { list: async () => [{ channel: 'c1', name: 'Launch' }], markRead: async () => {} };
 * const unread = (await client.directory?.list())?.filter((c) => (c.unread ?? 0) > 0);
 * ```
 */
export interface ChannelDirectory {
  /** Loads the list from the service (the source of truth for names and read markers). */
  list(): Promise<readonly ChannelSummary[]>;
  markRead(channel: string, at: number): Promise<void>;
  /**
   * Live directories only (Chime's, fed by its socket): the list as last known, without a
   * request. The same array until something changed, so `useSyncExternalStore` can read it.
   */
  getSnapshot?(): readonly ChannelSummary[];
  /** Live directories only: `listener` runs whenever {@link getSnapshot} changed. */
  subscribe?(listener: () => void): () => void;
}

/**
 * The facets a backend provides for the whole client (not one channel); absent where it lacks
 * the feature. See `Backend.clientFacets`.
 *
 * @example
 * ```ts
 * clientFacets: (): ClientFacets => ({ directory: { list: () => listMyChannels(), markRead: (channel) => updateReadMarker(channel) } }),
 * ```
 */
export interface ClientFacets {
  directory?: ChannelDirectory;
}
