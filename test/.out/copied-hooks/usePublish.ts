'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { ChannelKitError, type PublishResult, type RealtimeClient } from '@channelkit/transport';
import { type ChannelKitRuntime, eventId, type OptimisticEntry, useChannelKit, EMPTY } from '@channelkit/react';

/**
 * What {@link usePublish} returns.
 *
 * @example
 * ```ts
 * const { publish, entries, retry, discard }: PublishView<{ id: string; text: string }> = view;
 * ```
 */
export interface PublishView<T> {
  /**
   * Publishes one event and returns the backend's result. The event shows at once as an
   * optimistic entry (`pending`, or `queued` while offline) in `useMessageHistory`; a refusal
   * or error leaves it `failed` (the promise still resolves with the result, or rejects).
   */
  readonly publish: (event: T) => Promise<PublishResult>;
  /** This channel's optimistic entries (pending, queued, failed, sent-awaiting-echo). */
  readonly entries: readonly OptimisticEntry<T>[];
  /** Entries that failed. */
  readonly failed: readonly OptimisticEntry<T>[];
  /** Publishes a failed entry again. */
  readonly retry: (localId: string) => Promise<PublishResult | undefined>;
  /** Drops an entry. */
  readonly discard: (localId: string) => void;
}

let counter = 0;

/** Connected: the publish is on its way; otherwise it waits in the outbox. */
const waiting = (client: RealtimeClient) => (client.status.getSnapshot().status === 'connected' ? 'pending' : 'queued');

function patch(runtime: ChannelKitRuntime, key: string, localId: string, change: Partial<OptimisticEntry> | null): void {
  runtime.store.setState((s) => {
    const list = s.optimistic[key] ?? [];
    const next = change === null ? list.filter((e) => e.localId !== localId) : list.map((e) => (e.localId === localId ? { ...e, ...change } : e));
    return { optimistic: { ...s.optimistic, [key]: next } };
  });
}

/**
 * Publishes to a channel with optimistic entries: give events an `id` (e.g.
 * `crypto.randomUUID()`) so the entry is replaced by its echo or its history copy without a
 * duplicate.
 *
 * @example
 * ```ts
 * function Composer() {
 *   const { publish, failed, retry } = usePublish<{ id: string; text: string }>('/default/room');
 *   const send = (text: string) => publish({ id: crypto.randomUUID(), text });
 *   return failed.length ? createElement('button', { onClick: () => retry(failed[0]!.localId) }, 'Retry') : createElement('input', { onChange: (e: { target: { value: string } }) => send(e.target.value) });
 * }
 * ```
 */
export function usePublish<T = unknown>(channel: string, options: { client?: string } = {}): PublishView<T> {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const handle = client.channel<T>(channel);
  const key = runtime.key(options.client, handle.name);
  const select = React.useCallback(() => (runtime.store.getState().optimistic[key] ?? EMPTY) as readonly OptimisticEntry<T>[], [runtime, key]);
  const entries = React.useSyncExternalStore(runtime.store.subscribe, select, () => EMPTY as readonly OptimisticEntry<T>[]);

  const send = React.useCallback(
    async (localId: string, data: T): Promise<PublishResult> => {
      try {
        const result = await handle.publish(data);
        const f = result.failed[0];
        if (f) patch(runtime, key, localId, { status: 'failed', error: new ChannelKitError('PUBLISH_FAILED', f.message, { details: { code: f.code } }) });
        // Without an id the echo cannot be matched: the entry ends with the ack.
        else patch(runtime, key, localId, eventId(data) === undefined ? null : { status: 'sent', error: undefined });
        return result;
      } catch (error) {
        const e = error instanceof ChannelKitError ? error : new ChannelKitError('PUBLISH_FAILED', String((error as Error)?.message ?? error), { cause: error });
        patch(runtime, key, localId, { status: 'failed', error: e });
        throw e;
      }
    },
    [handle, runtime, key],
  );

  const publish = React.useCallback(
    (data: T) => {
      const localId = `local-${++counter}`;
      const entry: OptimisticEntry<T> = { localId, id: eventId(data), data, status: waiting(client), error: undefined };
      runtime.store.setState((s) => ({ optimistic: { ...s.optimistic, [key]: [...(s.optimistic[key] ?? []), entry] } }));
      return send(localId, data);
    },
    [client, runtime, key, send],
  );

  const retry = React.useCallback(
    async (localId: string) => {
      const entry = (runtime.store.getState().optimistic[key] ?? []).find((e) => e.localId === localId);
      if (!entry) return undefined;
      patch(runtime, key, localId, { status: waiting(client), error: undefined });
      return send(localId, entry.data as T);
    },
    [client, runtime, key, send],
  );
  const discard = React.useCallback((localId: string) => patch(runtime, key, localId, null), [runtime, key]);
  const failed = React.useMemo(() => entries.filter((e) => e.status === 'failed'), [entries]);
  return { publish, entries, failed, retry, discard };
}
