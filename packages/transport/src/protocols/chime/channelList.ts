import type { ChannelDirectory, ChannelSummary } from '../../client/ChannelFacets.js';
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
}

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
  readonly #listeners = new Set<() => void>();
  readonly #api: ChimeMessagingApi;
  readonly #me: string;
  #snapshot: readonly ChimeChannelEntry[] = EMPTY;

  constructor(api: ChimeMessagingApi, userArn: string) {
    this.#api = api;
    this.#me = userArn;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

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
        this.#put(
          arn,
          {
            channel: { ...old?.channel, ...m.ChannelSummary },
            lastMessage: old?.lastMessage,
            readMarkerTimestamp: m.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp ?? old?.readMarkerTimestamp,
          },
          false,
        );
      }
      nextToken = res.nextToken;
      if (!nextToken) break;
    }
    for (const arn of [...this.#entries.keys()]) if (!seen.has(arn)) this.#entries.delete(arn);
    this.#publish();
  }

  async markRead(channelArn: string): Promise<void> {
    await this.#api.updateChannelReadMarker(channelArn);
    const e = this.#entries.get(channelArn);
    if (e) this.#put(channelArn, { ...e, readMarkerTimestamp: Date.now() });
  }

  /** Folds one socket event into the list. */
  apply(event: ChimeEvent): void {
    switch (event.kind) {
      case 'details': {
        const d = event.details;
        const last = d.ChannelMessages?.[0];
        this.#put(event.channelArn, { channel: d.Channel, lastMessage: last, readMarkerTimestamp: d.ReadMarkerTimestamp });
        return;
      }
      case 'message': {
        if (event.status !== 'SENT') return;
        const e: Omit<ChimeChannelEntry, 'unread'> = this.#entries.get(event.channelArn) ?? { channel: { ChannelArn: event.channelArn }, lastMessage: undefined, readMarkerTimestamp: undefined };
        const m = event.message;
        if (event.action === 'create') {
          this.#put(event.channelArn, { ...e, channel: { ...e.channel, LastMessageTimestamp: m.CreatedTimestamp ?? e.channel.LastMessageTimestamp }, lastMessage: m });
        } else if (e.lastMessage?.MessageId === m.MessageId) {
          this.#put(event.channelArn, { ...e, lastMessage: event.action === 'delete' ? undefined : { ...e.lastMessage, ...m } });
        }
        return;
      }
      case 'membership': {
        const members = event.membership.Members ?? (event.membership.Member ? [event.membership.Member] : []);
        if (!members.some((m) => m.Arn === this.#me)) return;
        if (event.action === 'delete') this.#remove(event.channelArn);
        else if (!this.#entries.has(event.channelArn)) this.#put(event.channelArn, { channel: { ChannelArn: event.channelArn }, lastMessage: undefined, readMarkerTimestamp: undefined });
        return;
      }
      case 'channel':
        if (event.action === 'delete') this.#remove(event.channelArn);
        else {
          const e = this.#entries.get(event.channelArn);
          this.#put(event.channelArn, { channel: { ...e?.channel, ...event.channel }, lastMessage: e?.lastMessage, readMarkerTimestamp: e?.readMarkerTimestamp });
        }
        return;
      default:
        return;
    }
  }

  #put(arn: string, e: Omit<ChimeChannelEntry, 'unread'>, publish = true): void {
    const last = e.lastMessage;
    const unread = last !== undefined && last.Sender?.Arn !== this.#me && (last.CreatedTimestamp ?? 0) > (e.readMarkerTimestamp ?? 0);
    this.#entries.set(arn, Object.freeze({ ...e, unread }));
    if (publish) this.#publish();
  }

  #remove(arn: string): void {
    if (this.#entries.delete(arn)) this.#publish();
  }

  #publish(): void {
    const at = (e: ChimeChannelEntry) => e.lastMessage?.CreatedTimestamp ?? e.channel.LastMessageTimestamp ?? 0;
    this.#snapshot = Object.freeze([...this.#entries.values()].sort((a, b) => at(b) - at(a)));
    for (const l of [...this.#listeners]) l();
  }
}

/**
 * The client-level directory facet (`client.directory`) over a Chime channel list: `list()`
 * reloads memberships over REST (keeping last messages from the prefetch and live events) and
 * maps the entries; `unread` is 1 when a message from someone else is after the read marker
 * (Chime keeps a marker, not a count); `markRead` is UpdateChannelReadMarker (the service sets
 * the time).
 *
 * @example
 * ```ts
 * const directory = chimeChannelDirectory(backend.channels);
 * const rows = await directory.list();
 * ```
 */
export function chimeChannelDirectory(channels: ChimeChannelList): ChannelDirectory {
  return {
    async list() {
      await channels.refresh();
      return channels.getSnapshot().map((e): ChannelSummary => {
        const m = e.lastMessage;
        const at = m?.CreatedTimestamp;
        return {
          channel: e.channel.ChannelArn,
          ...(e.channel.Name !== undefined ? { name: e.channel.Name } : {}),
          ...(m && at !== undefined ? { lastMessage: { id: m.MessageId, data: messageData(m), at } } : {}),
          ...(e.readMarkerTimestamp !== undefined ? { readAt: e.readMarkerTimestamp } : {}),
          unread: e.unread ? 1 : 0,
        };
      });
    },
    markRead: (channel) => channels.markRead(channel),
  };
}
