'use client';
import { type InfiniteData, InfiniteQueryObserver, type InfiniteQueryObserverOptions } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, HistoryListOptions, HistoryPage, MessageSender } from '@channelkit/transport';
import { eventId, type OptimisticEntry, unsupported, useChannelKit, useFeed, useObserver, EMPTY } from './ChannelKitProvider.js';

/**
 * Loads one page of history for backends without a history facet (AppSync Events, API
 * Gateway): typically your own API over the table your publisher writes to.
 *
 * @example
 * ```ts
 * const fetcher: HistoryFetcher<{ id: string; text: string }> = async ({ channel, before, limit }) => {
 *   const res = await fetch(`/api/history?channel=${encodeURIComponent(channel)}&before=${before ?? ''}&limit=${limit}`);
 *   return (await res.json()) as HistoryPage<{ id: string; text: string }>;
 * };
 * ```
 */
export type HistoryFetcher<T> = (request: HistoryListOptions & { channel: string }) => Promise<HistoryPage<T>>;

/**
 * Options of {@link useMessageHistory}.
 *
 * @example
 * ```ts
 * const options: UseMessageHistoryOptions<Msg> = { pageSize: 30, fetcher: myFetcher };
 * ```
 */
export interface UseMessageHistoryOptions<T> {
  /** Where the backend has no `channel.history` (or to override it). */
  fetcher?: HistoryFetcher<T> | undefined;
  /** Items per page (default 50). */
  pageSize?: number | undefined;
  /** `false`: no fetch and no subscription (default true). */
  enabled?: boolean | undefined;
  client?: string | undefined;
}

/**
 * One message of a merged history: from the backend's history, the live stream, or an
 * optimistic publish (`pending`, `queued`, `failed`, `sent`).
 *
 * @example
 * ```ts
 * const faded = (m: HistoryMessage<Msg>) => m.source === 'optimistic' && m.status !== 'sent';
 * ```
 */
export interface HistoryMessage<T> {
  /** The message id (`localId` for optimistic messages that have no id of their own). */
  readonly id: string;
  readonly data: T;
  readonly source: 'history' | 'live' | 'optimistic';
  readonly status: 'delivered' | OptimisticEntry['status'];
  readonly error: ChannelKitError | undefined;
  /**
   * The sender the backend authenticated (`meta.sender`: Hotsock uid, Chime member ARN, a
   * server-stamped API Gateway sender); `undefined` where the backend vouches for nobody
   * (AppSync Events) and for one's own optimistic entries. Never taken from `data`.
   */
  readonly sender: MessageSender | undefined;
  /** An edit replaced the content (`data` is the new content; Chime update or redaction). */
  readonly edited: boolean;
  /**
   * The message was deleted: it stays listed as a tombstone so a list can say so where it
   * was. Its `data` is what the deletion carried — do not render it.
   */
  readonly deleted: boolean;
}

/**
 * What {@link useMessageHistory} returns.
 *
 * @example
 * ```ts
 * const { messages, fetchOlder, hasMore }: MessageHistoryView<Msg> = view;
 * ```
 */
export interface MessageHistoryView<T> {
  /** Oldest first: history, then live messages, then optimistic ones, each id once. */
  readonly messages: readonly HistoryMessage<T>[];
  readonly fetchOlder: () => Promise<unknown>;
  readonly hasMore: boolean;
  readonly isLoading: boolean;
  /** An older page is being fetched (`fetchOlder` in flight). */
  readonly isFetchingNextPage: boolean;
  /** Fetch error, or the typed "no history" error when there is neither a facet nor a fetcher. */
  readonly error: ChannelKitError | Error | undefined;
}

/**
 * A channel's history as a react-query infinite query, merged with the live stream and
 * optimistic publishes, deduplicated by id; refetched after a discontinuity.
 *
 * @example
 * ```ts
 * function Messages() {
 *   const { messages, fetchOlder, hasMore } = useMessageHistory<{ id: string; text: string }>('/default/room', { fetcher: myFetcher });
 *   return createElement('ul', null, messages.map((m) => createElement('li', { key: m.id }, m.data.text)), hasMore ? createElement('button', { onClick: fetchOlder }, 'Older') : null);
 * }
 * ```
 */
