import type { ReactNode } from 'react';
import { Composer, type ComposerProps } from './Composer.js';
import { ConnectionBanner, type ConnectionBannerProps } from './ConnectionBanner.js';
import { MessageList, type MessageListProps } from './MessageList.js';
import { PresenceAvatars } from './PresenceAvatars.js';
import type { Member } from './model.js';
import { strings as merge, type UiStrings } from './strings.js';
import { TypingIndicator } from './TypingIndicator.js';

/**
 * Props of {@link ChatRoom}: the parts' props, grouped.
 *
 * @example
 * ```ts
 * const props: ChatRoomProps = { title: 'General', list: { messages: [] }, composer: { onSend: () => {} }, members: [], typing: [], connection: { status: 'connected' } };
 * ```
 */
export interface ChatRoomProps {
  title: string;
  list: MessageListProps;
  composer: ComposerProps;
  members: readonly Member[];
  /** Display names of who is typing. */
  typing: readonly string[];
  connection: ConnectionBannerProps;
  strings?: Partial<UiStrings> | undefined;
  className?: string | undefined;
}

/**
 * A chat room laid out: header with presence, connection banner, messages, typing and composer.
 *
 * @example
 * ```tsx
 * <ChatRoom title="General" list={{ messages }} composer={{ onSend }} members={members} typing={[]} connection={{ status }} />
 * ```
 */
export function ChatRoom({ title, list, composer, members, typing, connection, strings, className }: ChatRoomProps): ReactNode {
  return (
    <section className={`ck-chat-room${className ? ` ${className}` : ''}`} aria-label={title}>
      <header className="ck-chat-header">
        <h2 className="ck-heading">{title}</h2>
        <PresenceAvatars members={members} strings={strings} />
      </header>
      <ConnectionBanner strings={strings} {...connection} />
      <MessageList strings={strings} label={`${title}: ${merge(strings).messages}`} {...list} />
      <TypingIndicator names={typing} strings={strings} />
      <Composer strings={strings} {...composer} />
    </section>
  );
}
