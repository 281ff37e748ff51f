import type { InboundFrame } from '../../connection/Backend.js';
import { toSender } from '../../connection/MessageSender.js';

/**
 * Moves the sender an AppSync `onPublish` handler stamped (`payload.sender = { id, name? }`)
 * from an event's data into `meta.sender`, and takes it out of `data` so that the app sees what
 * was published. Used only when the app declared `senderFrom: 'handler'`: a namespace without
 * such a handler lets any publisher write `sender`, so it is trusted only on the app's word
 * that the handler is there. An event without a well-formed stamp gets no sender.
 *
 * @example
 * ```ts
 * withHandlerSender({ type: 'event', subscriptionId: '1', data: { text: 'hi', sender: { id: 'u1' } } });
 * // { type: 'event', subscriptionId: '1', data: { text: 'hi' }, meta: { sender: { id: 'u1' } } }
 * ```
 */
export function withHandlerSender(frame: InboundFrame): InboundFrame {
  if (frame.type !== 'event') return frame;
  const data = frame.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Object.hasOwn(data, 'sender')) return frame;
  const { sender: stamp, ...rest } = data as Record<string, unknown>;
  const s = stamp !== null && typeof stamp === 'object' ? (stamp as Record<string, unknown>) : {};
  const sender = toSender(s.id, s.name);
  return { ...frame, data: rest, meta: { ...frame.meta, ...(sender ? { sender } : {}) } };
}
