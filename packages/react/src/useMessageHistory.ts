'use client';
import { type InfiniteData, InfiniteQueryObserver, type InfiniteQueryObserverOptions } from '@tanstack/query-core';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, HistoryListOptions, HistoryPage, MessageSender } from '@channelkit/transport';
import {
  type ChannelFeed,
  type ChannelKitRuntime,
  changeKey,
  EMPTY,
  eventId,
  type FeedSnapshot,
  type OptimisticEntry,
  unsupported,
  useChannelKit,
  useLease,
  useObserver,
  useStoreSelector,
} from './ChannelKitProvider.js';

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
 * Options of {@link useMessageHistory}. They may be written inline: `client`, `enabled`,
 * `pageSize` and the channel identify the query; the fetcher is read from a ref when a page
 * loads, and `select` / `isEqual` at render.
 *
 * @example
 * ```ts
 * const options: UseMessageHistoryOptions<Msg> = { pageSize: 30, fetcher: myFetcher };
 * ```
 */
export interface UseMessageHistoryOptions<T, S = MessageHistoryView<T>> {
  /** Where the backend has no `channel.history` (or to override it). */
  fetcher?: HistoryFetcher<T> | undefined;
  /** Items per page (default 50). */
  pageSize?: number | undefined;
  /** `false`: no fetch and no subscription (default true). */
  enabled?: boolean | undefined;
  client?: string | undefined;
  /**
   * Picks the slice the component renders (e.g. the number of unread messages): it renders
   * again only when the slice changes by `isEqual`, or when a page loads.
   */
  select?: ((view: MessageHistoryView<T>) => S) | undefined;
  /** How two slices compare (default `Object.is`). */
  isEqual?: ((a: S, b: S) => boolean) | undefined;
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
  /**
   * The React key of this message's row: the same while it goes from optimistic to live to
   * history (its app id, where it has one), so a sent message's row never remounts.
   */
  readonly key: string;
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
 * optimistic publishes, deduplicated by id, with edits and deletions applied. It is refetched
 * after a discontinuity and whenever the channel's wire subscription was taken afresh (coming
 * back after the release grace): nothing published while away is missing. The first render after
 * a channel change shows that channel's data (or loading), never the previous one's.
 *
 * @example
 * ```ts
 * function Messages() {
 *   const { messages, fetchOlder, hasMore, isFetchingNextPage } = useMessageHistory<{ id: string; text: string }>('/default/room', { fetcher: myFetcher });
 *   const older = isFetchingNextPage ? 'Loading…' : hasMore ? createElement('button', { onClick: fetchOlder }, 'Older') : null;
 *   return createElement('ul', null, older, messages.map((m) => createElement('li', { key: m.key }, m.deleted ? 'deleted' : m.data.text)));
 * }
 * ```
 */