export function useMessageHistory<T = unknown>(channel: string, options: UseMessageHistoryOptions<T> = {}): MessageHistoryView<T> {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const handle = client.channel<T>(channel);
  const feed = runtime.feed<T>(handle.name, options.client);
  const key = runtime.key(options.client, handle.name);
  const enabled = options.enabled !== false;
  const limit = options.pageSize ?? 50;
  const fetcherRef = React.useRef(options.fetcher);
  fetcherRef.current = options.fetcher;
  const source = options.fetcher ? 'fetcher' : handle.history ? 'facet' : undefined;
  const missing = React.useMemo(() => (source ? undefined : unsupported('history', client.backend)), [source, client]);

  const live = useFeed(feed, enabled);
  const select = React.useCallback(() => (runtime.store.getState().optimistic[key] ?? EMPTY) as readonly OptimisticEntry<T>[], [runtime, key]);
  const optimistic = React.useSyncExternalStore(runtime.store.subscribe, select, () => EMPTY as readonly OptimisticEntry<T>[]);

  type Options = InfiniteQueryObserverOptions<HistoryPage<T>, Error, InfiniteData<HistoryPage<T>, string | undefined>, readonly unknown[], string | undefined>;
  const queryOptions: Options = {
    queryKey: ['channelkit', 'history', key, limit],
    // Fetched once the channel is live: nothing published in between is missed, and Hotsock's
    // HTTP API (the facet) signs with the connection's session.
    enabled: enabled && !!source && live.state.status === 'subscribed',
    initialPageParam: undefined,
    queryFn: ({ pageParam }) => {
      const request: HistoryListOptions = pageParam === undefined ? { limit } : { before: pageParam, limit };
      const fetcher = fetcherRef.current;
      if (fetcher) return fetcher({ ...request, channel: handle.name });
      return handle.history!.list(request);
    },
    getNextPageParam: (last) => (last.hasMore ? last.items[0]?.id : undefined),
  };
  const [observer] = React.useState(() => new InfiniteQueryObserver(runtime.queryClient, queryOptions));
  const query = useObserver(observer, queryOptions);

  // After a discontinuity events may be missing: the history is the source of truth again.
  const discontinuities = live.state.discontinuities;
  const seenDiscontinuities = React.useRef(discontinuities);
  const { refetch } = query;
  React.useEffect(() => {
    if (discontinuities === seenDiscontinuities.current) return;
    seenDiscontinuities.current = discontinuities;
    if (enabled && source) void refetch();
  }, [discontinuities, enabled, source, refetch]);

  const pages = query.data?.pages;
  // Edits and deletions seen (meta.changes), by the id they name: they outlive the live window
  // that brought them, or a deleted message would come back with the next page or 100 events.
  const [changes] = React.useState(() => new Map<string, { action: 'update' | 'delete'; data: unknown }>());
  const messages = React.useMemo(() => {
    const out: HistoryMessage<T>[] = [];
    const ids = new Set<string>();
    // The app's ids of what is listed: an optimistic entry whose message is already here (its
    // echo was missed, its stored copy fetched) is not listed twice.
    const appIds = new Set<string>();
    for (const e of live.events) if (e.meta.changes) changes.set(e.meta.changes.id, { action: e.meta.changes.action, data: e.data });
    const add = (m: HistoryMessage<T>) => {
      if (ids.has(m.id)) return;
      ids.add(m.id);
      const change = changes.get(m.id);
      const app = eventId(m.data);
      if (app !== undefined) appIds.add(app);
      // A deletion leaves a tombstone (`deleted`, its data what the deletion carried) so that a
      // list can say "deleted" where the message was; components must not render its data.
      out.push(change ? { ...m, data: change.data as T, edited: change.action === 'update', deleted: change.action === 'delete' } : m);
    };
    // Pages go back in time; items in a page are oldest first. Keyed as live events are, so a
    // message both fetched and heard live shows once: the backend's history has the backend's
    // ids (what live events carry in meta.id); an app's fetcher is keyed like its live events.
    for (const page of [...(pages ?? [])].reverse())
      for (const item of page.items)
        add({
          id: source === 'facet' ? item.id : (eventId(item.data, item.meta) ?? item.id),
          data: item.data,
          source: 'history',
          status: 'delivered',
          error: undefined,
          sender: senderOf(item.meta),
          edited: false,
          deleted: false,
        });
    live.events.forEach((e, i) => {
      if (!e.meta.changes) add({ id: e.id ?? `live-${i}`, data: e.data, source: 'live', status: 'delivered', error: undefined, sender: e.meta.sender, edited: false, deleted: false });
    });
    for (const o of optimistic)
      if (o.id === undefined || !appIds.has(o.id))
        add({ id: o.id ?? o.localId, data: o.data, source: 'optimistic', status: o.status, error: o.error, sender: undefined, edited: false, deleted: false });
    return out;
  }, [pages, live.events, optimistic, source, changes]);

  const { fetchNextPage } = query;
  const fetchOlder = React.useCallback(() => fetchNextPage(), [fetchNextPage]);
  return { messages, fetchOlder, hasMore: query.hasNextPage, isLoading: query.isLoading, isFetchingNextPage: query.isFetchingNextPage, error: missing ?? query.error ?? undefined };
}

// A fetcher's items carry whatever meta the app's API returns: only a well-formed sender
// (a non-empty string id) is passed on.
function senderOf(meta: Readonly<Record<string, unknown>> | undefined): MessageSender | undefined {
  const s = meta?.sender as { id?: unknown; name?: unknown } | null | undefined;
  if (s === null || typeof s !== 'object' || typeof s.id !== 'string' || s.id === '') return undefined;
  return typeof s.name === 'string' ? { id: s.id, name: s.name } : { id: s.id };
}
