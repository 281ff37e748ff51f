'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { ChannelKitError, type PublishResult, type RealtimeClient } from '@channelkit/transport';
import { type ChannelKitRuntime, EMPTY, eventId, type OptimisticEntry, useChannelKit } from './ChannelKitProvider.js';

/**
 * Options of {@link usePublish}.
 *
 * @example
 * ```ts
 * const options: UsePublishOptions = { client: 'chat', enabled: signedIn };
 * ```
 */
export interface UsePublishOptions {
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
  /** `false`: nothing is sent; `publish`, `edit` and `remove` reject with INVALID_ARGUMENT (default true). */
  enabled?: boolean | undefined;
}

/**
 * What {@link usePublish} returns.
 *
 * @example
 * ```ts
 * const { publish, entries, retry, discard, edit, remove }: PublishView<{ id: string; text: string }> = view;
 * ```
 */
export interface PublishView<T> {
  /**
   * Publishes one event and returns the backend's result. The event shows at once as an
   * optimistic entry (`pending`, or `queued` while offline) in `useMessageHistory`; once
   * acknowledged it is listed as delivered where it was acknowledged (its echo, if the backend
   * sends one, takes its place); a refusal or error leaves it `failed` (the promise still
   * resolves with the result, or rejects).
   */
  readonly publish: (event: T) => Promise<PublishResult>;
  /** This channel's optimistic entries (pending, queued, failed; `sent` only until shown). */
  readonly entries: readonly OptimisticEntry<T>[];
  /** Entries that failed. */
  readonly failed: readonly OptimisticEntry<T>[];
  /**
   * Publishes a failed entry again. An entry that is not `failed` (still pending, queued or
   * sent) is left alone and `undefined` is returned: retrying it would send it twice.
   */
  readonly retry: (localId: string) => Promise<PublishResult | undefined>;
  /** Drops an entry. */
  readonly discard: (localId: string) => void;
  /**
   * Replaces the content of one of your messages (by the id `useMessageHistory` lists). Chime:
   * `UpdateChannelMessage`; other backends: the `$changes` convention (an event
   * `{ ...data, $changes: { id, action: 'update' } }` that the hooks apply to the message).
   */
  readonly edit: (id: string, data: T) => Promise<void>;
  /**
   * Deletes one of your messages; it stays listed as a tombstone (`deleted`). Chime:
   * `RedactChannelMessage` (what a member may do to their own; `{ hard: true }`:
   * `DeleteChannelMessage`, an administrator's call); other backends:
   * `{ $changes: { id, action: 'delete' } }`.
   */
  readonly remove: (id: string, options?: { hard?: boolean }) => Promise<void>;
}

let counter = 0;

/** Connected: the publish is on its way; otherwise it waits in the outbox. */
const waiting = (client: RealtimeClient) => (client.status.getSnapshot().status === 'connected' ? 'pending' : 'queued');

function patch(runtime: ChannelKitRuntime, key: string, localId: string, change: Partial<OptimisticEntry>): void {
  const list = runtime.store.getState().optimistic[key];
  if (!list?.some((e) => e.localId === localId)) return; // retired meanwhile (its echo came)
  runtime.store.setState((s) => ({ optimistic: { ...s.optimistic, [key]: (s.optimistic[key] ?? []).map((e) => (e.localId === localId ? { ...e, ...change } : e)) } }));
}

