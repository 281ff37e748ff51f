'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitError } from '@channelkit/transport';
import { useChannelKit } from './ChannelKitProvider.js';

/**
 * Where an error reported by {@link useErrorListener} came from: the client's non-fatal errors
 * (`client.onError`: garbage frames, server error frames, throwing listeners), the connection
 * (why an attempt ended or the connection failed), or one channel (a refused subscription …).
 *
 * @example
 * ```ts
 * const where = (s: ErrorSource) => (s.kind === 'channel' ? s.channel : s.kind);
 * ```
 */
export type ErrorSource = { readonly kind: 'client' } | { readonly kind: 'connection' } | { readonly kind: 'channel'; readonly channel: string };

/**
 * Options of {@link useErrorListener} (safe to write inline).
 *
 * @example
 * ```ts
 * const options: UseErrorListenerOptions = { channel: '/default/room', client: 'chat' };
 * ```
 */
export interface UseErrorListenerOptions {
  /** Also report this channel's errors (its state's `error`); it is observed, not subscribed. */
  channel?: string | undefined;
  client?: string | undefined;
  /** `false`: not listening. */
  enabled?: boolean | undefined;
}

/**
 * Calls `listener` with each new error of the client, its connection and (optionally) one
 * channel, without rendering — Liveblocks' `useErrorListener`. Each error object is reported
 * once, when it first appears. The listener lives in a ref (Liveblocks `useLatest`,
 * `packages/liveblocks-react/src/lib/use-latest.ts`): an inline function never resubscribes.
 *
 * @example
 * ```ts
 * function ErrorReporter() {
 *   useErrorListener((error, source) => report(error.code, source.kind), { channel: '/default/room' });
 *   return null;
 * }
 * ```
 */
export function useErrorListener(listener: (error: ChannelKitError, source: ErrorSource) => void, options: UseErrorListenerOptions = {}): void {
  const client = useChannelKit().client(options.client);
  const enabled = options.enabled !== false;
  // Named during render like every hook's channel: a name the backend cannot have throws here.
  const channel = options.channel === undefined ? undefined : client.channel(options.channel);
  const latest = React.useRef(listener);
  React.useEffect(() => {
    latest.current = listener;
  });

  React.useEffect(() => {
    if (!enabled) return;
    const report = (error: ChannelKitError, source: ErrorSource) => latest.current(error, source);
    const offClient = client.onError((error) => report(error, { kind: 'client' }));
    // Errors already showing when the listener arrives are not news: only later ones are reported.
    let lastConnection = client.status.getSnapshot().error;
    const offStatus = client.status.subscribe(() => {
      const { error } = client.status.getSnapshot();
      if (error === lastConnection) return;
      lastConnection = error;
      if (error) report(error, { kind: 'connection' });
    });
    let offChannel: (() => void) | undefined;
    if (channel) {
      let lastChannel = channel.state.getSnapshot().error;
      offChannel = channel.state.subscribe(() => {
        const { error } = channel.state.getSnapshot();
        if (error === lastChannel) return;
        lastChannel = error;
        if (error) report(error, { kind: 'channel', channel: channel.name });
      });
    }
    return () => {
      offClient();
      offStatus();
      offChannel?.();
    };
  }, [client, channel, enabled]);
}
