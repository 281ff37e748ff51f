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
  const data = frame.type === 'event' ? (frame.data as Record<string, unknown> | null) : null;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Object.hasOwn(data, 'sender')) return frame;
  const { sender: stamp, ...rest } = data;
  const sender = toSender((stamp as { id?: unknown } | null)?.id, (stamp as { name?: unknown } | null)?.name);
  return { ...(frame as Extract<InboundFrame, { type: 'event' }>), data: rest, meta: { ...(frame as Extract<InboundFrame, { type: 'event' }>).meta, ...(sender ? { sender } : {}) } };
}