export function useMessageHistory<T = unknown, S = MessageHistoryView<T>>(channel: string, options: UseMessageHistoryOptions<T, S> = {}): S {
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

  useLease(feed, enabled);
  // The status alone re-renders (the query waits for 'subscribed'); events reach the render
  // through the selector below.
  const status = React.useSyncExternalStore(
    feed.subscribe,
    () => feed.getSnapshot().state.status,
    () => feed.getServerSnapshot().state.status,
  );

  type Options = InfiniteQueryObserverOptions<HistoryPage<T>, Error, InfiniteData<HistoryPage<T>, string | undefined>, readonly unknown[], string | undefined>;
  const queryOptions: Options = {
    queryKey: ['channelkit', 'history', key, limit],
    // Fetched once the channel is live: nothing published in between is missed, and Hotsock's
    // HTTP API (the facet) signs with the connection's session.
    enabled: enabled && !!source && status === 'subscribed',
    initialPageParam: undefined,
    queryFn: ({ pageParam }) => {
      const request: HistoryListOptions = pageParam === undefined ? { limit } : { before: pageParam, limit };
      const fetcher = fetcherRef.current;
      if (fetcher) return fetcher({ ...request, channel: handle.name });
      return handle.history!.list(request);
    },
    getNextPageParam: (last) => (last.hasMore ? last.items[0]?.id : undefined),
  };
  // One observer per QueryClient (the provider follows a new one).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options are applied after every render (useObserver); only a new QueryClient needs a new observer.
  const observer = React.useMemo(() => new InfiniteQueryObserver(runtime.queryClient, queryOptions), [runtime.queryClient]);
  const query = useObserver(observer, queryOptions);

  // History may miss events after a discontinuity, or when the wire subscription was taken
  // afresh after the cached pages were loaded (back after the release grace, a new client):
  // it is the source of truth again. Checked on every feed change, not only on renders (a
  // selector may skip them).
  const seen = React.useRef<{ feed: unknown; discontinuities: number }>({ feed: undefined, discontinuities: 0 });
  const check = React.useCallback(() => {
    if (!enabled || !source) return;
    const live = feed.getSnapshot();
    if (live.state.status !== 'subscribed') return;
    const r = observer.getCurrentResult();
    if (r.status !== 'success' || r.isFetching) return;
    const s = seen.current;
    if (s.feed !== feed) seen.current = { feed, discontinuities: live.state.discontinuities };
    else if (s.discontinuities !== live.state.discontinuities) {
      s.discontinuities = live.state.discontinuities;
      return void observer.refetch();
    }
    if (r.dataUpdatedAt < live.leasedAt) void observer.refetch();
  }, [enabled, source, feed, observer]);
  React.useEffect(() => feed.subscribe(check), [feed, check]);
  React.useEffect(check);

  const pages = query.data?.pages;
  const merged = React.useRef<{ pages: unknown; live: unknown; optimistic: unknown; source: unknown; messages: readonly HistoryMessage<T>[] } | undefined>(undefined);
  const mergeOf = (live: FeedSnapshot<T>, optimistic: readonly OptimisticEntry<T>[]): readonly HistoryMessage<T>[] => {
    const m = merged.current;
    if (m && m.pages === pages && m.live === live && m.optimistic === optimistic && m.source === source) return m.messages;
    const messages = merge(pages, live, optimistic, source);
    merged.current = { pages, live, optimistic, source, messages };
    return messages;
  };
  const inputs = React.useMemo(() => combine(feed, runtime.store, key), [feed, runtime.store, key]);
  const { fetchNextPage } = query;
  const fetchOlder = React.useCallback(() => fetchNextPage(), [fetchNextPage]);
  const hasMore = query.hasNextPage;
  const { isLoading, isFetchingNextPage } = query;
  const error = missing ?? query.error ?? undefined;
  const views = React.useRef<{ messages: unknown; view: MessageHistoryView<T> } | undefined>(undefined);
  const { select, isEqual } = options;
  const pick = (snapshot: Inputs<T>): S => {
    const messages = mergeOf(snapshot.live, snapshot.optimistic);
    const v = views.current?.view;
    const view =
      v && views.current!.messages === messages && v.hasMore === hasMore && v.isLoading === isLoading && v.isFetchingNextPage === isFetchingNextPage && v.error === error && v.fetchOlder === fetchOlder
        ? v
        : { messages, fetchOlder, hasMore, isLoading, isFetchingNextPage, error };
    views.current = { messages, view };
    return select ? select(view) : (view as unknown as S);
  };
  return useStoreSelector(inputs.subscribe, inputs.getSnapshot, inputs.getServerSnapshot, pick, isEqual);
}

type Inputs<T> = { readonly live: FeedSnapshot<T>; readonly optimistic: readonly OptimisticEntry<T>[] };

