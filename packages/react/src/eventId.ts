import type { EventMeta } from '@channelkit/transport';

/**
 * The id of an event: the backend's (`meta.id`: Hotsock's message id, Chime's MessageId), else
 * the app's `data.id` when it is a string. The backend's comes first because a peer can put any
 * `id` in its data, another message's included: only the backend's id cannot be forged. (The
 * app's id still retires the sender's own optimistic entry when its echo arrives.)
 *
 * @example
 * ```ts
 * eventId({ id: 'm1', text: 'hi' }); // 'm1'
 * eventId({ id: 'm1', text: 'hi' }, { channel: 'room', id: '01JD…' }); // '01JD…'
 * ```
 */
export function eventId(data: unknown, meta?: EventMeta | Readonly<Record<string, unknown>>): string | undefined {
  if (typeof meta?.id === 'string') return meta.id;
  if (data !== null && typeof data === 'object' && typeof (data as { id?: unknown }).id === 'string') return (data as { id: string }).id;
  return undefined;
}
