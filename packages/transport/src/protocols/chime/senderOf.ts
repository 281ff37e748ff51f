import { type MessageSender, toSender } from '../../connection/MessageSender.js';
import type { ChimeMessage } from './types.js';

/**
 * `{ sender }` from a message's `Sender` — the AppInstanceUser Chime authenticated when it was
 * sent (`Arn`, `Name`) — or `{}` when the message names none (a system message). Spread into
 * an event's meta.
 *
 * @example
 * ```ts
 * senderOf({ MessageId: 'm1', Sender: { Arn: 'arn:…/user/ada', Name: 'Ada' } }); // { sender: { id: 'arn:…/user/ada', name: 'Ada' } }
 * ```
 */
export function senderOf(message: ChimeMessage): { sender?: MessageSender } {
  const sender = toSender(message.Sender?.Arn, message.Sender?.Name);
  return sender ? { sender } : {};
}
