'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError, ChannelState, EventMeta } from '@channelkit/transport';
import { type LiveEvent, useChannelKit, useFeed } from './ChannelKitProvider.js';

/**
 * Options of {@link useChannel}.
 *
 * @example
 * ```ts
 * const options: UseChannelOptions = { enabled: Boolean(roomId), limit: 50, client: 'live' };
 * ```
 */
export interface UseChannelOptions {
  /** `false`: subscribe nothing (default true). */
  enabled?: boolean | undefined;
  /** Most recent events to return (at most the provider's `windowSize`). */
  limit?: number | undefined;
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
}

/**
 * What {@link useChannel} returns.
 *
 * @example
 * ```ts
 * const { events, status, error, discontinuities }: ChannelView<{ text: string }> = view;
 * ```
 */
export interface ChannelView<T> {
  /** Recent events with their meta, oldest first. */
  readonly events: readonly LiveEvent<T>[];
  readonly status: ChannelState['status'];
  readonly error: ChannelKitError | undefined;
  /** How many times events may have been missed (refetch history when it grows). */
  readonly discontinuities: number;
}

/**
 * Subscribes to a channel while mounted. StrictMode's mount–unmount–mount costs one wire
 * subscription; the handler lives in a ref, so changing it never resubscribes; a flood of
 * events re-renders at most once per animation frame.
 *
 * @example
 * ```ts
 * function Ticker() {
 *   const { events, status } = useChannel<{ price: number }>('/default/prices', (p) => console.log(p.price));
 *   return `${status}: ${events.at(-1)?.data.price ?? '…'}`;
 * }
 * ```
 */
export function useChannel<T = unknown>(channel: string, onEvent?: (data: T, meta: EventMeta) => void, options: UseChannelOptions = {}): ChannelView<T> {
  const feed = useChannelKit().feed<T>(channel, options.client);
  const handler = React.useRef(onEvent);
  React.useEffect(() => {
    handler.current = onEvent;
  });
  const enabled = options.enabled !== false;
  const snapshot = useFeed(feed, enabled, (data, meta) => handler.current?.(data, meta));
  const { limit } = options;
  const events = React.useMemo(() => (limit !== undefined && snapshot.events.length > limit ? snapshot.events.slice(-limit) : snapshot.events), [snapshot.events, limit]);
  const { state } = snapshot;
  return { events, status: state.status, error: state.error, discontinuities: state.discontinuities };
}
