'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { EventMeta } from '@channelkit/transport';
import type { ChannelFeed, FeedSnapshot } from './createFeed.js';

/**
 * Leases a channel feed while `enabled` (with an optional event handler) and reads its
 * snapshot (events and channel state).
 *
 * @example
 * ```ts
 * const live = useFeed(runtime.feed(channel), true);
 * const ready = live.state.status === 'subscribed';
 * ```
 */
export function useFeed<T>(feed: ChannelFeed<T>, enabled: boolean, onEvent?: (data: T, meta: EventMeta) => void): FeedSnapshot<T> {
  useLease(feed, enabled, onEvent);
  return React.useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getServerSnapshot);
}

/**
 * Leases a channel feed while `enabled`, without reading it (for hooks that read the feed
 * through a selector).
 *
 * @example
 * ```ts
 * useLease(runtime.feed(channel), enabled, (data) => handler.current?.(data));
 * ```
 */
export function useLease<T>(feed: ChannelFeed<T>, enabled: boolean, onEvent?: (data: T, meta: EventMeta) => void): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `onEvent` is read when the lease is taken (callers pass a function that reads a ref, as useChannel does); a new handler must not resubscribe.
  React.useEffect(() => (enabled ? feed.acquire(onEvent) : undefined), [feed, enabled]);
}
