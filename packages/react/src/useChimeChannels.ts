'use client';
import { QueryObserver } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelDirectory as TransportChannelDirectory, ChannelKitError, ChannelSummary as TransportChannelSummary } from '@channelkit/transport';
import { unsupported, useChannelKit, useObserver, EMPTY } from './ChannelKitProvider.js';

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
 * Options of {@link useChimeChannels}. Write them inline: the `directory` is read through a ref
 * (Liveblocks' `useLatest`), so a new object each render neither refetches nor resubscribes.
 *
 * @example
 * ```ts
 * const options: UseChimeChannelsOptions = { client: 'chat', enabled: signedIn };
 * ```
 */
export interface UseChimeChannelsOptions {
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
  /**
   * An app-supplied directory instead of `client.directory`. Its list belongs to this hook
   * instance: a different object later is used for the next `list()`/`markRead()` but does
   * not refetch by itself (to show another directory's list, remount with a React `key`).
   */
  directory?: ChannelDirectory | undefined;
  /** `false`: no `list()`, no live subscription; `channels` is empty and `status` is `disabled`. */
  enabled?: boolean | undefined;
}

/** Per client directory, a number for query keys: a swapped client is another list. */
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
export function useChimeChannels(options: UseChimeChannelsOptions = {}): ChimeChannelsView {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const enabled = options.enabled !== false;
  const own = options.directory;
  const directory = own ?? client.directory;
  // The latest directory, read when a list is fetched or a channel marked read (Liveblocks
  // `useLatest`, packages/liveblocks-react/src/lib/use-latest.ts): an inline object must not be
  // part of any key — keyed by identity it was a new query every render, whose fetch rendered
  // again (defect 1: 200 list() calls in 340 ms).
  const latest = React.useRef(directory);
  latest.current = directory;
  // The query key: the client's directory by its (stable) identity; an app's by this hook instance.
  const instance = React.useId();
  const clientDirectory = client.directory;
  if (clientDirectory && !directoryIds.has(clientDirectory)) directoryIds.set(clientDirectory, ++directoryCount);
  const id = own ? `hook:${instance}` : clientDirectory && directoryIds.get(clientDirectory);
  const queryClient = runtime.queryClient;
  const queryKey = React.useMemo(() => ['channelkit', 'chime-channels', options.client ?? runtime.defaultClient, id], [options.client, runtime, id]);
  const has = directory !== undefined;
  const queryOptions = { queryKey, enabled: enabled && has, queryFn: () => latest.current!.list() };
  // One observer per QueryClient: the provider follows a new one, and so must the query.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are applied at every render (useObserver); only a new QueryClient needs a new observer.
  const observer = React.useMemo(() => new QueryObserver(queryClient, queryOptions), [queryClient]);
  const query = useObserver(observer, queryOptions);
  const missing = React.useMemo(() => (has ? undefined : unsupported('directory', client.backend)), [has, client]);
  const live = enabled && typeof directory?.subscribe === 'function' && typeof directory.getSnapshot === 'function';

  React.useEffect(() => {
    const d = latest.current;
    if (!live || !d?.subscribe || !d.getSnapshot) return;
    // Live: the snapshot shows at once (a remount does not wait for REST), then every change
    // replaces the list; list() still reloads it from the service.
    const follow = () => queryClient.setQueryData(queryKey, d.getSnapshot!());
    if (d.getSnapshot().length > 0) follow();
    return d.subscribe(follow);
  }, [live, queryClient, queryKey]);

  const markRead = React.useCallback(
    async (channel: string) => {
      if (missing) throw missing;
      await latest.current!.markRead(channel, Date.now());
      queryClient.setQueryData<readonly ChannelSummary[]>(queryKey, (list) => list?.map((c) => (c.channel === channel ? { ...c, unread: 0 } : c)));
    },
    [missing, queryClient, queryKey],
  );

  const list = enabled ? query.data : undefined;
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

  // Without a directory (or disabled) the query never runs: `channels` stays EMPTY.
  if (!enabled) return { channels, markRead, status: 'disabled', error: undefined };
  return { channels, markRead, status: missing ? 'disabled' : query.isError ? 'error' : query.isSuccess ? 'ready' : 'loading', error: missing ?? query.error ?? undefined };
}
