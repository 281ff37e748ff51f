/**
 * Every user-visible string of the components, in English. Pass a partial object as
 * `strings` to any component to translate or reword; functions take the values they show.
 *
 * @example
 * ```ts
 * const german: Partial<UiStrings> = { send: 'Senden', composerLabel: 'Nachricht' };
 * ```
 */
export interface UiStrings {
  messages: string;
  newMessages: (count: number) => string;
  loadOlder: string;
  loadingOlder: string;
  noMessages: string;
  incoming: (sender: string, text: string) => string;
  /** Announced when one of your own messages could not be sent. */
  sendFailed: (text: string) => string;
  pending: string;
  queued: string;
  failed: string;
  retry: string;
  discard: string;
  composerLabel: string;
  composerPlaceholder: string;
  send: string;
  overLimit: (bytes: number, limit: number) => string;
  nearLimit: (bytes: number, limit: number) => string;
  online: (count: number) => string;
  more: (count: number) => string;
  typing: (names: readonly string[]) => string;
  reconnecting: (seconds: number | undefined) => string;
  offline: string;
  failedConnection: string;
  /** The connection failed on authentication (code AUTH_FAILED). */
  authFailed: string;
  /** The room's channel was refused (unknown namespace, no permission …). */
  channelUnavailable: string;
  reconnectNow: string;
  channels: string;
  unread: (count: number) => string;
  devtools: string;
  timeline: string;
  frames: string;
  today: string;
  yesterday: string;
  /** Next to a message whose content was replaced by an edit. */
  edited: string;
  /** In place of a deleted message's text. */
  deleted: string;
  /** Next to a sender no backend vouched for (the name is the payload's claim). */
  unverified: string;
  /** After the current user's name in `PresenceList`. */
  you: string;
  /** In place of a message that could not be rendered. */
  messageUnavailable: string;
}

/**
 * The default (English) strings.
 *
 * @example
 * ```ts
 * DEFAULT_STRINGS.typing(['Ana', 'Bo']); // 'Ana and Bo are typing…'
 * ```
 */
export const DEFAULT_STRINGS: UiStrings = {
  messages: 'Messages',
  newMessages: (n) => (n === 1 ? '1 new message' : `${n} new messages`),
  loadOlder: 'Load older messages',
  loadingOlder: 'Loading older messages…',
  noMessages: 'No messages yet',
  incoming: (sender, text) => `${sender}: ${text.length > 140 ? `${text.slice(0, 140)}…` : text}`,
  sendFailed: (text) => `Not sent: ${text.length > 140 ? `${text.slice(0, 140)}…` : text}`,
  pending: 'Sending…',
  queued: 'Waiting for connection',
  failed: 'Not sent',
  retry: 'Retry',
  discard: 'Discard',
  composerLabel: 'Message',
  composerPlaceholder: 'Write a message',
  send: 'Send',
  overLimit: (b, l) => `Too long: ${b - l} bytes over the ${l}-byte limit`,
  nearLimit: (b, l) => `${l - b} bytes left`,
  online: (n) => `${n} online`,
  more: (n) => `${n} more`,
  typing: (names) => (names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : 'Several people are typing…'),
  reconnecting: (s) => (s === undefined || s <= 0 ? 'Reconnecting…' : `Connection lost. Reconnecting in ${s} s…`),
  offline: 'You are offline. Messages will be sent when you reconnect.',
  failedConnection: 'Could not connect.',
  authFailed: 'Could not sign in to the chat service.',
  channelUnavailable: 'This room is unavailable.',
  reconnectNow: 'Reconnect now',
  channels: 'Channels',
  unread: (n) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  devtools: 'ChannelKit devtools',
  timeline: 'Connection timeline',
  frames: 'Recent frames',
  today: 'Today',
  yesterday: 'Yesterday',
  edited: 'edited',
  deleted: 'This message was deleted.',
  unverified: 'unverified',
  you: '(you)',
  messageUnavailable: 'This message cannot be shown.',
};

/** Merges overrides over the defaults (a new object only when there are overrides). */
export function strings(overrides: Partial<UiStrings> | undefined): UiStrings {
  return overrides ? { ...DEFAULT_STRINGS, ...overrides } : DEFAULT_STRINGS;
}
