import { invalidArgument } from '../../lib/invalidArgument.js';
import type { ChannelDirectory, ChannelSummary } from '../../client/ChannelFacets.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { createEmitter } from '../../lib/emitter.js';
import type { ChimeMessagingApi } from './api.js';
import { type ChimeEvent, messageData } from './envelope.js';
import type { ChimeChannel, ChimeMessage } from './types.js';

/**
 * One channel of the user's channel list.
 *
 * @example
 * ```ts
 * const row = (c: ChimeChannelEntry) => `${c.channel.Name}${c.unread ? ' •' : ''}`;
 * ```
 */
export interface ChimeChannelEntry {
  readonly channel: ChimeChannel;
  readonly lastMessage: ChimeMessage | undefined;
  /** Epoch ms of the user's read marker, where known. */
  readonly readMarkerTimestamp: number | undefined;
  /** A message from someone else arrived after the read marker. */
  readonly unread: boolean;
  /**
   * Messages from others after the read marker. Chime keeps a marker, not a count: this is
   * what the prefetch showed (or 1 when only the channel's last-message time is known), plus
   * every such message heard since, and 0 once read.
   */
  readonly unreadCount: number;
}

type EntryFacts = Omit<ChimeChannelEntry, 'unread' | 'unreadCount'>;

/**
 * The channels of the signed-in AppInstanceUser as a `useSyncExternalStore` store, newest
 * activity first. Fed by the socket (`CHANNEL_DETAILS` prefetch, every message, membership and
 * channel event — for all channels, subscribed or not) and by `refresh()`
 * (ListChannelMembershipsForAppInstanceUser). This is what `useChimeChannels` reads.
 *
 * @example
 * ```ts
 * const backend = chime(config);
 * const client = createClient({ backend });
 * backend.channels.subscribe(() => render(backend.channels.getSnapshot()));
 * await backend.channels.markRead(backend.channels.getSnapshot()[0]!.channel.ChannelArn);
 * ```
 */
export interface ChimeChannelList {
  subscribe(listener: () => void): () => void;
  getSnapshot(): readonly ChimeChannelEntry[];
  getServerSnapshot(): readonly ChimeChannelEntry[];
  /** Reloads the list over REST (all pages). */
  refresh(): Promise<void>;
  /** UpdateChannelReadMarker, then the entry is read. */
  markRead(channelArn: string): Promise<void>;
}

const EMPTY: readonly ChimeChannelEntry[] = Object.freeze([]);

