'use client';
import { QueryObserver } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelDirectory as TransportChannelDirectory, ChannelKitError, ChannelSummary as TransportChannelSummary } from '@channelkit/transport';
import { unsupported, useChannelKit, useObserver, EMPTY } from '@channelkit/react';

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

/** Per directory object, a number for query keys: two directories on one client are two lists. */
const directoryIds = new WeakMap<object, number>();
let directoryCount = 0;

/**
 * The user's channels with last message and unread count. Reads `client.directory` (the Chime
 * backend's channel list) or the `directory` option; without either it is disabled with an
 * UNSUPPORTED error.
 *
 * The list is loaded with `directory.list()`. A live directory (one with `subscribe` and
 * `getSnapshot`, as Chime's is: its socket sees every channel of the user, the prefetch, read
 * markers and who sent what) is shown from its snapshot at once and followed as it changes;
 * its unread counts are used as they are. Any other directory shows what `list()` returned,
 * with `unread` from the rows (or 1 when the last message is after `readAt`).
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
  if (directory && !directoryIds.has(directory)) directoryIds.set(directory, ++directoryCount);
  const id = directory && directoryIds.get(directory);
  const queryKey = React.useMemo(() => ['channelkit', 'chime-channels', options.client ?? runtime.defaultClient, id], [options.client, runtime, id]);
  const queryOptions = { queryKey, enabled: directory !== undefined, queryFn: () => directory!.list() };
  const [observer] = React.useState(() => new QueryObserver(queryClient, queryOptions));
  const query = useObserver(observer, queryOptions);
  const missing = React.useMemo(() => (directory ? undefined : unsupported('directory', client.backend)), [directory, client]);

  React.useEffect(() => {
    const { subscribe, getSnapshot } = directory ?? {};
    if (!subscribe || !getSnapshot) return;
    // Live: the snapshot shows at once (a remount does not wait for REST), then every change
    // replaces the list; list() still reloads it from the service.
    const follow = () => queryClient.setQueryData(queryKey, getSnapshot());
    if (getSnapshot().length > 0) follow();
    return subscribe(follow);
  }, [directory, queryClient, queryKey]);

  const markRead = React.useCallback(
    async (channel: string) => {
      if (missing) throw missing;
      await directory!.markRead(channel, Date.now());
      queryClient.setQueryData<readonly ChannelSummary[]>(queryKey, (list) => list?.map((c) => (c.channel === channel ? { ...c, unread: 0 } : c)));
    },
    [directory, missing, queryClient, queryKey],
  );

  const list = query.data;
  const channels = React.useMemo(
    () =>
      list
        ? list
            .map(
              (c): ChimeChannelView => ({
                channel: c.channel,
                name: c.name,
                lastMessage: c.lastMessage,
                unread: c.unread ?? (c.lastMessage && (c.readAt === undefined || c.lastMessage.at > c.readAt) ? 1 : 0),
              }),
            )
            .sort((a, b) => (b.lastMessage?.at ?? 0) - (a.lastMessage?.at ?? 0))
        : EMPTY,
    [list],
  );

  // Without a directory the query never runs: `channels` stays EMPTY.
  return { channels, markRead, status: missing ? 'disabled' : query.isError ? 'error' : query.isSuccess ? 'ready' : 'loading', error: missing ?? query.error ?? undefined };
}