/** The feed and the channel's optimistic entries as one store (one snapshot per change of either). */
function combine<T>(feed: ChannelFeed<T>, store: ChannelKitRuntime['store'], key: string) {
  const entries = () => (store.getState().optimistic[key] ?? EMPTY) as readonly OptimisticEntry<T>[];
  let last: Inputs<T> | undefined;
  const getSnapshot = (): Inputs<T> => {
    const live = feed.getSnapshot();
    const optimistic = entries();
    if (!last || last.live !== live || last.optimistic !== optimistic) last = { live, optimistic };
    return last;
  };
  const server: Inputs<T> = { live: feed.getServerSnapshot(), optimistic: EMPTY };
  return {
    subscribe(listener: () => void) {
      const a = feed.subscribe(listener);
      const b = store.subscribe(listener);
      return () => {
        a();
        b();
      };
    },
    getSnapshot,
    getServerSnapshot: () => server,
  };
}

/**
 * History pages, then the live window, then optimistic entries; each message once, edits and
 * deletions applied, every row with a key that survives its optimistic → live → history path.
 */
function merge<T>(
  pages: readonly HistoryPage<T>[] | undefined,
  live: FeedSnapshot<T>,
  optimistic: readonly OptimisticEntry<T>[],
  source: 'fetcher' | 'facet' | undefined,
): readonly HistoryMessage<T>[] {
  const out: HistoryMessage<T>[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  // The app's ids of what is listed: an optimistic entry whose message is already here (its
  // echo was missed, its stored copy fetched) is not listed twice.
  const appIds = new Set<string>();
  // A message heard live keeps its live key when the refetched history lists it.
  const liveKeys = new Map<string, string>();
  for (const e of live.events) if (e.id !== undefined) liveKeys.set(e.id, e.key);
  const add = (m: HistoryMessage<T>) => {
    if (ids.has(m.id)) return;
    ids.add(m.id);
    // A peer's data.id can collide with another row's key: the id (unique here) then keys it.
    const row = keys.has(m.key) ? { ...m, key: m.id } : m;
    keys.add(row.key);
    const app = eventId(row.data);
    if (app !== undefined) appIds.add(app);
    const change = (row.sender && live.changes.get(changeKey(row.id, row.sender))) ?? live.changes.get(row.id);
    // A convention change ($changes in the data) counts only from the message's own sender,
    // where the backend says who that is.
    const allowed = change && (!change.convention || row.sender === undefined || change.sender?.id === row.sender.id);
    // A deletion leaves a tombstone (`deleted`, its data what the deletion carried) so that a
    // list can say "deleted" where the message was; components must not render its data.
    out.push(allowed ? { ...row, data: change.data as T, edited: change.action === 'update', deleted: change.action === 'delete' } : row);
  };
  // Pages go back in time; items in a page are oldest first. Keyed as live events are, so a
  // message both fetched and heard live shows once: the backend's history has the backend's
  // ids (what live events carry in meta.id); an app's fetcher is keyed like its live events.
  for (const page of [...(pages ?? [])].reverse())
    for (const item of page.items) {
      const id = source === 'facet' ? item.id : (eventId(item.data, item.meta) ?? item.id);
      add({
        id,
        key: liveKeys.get(id) ?? id,
        data: item.data,
        source: 'history',
        status: 'delivered',
        error: undefined,
        sender: senderOf(item.meta),
        edited: false,
        deleted: item.meta?.deleted === true,
      });
    }
  for (const e of live.events)
    if (!e.meta.changes) add({ id: e.id ?? e.key, key: e.key, data: e.data, source: 'live', status: 'delivered', error: undefined, sender: e.meta.sender, edited: false, deleted: false });
  for (const o of optimistic)
    if (o.id === undefined || !appIds.has(o.id))
      add({ id: o.id ?? o.localId, key: o.id ?? o.localId, data: o.data, source: 'optimistic', status: o.status, error: o.error, sender: undefined, edited: false, deleted: false });
  return out;
}

// A fetcher's items carry whatever meta the app's API returns: only a well-formed sender
// (a non-empty string id) is passed on.
function senderOf(meta: Readonly<Record<string, unknown>> | undefined): MessageSender | undefined {
  const s = meta?.sender as { id?: unknown; name?: unknown } | null | undefined;
  if (s === null || typeof s !== 'object' || typeof s.id !== 'string' || s.id === '') return undefined;
  return typeof s.name === 'string' ? { id: s.id, name: s.name } : { id: s.id };
}