/** The store behind {@link ChimeChannelList}; `apply` is called by the backend's decoder. */
export class ChimeChannelListStore implements ChimeChannelList {
  readonly #entries = new Map<string, ChimeChannelEntry>();
  readonly #api: ChimeMessagingApi;
  readonly #me: string;
  #snapshot: readonly ChimeChannelEntry[] = EMPTY;
  /** Per channel, the ids of the unread messages counted: a message counts once (prefetch and live overlap). */
  readonly #counted = new Map<string, Set<string>>();
  /** What listeners threw, until the next `apply` hands it to the backend (bounded). */
  readonly #thrown: ChannelKitError[] = [];
  readonly #changed = createEmitter<void>((error) => {
    if (this.#thrown.length < 100)
      this.#thrown.push(new ChannelKitError('LISTENER_ERROR', `a channel list listener threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
  });

  constructor(api: ChimeMessagingApi, userArn: string) {
    this.#api = api;
    this.#me = userArn;
  }

  subscribe = (listener: () => void): (() => void) => this.#changed.subscribe(listener);

  getSnapshot = (): readonly ChimeChannelEntry[] => this.#snapshot;
  getServerSnapshot = (): readonly ChimeChannelEntry[] => EMPTY;

  async refresh(): Promise<void> {
    let nextToken: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < 100; page++) {
      const res = await this.#api.listChannelMembershipsForAppInstanceUser({ maxResults: 50, ...(nextToken ? { nextToken } : {}) });
      for (const m of res.items) {
        const arn = m.ChannelSummary.ChannelArn;
        seen.add(arn);
        const old = this.#entries.get(arn);
        const marker = m.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp ?? old?.readMarkerTimestamp;
        const facts = { channel: { ...old?.channel, ...m.ChannelSummary }, lastMessage: old?.lastMessage, readMarkerTimestamp: marker };
        // What was counted live survives a reload, unless the marker moved (read elsewhere).
        const keep = old !== undefined && old.readMarkerTimestamp === marker;
        if (!keep) this.#counted.delete(arn);
        this.#put(arn, facts, keep ? Math.max(old.unreadCount, this.#estimate(facts)) : this.#estimate(facts), false);
      }
      nextToken = res.nextToken;
      if (!nextToken) break;
    }
    for (const arn of [...this.#entries.keys()]) if (!seen.has(arn)) this.#remove(arn);
    this.#publish();
  }

  async markRead(channelArn: string): Promise<void> {
    const before = this.#entries.get(channelArn);
    const read = [...this.#ids(channelArn)];
    await this.#api.updateChannelReadMarker(channelArn);
    const e = this.#entries.get(channelArn);
    if (!e) return;
    // The service sets the marker to its own time. Compare server times with server times: the
    // marker is taken as the newest message seen when reading began (the device clock may be
    // off), and what arrived while the call was in flight stays unread.
    const marker = before?.lastMessage?.CreatedTimestamp ?? before?.channel.LastMessageTimestamp ?? e.readMarkerTimestamp;
    // What was counted when reading began is read; what was counted since stays.
    const ids = this.#ids(channelArn);
    for (const id of read) ids.delete(id);
    this.#put(channelArn, { ...e, readMarkerTimestamp: marker }, Math.max(0, e.unreadCount - (before?.unreadCount ?? 0)));
  }

  /**
   * Folds one socket event into the list. Returns what listeners threw meanwhile (here or in
   * `refresh`/`markRead` since): the backend reports them as errors next to the frame, so that
   * one throwing listener neither stops the others nor loses the event for subscribers.
   */
  apply(event: ChimeEvent): ChannelKitError[] {
    this.#fold(event);
    return this.#thrown.splice(0);
  }

  #fold(event: ChimeEvent): void {
    switch (event.kind) {
      case 'details': {
        const d = event.details;
        const facts = { channel: d.Channel, lastMessage: d.ChannelMessages?.[0], readMarkerTimestamp: d.ReadMarkerTimestamp };
        const old = this.#entries.get(event.channelArn);
        // A prefetch again after a reconnect: it holds only the newest messages, so what was
        // counted before stays counted unless the marker moved (read elsewhere).
        const keep = old !== undefined && old.readMarkerTimestamp === facts.readMarkerTimestamp;
        const ids = keep ? this.#ids(event.channelArn) : new Set<string>();
        this.#counted.set(event.channelArn, ids);
        for (const m of d.ChannelMessages ?? []) if (this.#unreadMessage(m, facts.readMarkerTimestamp)) ids.add(m.MessageId);
        this.#put(event.channelArn, facts, Math.max(keep ? old.unreadCount : 0, ids.size, this.#estimate(facts)));
        return;
      }
      case 'message': {
        // CONTROL messages (typing signals and the like) are not conversation: no preview, no badge.
        if (event.status !== 'SENT' || event.messageType !== 'STANDARD') return;
        const e: EntryFacts & { unreadCount: number } = this.#entries.get(event.channelArn) ?? {
          channel: { ChannelArn: event.channelArn },
          lastMessage: undefined,
          readMarkerTimestamp: undefined,
          unreadCount: 0,
        };
        const m = event.message;
        const ids = this.#ids(event.channelArn);
        if (event.action === 'create') {
          const fresh = this.#unreadMessage(m, e.readMarkerTimestamp) && !ids.has(m.MessageId);
          if (fresh) ids.add(m.MessageId);
          this.#put(event.channelArn, { ...e, channel: { ...e.channel, LastMessageTimestamp: m.CreatedTimestamp ?? e.channel.LastMessageTimestamp }, lastMessage: m }, e.unreadCount + (fresh ? 1 : 0));
          return;
        }
        // A deleted unread message is no longer waiting to be read.
        const uncounted = event.action === 'delete' && ids.delete(m.MessageId) ? 1 : 0;
        if (uncounted || e.lastMessage?.MessageId === m.MessageId) {
          const last = e.lastMessage?.MessageId !== m.MessageId ? e.lastMessage : event.action === 'delete' ? undefined : { ...e.lastMessage, ...m };
          this.#put(event.channelArn, { ...e, lastMessage: last }, Math.max(0, e.unreadCount - uncounted));
        }
        return;
      }
      case 'membership': {
        const members = event.membership.Members ?? (event.membership.Member ? [event.membership.Member] : []);
        if (!members.some((m) => m.Arn === this.#me)) return;
        if (event.action === 'delete') this.#remove(event.channelArn);
        else if (!this.#entries.has(event.channelArn)) this.#put(event.channelArn, { channel: { ChannelArn: event.channelArn }, lastMessage: undefined, readMarkerTimestamp: undefined }, 0);
        return;
      }
      case 'channel':
        if (event.action === 'delete') this.#remove(event.channelArn);
        else {
          const e = this.#entries.get(event.channelArn);
          this.#put(event.channelArn, { channel: { ...e?.channel, ...event.channel }, lastMessage: e?.lastMessage, readMarkerTimestamp: e?.readMarkerTimestamp }, e?.unreadCount ?? 0);
        }
        return;
      default:
        return;
    }
  }

  #put(arn: string, e: EntryFacts, unreadCount: number, publish = true): void {
    const { channel, lastMessage, readMarkerTimestamp } = e;
    this.#entries.set(arn, Object.freeze({ channel, lastMessage, readMarkerTimestamp, unread: unreadCount > 0, unreadCount }));
    if (publish) this.#publish();
  }

  /** The counted ids of a channel, bounded: an old id dropped only risks counting it twice. */
  #ids(channelArn: string): Set<string> {
    let ids = this.#counted.get(channelArn);
    if (!ids) {
      ids = new Set();
      this.#counted.set(channelArn, ids);
    }
    if (ids.size > 500) ids.delete(ids.values().next().value as string);
    return ids;
  }

  /** A message from someone else, after the read marker. */
  #unreadMessage(m: ChimeMessage, marker: number | undefined): boolean {
    return m.Sender?.Arn !== this.#me && (m.CreatedTimestamp ?? 0) > (marker ?? 0);
  }

  /** 1 or 0 from what is known without a message list: the last message, else the channel's time. */
  #estimate(e: EntryFacts): number {
    if (e.lastMessage) return this.#unreadMessage(e.lastMessage, e.readMarkerTimestamp) ? 1 : 0;
    return (e.channel.LastMessageTimestamp ?? 0) > (e.readMarkerTimestamp ?? 0) ? 1 : 0;
  }

  #remove(arn: string): void {
    this.#counted.delete(arn);
    if (this.#entries.delete(arn)) this.#publish();
  }

  #publish(): void {
    const at = (e: ChimeChannelEntry) => e.lastMessage?.CreatedTimestamp ?? e.channel.LastMessageTimestamp ?? 0;
    this.#snapshot = Object.freeze([...this.#entries.values()].sort((a, b) => at(b) - at(a)));
    this.#changed.emit();
  }
}