/**
 * Publishes to a channel with optimistic entries: give events an `id` (e.g.
 * `crypto.randomUUID()`) so the entry is replaced by its echo or its history copy without a
 * duplicate. Options may be written inline (only `client` and `enabled` matter, by value).
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
export function usePublish<T = unknown>(channel: string, options: UsePublishOptions = {}): PublishView<T> {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const handle = client.channel<T>(channel);
  const key = runtime.key(options.client, handle.name);
  const enabled = options.enabled !== false;
  const select = React.useCallback(() => (runtime.store.getState().optimistic[key] ?? EMPTY) as readonly OptimisticEntry<T>[], [runtime, key]);
  const entries = React.useSyncExternalStore(runtime.store.subscribe, select, () => EMPTY as readonly OptimisticEntry<T>[]);

  const send = React.useCallback(
    async (localId: string, data: T): Promise<PublishResult> => {
      try {
        const result = await handle.publish(data);
        const f = result.failed[0];
        if (f) patch(runtime, key, localId, { status: 'failed', error: new ChannelKitError('PUBLISH_FAILED', f.message, { details: { code: f.code } }) });
        else runtime.acknowledge(key, localId);
        return result;
      } catch (error) {
        const e = error instanceof ChannelKitError ? error : new ChannelKitError('PUBLISH_FAILED', String((error as Error)?.message ?? error), { cause: error });
        patch(runtime, key, localId, { status: 'failed', error: e });
        throw e;
      }
    },
    [handle, runtime, key],
  );

  const guard = React.useCallback(() => {
    if (!enabled) throw new ChannelKitError('INVALID_ARGUMENT', `usePublish('${handle.name}') is disabled (enabled: false)`, { details: { rule: 'enabled' } });
  }, [enabled, handle]);

  const publish = React.useCallback(
    async (data: T) => {
      guard();
      const localId = `local-${++counter}`;
      const entry: OptimisticEntry<T> = { localId, id: eventId(data), data, status: waiting(client), error: undefined };
      runtime.store.setState((s) => ({ optimistic: { ...s.optimistic, [key]: [...(s.optimistic[key] ?? []), entry] } }));
      return send(localId, data);
    },
    [client, runtime, key, send, guard],
  );

  const retry = React.useCallback(
    async (localId: string) => {
      guard();
      const entry = (runtime.store.getState().optimistic[key] ?? []).find((e) => e.localId === localId);
      // Only a failed entry is sent again: a pending, queued or sent one is already on its way.
      if (entry?.status !== 'failed') return undefined;
      patch(runtime, key, localId, { status: waiting(client), error: undefined });
      return send(localId, entry.data as T);
    },
    [client, runtime, key, send, guard],
  );
  const discard = React.useCallback(
    (localId: string) => {
      const list = runtime.store.getState().optimistic[key];
      if (!list?.some((e) => e.localId === localId)) return;
      runtime.store.setState((s) => {
        const next = (s.optimistic[key] ?? []).filter((e) => e.localId !== localId);
        const optimistic = { ...s.optimistic, [key]: next };
        if (!next.length) delete optimistic[key];
        return { optimistic };
      });
    },
    [runtime, key],
  );

  const change = React.useCallback(
    async (id: string, action: 'update' | 'delete', data?: T, hard?: boolean) => {
      guard();
      if (typeof id !== 'string' || id === '') throw new ChannelKitError('INVALID_ARGUMENT', `${action === 'update' ? 'edit' : 'remove'}: id must be a non-empty string`, { details: { rule: 'id' } });
      const messages = handle.messages;
      if (messages) {
        if (action === 'update') return messages.edit(id, data as T);
        return hard ? messages.delete(id) : messages.redact(id);
      }
      const body = action === 'update' ? { ...(data as object), $changes: { id, action } } : { $changes: { id, action } };
      const result = await handle.publish(body as T);
      const f = result.failed[0];
      if (f) throw new ChannelKitError('PUBLISH_FAILED', f.message, { details: { code: f.code } });
    },
    [handle, guard],
  );
  const edit = React.useCallback(
    (id: string, data: T) => {
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        return Promise.reject(new ChannelKitError('INVALID_ARGUMENT', 'edit: data must be an object (the new content)', { details: { rule: 'data' } }));
      return change(id, 'update', data);
    },
    [change],
  );
  const remove = React.useCallback((id: string, o: { hard?: boolean } = {}) => change(id, 'delete', undefined, o.hard), [change]);

  const failed = React.useMemo(() => entries.filter((e) => e.status === 'failed'), [entries]);
  return { publish, entries, failed, retry, discard, edit, remove };
}
