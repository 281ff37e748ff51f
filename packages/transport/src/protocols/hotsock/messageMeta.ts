import { toSender } from '../../connection/MessageSender.js';

/**
 * The meta of a Hotsock message, live or from history: the event name, the publisher's `uid`
 * and `umd` as the server stamped them (from the publisher's signed token, never from the
 * payload), and the same as `sender` — the backend-neutral field the hooks and UI read.
 *
 * @example
 * ```ts
 * messageMeta('chat', { uid: 'ada', umd: { name: 'Ada' } }); // { event: 'chat', uid: 'ada', umd: {…}, sender: { id: 'ada', name: 'Ada' } }
 * ```
 */
export function messageMeta(event: unknown, meta: unknown): Record<string, unknown> {
  const m = meta !== null && typeof meta === 'object' ? (meta as { uid?: unknown; umd?: unknown }) : {};
  const uid = typeof m.uid === 'string' ? m.uid : null;
  const umd = m.umd ?? null;
  const name = umd !== null && typeof umd === 'object' ? (umd as { name?: unknown }).name : undefined;
  const sender = toSender(uid, name);
  return sender ? { event, uid, umd, sender } : { event, uid, umd };
}
