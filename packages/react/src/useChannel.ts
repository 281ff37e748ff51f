'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, ChannelState, EventMeta } from '@channelkit/transport';
import { type FeedSnapshot, type LiveEvent, useChannelKit, useLease, useStoreSelector } from './ChannelKitProvider.js';

/**
 * Options of {@link useChannel}. They may be written inline: only `client` and `enabled` (and
 * the channel) identify the subscription; `limit`, `select` and `isEqual` are read at render.
 *
 * @example
 * ```ts
 * const options: UseChannelOptions<{ price: number }, number> = { enabled: Boolean(roomId), limit: 50, client: 'live', select: (v) => v.events.length };
 * ```
 */
export interface UseChannelOptions<T = unknown, S = ChannelView<T>> {
  /**
   * `false`: subscribe nothing and call no handler (default true). The view still shows what
   * the channel's feed holds, which is nothing unless another component subscribes it.
   */
  enabled?: boolean | undefined;
  /** Most recent events to return (at most the provider's `windowSize`). */
  limit?: number | undefined;
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
  /**
   * Picks the slice the component renders: it renders again only when the slice changes (by
   * `isEqual`), not on every event of the channel.
   */
  select?: ((view: ChannelView<T>) => S) | undefined;
  /** How two slices compare (default `Object.is`; e.g. a shallow compare for arrays). */
  isEqual?: ((a: S, b: S) => boolean) | undefined;
}

/**
 * What {@link useChannel} returns (without a selector).
 *
 * @example
 * ```ts
 * const { events, status, error, discontinuities }: ChannelView<{ text: string }> = view;
 * ```
 */
export interface ChannelView<T> {
  /** Recent events with their meta, id and stable key, oldest first. */
  readonly events: readonly LiveEvent<T>[];
  readonly status: ChannelState['status'];
  readonly error: ChannelKitError | undefined;
  /** How many times events may have been missed (refetch history when it grows). */
  readonly discontinuities: number;
}

/**
 * Subscribes to a channel while mounted. StrictMode's mount–unmount–mount costs one wire
 * subscription; the handler lives in a ref, so changing it never resubscribes; a flood of
 * events re-renders at most once per animation frame (a timer stands in for frames in hidden
 * tabs); a selector keeps re-renders to the slice a component reads. A handler that throws is
 * reported (the provider's `onError`) and never stops the channel's other handlers.
 *
 * @example
 * ```ts
 * function Ticker() {
 *   const { events, status } = useChannel<{ price: number }>('/default/prices', (p) => console.log(p.price));
 *   const count = useChannel<{ price: number }, number>('/default/prices', undefined, { select: (v) => v.events.length });
 *   return `${status}: ${events.at(-1)?.data.price ?? '…'} (${count})`;
 * }
 * ```
 */
export function useChannel<T = unknown, S = ChannelView<T>>(channel: string, onEvent?: (data: T, meta: EventMeta) => void, options: UseChannelOptions<T, S> = {}): S {
  const feed = useChannelKit().feed<T>(channel, options.client);
  const handler = React.useRef(onEvent);
  React.useEffect(() => {
    handler.current = onEvent;
  });
  const enabled = options.enabled !== false;
  useLease(feed, enabled, (data, meta) => handler.current?.(data, meta));
  const { limit } = options;
  // One view per (snapshot, limit): without a selector, the same snapshot renders the same object.
  const views = React.useRef<{ snapshot: FeedSnapshot<T>; limit: number | undefined; view: ChannelView<T> } | undefined>(undefined);
  const viewOf = (snapshot: FeedSnapshot<T>): ChannelView<T> => {
    const memo = views.current;
    if (memo && memo.snapshot === snapshot && memo.limit === limit) return memo.view;
    const events = limit !== undefined && snapshot.events.length > limit ? snapshot.events.slice(-limit) : snapshot.events;
    const { state } = snapshot;
    const view = { events, status: state.status, error: state.error, discontinuities: state.discontinuities };
    views.current = { snapshot, limit, view };
    return view;
  };
  const { select, isEqual } = options;
  const pick = (snapshot: FeedSnapshot<T>) => {
    const view = viewOf(snapshot);
    return select ? select(view) : (view as unknown as S);
  };
  return useStoreSelector(feed.subscribe, feed.getSnapshot, feed.getServerSnapshot, pick, isEqual);
}