/**
 * The client-level directory facet (`client.directory`) over a Chime channel list. It is live:
 * `getSnapshot`/`subscribe` follow the store (prefetch, messages, memberships, read markers)
 * without a request, and `list()` reloads memberships over REST first (keeping last messages
 * and counts from the prefetch and live events). `unread` is the store's count of messages from
 * others after the read marker (Chime keeps a marker, not a count); `markRead` is
 * UpdateChannelReadMarker (the service sets the time).
 *
 * @example
 * ```ts
 * const directory = chimeChannelDirectory(backend.channels);
 * const rows = await directory.list();
 * const off = directory.subscribe!(() => render(directory.getSnapshot!()));
 * ```
 */
export function chimeChannelDirectory(channels: ChimeChannelList): ChannelDirectory {
  for (const m of ['getSnapshot', 'subscribe', 'refresh', 'markRead'] as const)
    if (typeof (channels as unknown as Record<string, unknown> | null)?.[m] !== 'function') throw invalidArgument('channels', `must be a ChimeChannelList (backend.channels); ${m} is missing`);
  let source: readonly ChimeChannelEntry[] | undefined;
  let rows: readonly ChannelSummary[] = [];
  // One mapped array per store snapshot: useSyncExternalStore needs a stable identity.
  const getSnapshot = () => {
    const entries = channels.getSnapshot();
    if (entries !== source) {
      source = entries;
      rows = Object.freeze(entries.map(toSummary));
    }
    return rows;
  };
  return {
    async list() {
      await channels.refresh();
      return getSnapshot();
    },
    markRead: (channel) => channels.markRead(channel),
    getSnapshot,
    subscribe: (listener) => channels.subscribe(listener),
  };
}

function toSummary(e: ChimeChannelEntry): ChannelSummary {
  const m = e.lastMessage;
  const at = m?.CreatedTimestamp;
  return {
    channel: e.channel.ChannelArn,
    ...(e.channel.Name !== undefined ? { name: e.channel.Name } : {}),
    ...(m && at !== undefined ? { lastMessage: { id: m.MessageId, data: messageData(m), at } } : {}),
    ...(e.readMarkerTimestamp !== undefined ? { readAt: e.readMarkerTimestamp } : {}),
    unread: e.unreadCount,
  };
}
