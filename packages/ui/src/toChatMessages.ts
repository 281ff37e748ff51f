import type { HistoryMessage } from '@channelkit/react';
import type { ChatMessage, ChatSender } from './model.js';
import { validateChatEvent, CHAT_EVENT_LIMITS } from './validateChatEvent.js';
import type { InvalidPayload } from './warnInvalid.js';

/**
 * What {@link toChatMessages} needs besides the messages.
 *
 * @example
 * ```ts
 * const context: ChatMessagesContext = { channel: '/default/room', viewer: 'ana', sent: (id) => wasSent(client, id), localId: () => undefined, onInvalid: warnInvalid };
 * ```
 */
export interface ChatMessagesContext {
  readonly channel: string;
  /** The viewer's id as the backend authenticates it (`useVerifiedViewer`), if known. */
  readonly viewer: string | undefined;
  /** Whether this page published the message with this app id (`wasSent`). */
  readonly sent: (id: string) => boolean;
  /** For optimistic messages: the `localId` that retry and discard take. */
  readonly localId: (m: HistoryMessage<unknown>) => string | undefined;
  readonly onInvalid: (report: InvalidPayload) => void;
}

function backendSender(sender: NonNullable<HistoryMessage<unknown>['sender']>, claimedUser: string | undefined, claimedName: string | undefined): ChatSender {
  const name = typeof sender.name === 'string' && sender.name.length <= CHAT_EVENT_LIMITS.name ? sender.name : undefined;
  // The payload's name labels the verified sender only when the payload names that sender:
  // a message claiming to be someone else keeps nothing of its claim.
  return { id: sender.id, name: name ?? (claimedUser === sender.id ? claimedName : undefined), verified: true };
}

/**
 * The messages of `useMessageHistory` as the components show them: every payload checked
 * with `validateChatEvent` (invalid ones skipped and reported, never thrown), the sender the
 * backend authenticated (`m.sender`) and never the payload's `user`, own messages marked by
 * comparing that sender with the viewer's authenticated id. Where no backend vouched for the
 * sender (AppSync Events with an API key), the payload's claim is shown with
 * `verified: false`, and a message is one's own only if this page published it. Deleted
 * messages become tombstones without their text.
 *
 * @example
 * ```ts
 * const messages = toChatMessages(history.messages, { channel, viewer, sent: (id) => wasSent(client, id), localId: () => undefined, onInvalid: warnInvalid });
 * ```
 */
export function toChatMessages(history: readonly HistoryMessage<unknown>[], ctx: ChatMessagesContext): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of history) {
    const v = validateChatEvent(m.data);
    const optimistic = m.source === 'optimistic';
    const claim = v.ok ? v.event : undefined;
    // A deletion's data is what the deletion carried, not the message: only its time is used.
    if (!claim && !(m.deleted && m.sender)) {
      ctx.onInvalid({ kind: 'message', channel: ctx.channel, id: typeof m.id === 'string' ? m.id : undefined, reason: v.ok ? 'no sender' : v.reason });
      continue;
    }
    const mine = optimistic || (m.sender ? ctx.viewer !== undefined && m.sender.id === ctx.viewer : ctx.viewer === undefined && claim !== undefined && ctx.sent(claim.id));
    const sender: ChatSender = m.sender
      ? backendSender(m.sender, claim?.user, claim?.name)
      : // Unverified: the claim, except on one's own messages (nothing to warn the viewer about).
        { id: claim!.user, name: claim!.name, verified: mine ? undefined : false };
    out.push({
      id: m.id,
      key: m.key,
      text: m.deleted || !claim ? '' : claim.text,
      sender,
      // A tombstone without a readable time sits with the message above it.
      at: claim?.at ?? out[out.length - 1]?.at ?? Number.NaN,
      status: m.status,
      error: m.error?.message,
      localId: optimistic ? ctx.localId(m) : undefined,
      own: mine,
      edited: m.edited || undefined,
      deleted: m.deleted || undefined,
    });
  }
  return out;
}
