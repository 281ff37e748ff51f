'use client';
import { QueryObserver } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelDirectory as TransportChannelDirectory, ChannelKitError, ChannelSummary as TransportChannelSummary } from '@channelkit/transport';
import { eventId, unsupported, useChannelKit, useObserver, EMPTY } from './ChannelKitProvider.js';

/**
 * One channel the user belongs to, as the directory lists it (the transport's type, re-exported).
 *
 * @example
 * ```ts
 * const summary: ChannelSummary = { channel: 'arn:aws:chime:…/channel/c1', name: 'Launch', readAt: 1767225500000 };
 * ```
 */
export type ChannelSummary = TransportChannelSummary;

/**
 * The user's channel list: the client-level facet `client.directory` (the Chime backend
 * provides it), or an app-supplied one passed as an option (the transport's type, re-exported).
 *
 * @example
 * ```ts
 * const directory: ChannelDirectory = { list: async () => [{ channel: 'c1', name: 'Launch' }], markRead: async () => {} };
 * ```
 */
export type ChannelDirectory = TransportChannelDirectory;

/**
 * One row of {@link useChimeChannels}.
 *
 * @example
 * ```ts
 * const bold = (c: ChimeChannelView) => c.unread > 0;
 * ```
 */
export interface ChimeChannelView {
  readonly channel: string;
  readonly name: string | undefined;
  readonly lastMessage: ChannelSummary['lastMessage'];
  readonly unread: number;
}

/**
 * What {@link useChimeChannels} returns.
 *
 * @example
 * ```ts
 * const { channels, markRead, status }: ChimeChannelsView = view;
 * ```
 */
export interface ChimeChannelsView {
  /** Most recent activity first. */
  readonly channels: readonly ChimeChannelView[];
  readonly markRead: (channel: string) => Promise<void>;
  readonly status: 'disabled' | 'loading' | 'ready' | 'error';
  readonly error: ChannelKitError | Error | undefined;
}

/**
 * The user's channels with last message and unread count. Reads `client.directory` (the Chime
 * backend's channel list) or the `directory` option; without either it is disabled with an
 * UNSUPPORTED error.
 *
 * A live directory (one with `subscribe`/`getSnapshot`, as Chime's is: its socket sees every
 * channel of the user, the prefetch, read markers and who sent what) is followed as it changes,
 * and its unread counts are used as they are — the user's own messages and membership events do
 * not count. Any other directory is loaded once and followed from the events the app hears
 * (`client.onUnrouted` and channels other hooks opened): every event counts as unread there.
 *
 * @example
 * ```ts
 * function Inbox() {
 *   const { channels, markRead } = useChimeChannels({ client: 'chat' });
 *   return channels.map((c) => createElement('button', { key: c.channel, onClick: () => markRead(c.channel) }, `${c.name} (${c.unread})`));
 * }
 * ```
 */
export function useChimeChannels(options: { client?: string; directory?: ChannelDirectory } = {}): ChimeChannelsView {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const directory = options.directory ?? client.directory;
  const queryClient = runtime.queryClient;
  const queryKey = React.useMemo(() => ['channelkit', 'chime-channels', options.client ?? runtime.defaultClient], [options.client, runtime]);
  const queryOptions = { queryKey, enabled: directory !== undefined, queryFn: () => directory!.list() };
  const [observer] = React.useState(() => new QueryObserver(queryClient, queryOptions));
  const query = useObserver(observer, queryOptions);
  const missing = React.useMemo(() => (directory ? undefined : unsupported('directory', client.backend)), [directory, client]);
  // Live activity since the list was fetched: channel → { last, unread since the list }.
  // Live activity since the list was fetched, for directories that are not live: channel → { last, unread since the list }.
  const [activity, setActivity] = React.useState<ReadonlyMap<string, { last: NonNullable<ChannelSummary['lastMessage']>; unread: number }>>(new Map());

  React.useEffect(() => {
    if (!directory) return;
    const { subscribe, getSnapshot } = directory;
    // Live: what the directory publishes replaces the fetched list, no request, no counting here.
    if (subscribe && getSnapshot) return subscribe(() => queryClient.setQueryData(queryKey, getSnapshot()));
    const seen = (channel: string | undefined, id: string | undefined, data: unknown) => {
      if (channel === undefined) return;
      setActivity((prev) => {
        const next = new Map(prev);
        const had = prev.get(channel);
        next.set(channel, { last: { id: id ?? `${Date.now()}`, data, at: Date.now() }, unread: (had?.unread ?? 0) + 1 });
        return next;
      });
    };
    const offUnrouted = client.onUnrouted((e) => seen(e.channel, e.id ?? eventId(e.data, e.meta), e.data));
    const offFeeds = runtime.onAnyEvent((channel, e) => seen(channel, e.id, e.data), options.client);
    return () => {
      offUnrouted();
      offFeeds();
    };
  }, [client, directory, runtime, options.client, queryClient, queryKey]);

  const markRead = React.useCallback(
    async (channel: string) => {
      if (missing) throw missing;
      await directory!.markRead(channel, Date.now());
      setActivity((prev) => {
        const next = new Map(prev);
        const had = prev.get(channel);
        if (had) next.set(channel, { ...had, unread: 0 });
        return next;
      });
      queryClient.setQueryData<readonly ChannelSummary[]>(queryKey, (list) => list?.map((c) => (c.channel === channel ? { ...c, unread: 0 } : c)));
    },
    [directory, missing, queryClient, queryKey],
  );

  const list = query.data;
  const channels = React.useMemo(() => {
    if (!list) return EMPTY;
    const rows = list.map((c): ChimeChannelView => {
      const live = activity.get(c.channel);
      const base = c.unread ?? (c.lastMessage && (c.readAt === undefined || c.lastMessage.at > c.readAt) ? 1 : 0);
      // markRead zeroes both the fetched row and the live count.
      return { channel: c.channel, name: c.name, lastMessage: live?.last ?? c.lastMessage, unread: base + (live?.unread ?? 0) };
    });
    return rows.sort((a, b) => (b.lastMessage?.at ?? 0) - (a.lastMessage?.at ?? 0));
  }, [list, activity]);

  // Without a directory the query never runs: `channels` stays EMPTY.
  return { channels, markRead, status: missing ? 'disabled' : query.isError ? 'error' : query.isSuccess ? 'ready' : 'loading', error: missing ?? query.error ?? undefined };
}
