'use client';
// Public surface of `@channelkit/ui`: presentational components (data and callbacks as props),
// the `Connected*` layer bound to @channelkit/react, and the frame log for the devtools.
// Styles: import '@channelkit/ui/styles.css' once (nothing is injected at runtime).
export { ChannelKitDevtools, type ChannelKitDevtoolsProps } from './ChannelKitDevtools.js';
export { ChannelList, type ChannelListItem, type ChannelListProps } from './ChannelList.js';
export { ChatRoom, type ChatRoomProps } from './ChatRoom.js';
export { Composer, type ComposerProps } from './Composer.js';
export { ConnectionBanner, type ConnectionBannerProps } from './ConnectionBanner.js';
export {
  ConnectedChannelKitDevtools,
  ConnectedChannelList,
  ConnectedChatRoom,
  ConnectedComposer,
  ConnectedConnectionBanner,
  ConnectedMessageList,
  ConnectedPresenceAvatars,
  ConnectedPresenceList,
  ConnectedTypingIndicator,
  type ConnectedOptions,
} from './connected.js';
export { createFrameLog, redactFrame, type Frame, type FrameLog } from './frameLog.js';
export { Message, type MessageProps } from './Message.js';
export { MessageList, type MessageListProps } from './MessageList.js';
export type { ChatEvent, ChatMessage, ChatSender, Member } from './model.js';
export { PresenceAvatars, type PresenceAvatarsProps } from './PresenceAvatars.js';
export { PresenceList, type PresenceListProps } from './PresenceList.js';
export { RichText } from './RichText.js';
export { RowBoundary, type RowBoundaryProps } from './RowBoundary.js';
export { isSaneTime, SANE_TIME_RANGE } from './saneTime.js';
export { DEFAULT_STRINGS, type UiStrings } from './strings.js';
export { TypingIndicator, type TypingIndicatorProps } from './TypingIndicator.js';
export { CHAT_EVENT_LIMITS, type ChatEventVerdict, validateChatEvent } from './validateChatEvent.js';
export { type MemberVerdict, validateMember } from './validateMember.js';
export { type InvalidPayload, warnInvalid } from './warnInvalid.js';
