// Compiled (not run) by test/pack.test.ts against the packed @channelkit/ui under strict
// TypeScript (nodenext and bundler): presentational and Connected components, their props and
// the frame log, as an app imports them. (styles.css is checked by resolution, not compiled.)
import { createElement, type ReactElement } from 'react';
import { createClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { ChannelKitProvider } from '@channelkit/react';
import {
  type ChatMessage,
  ChatRoom,
  type ChatRoomProps,
  ConnectedChannelKitDevtools,
  ConnectedChannelList,
  ConnectedChatRoom,
  ConnectionBanner,
  createFrameLog,
  DEFAULT_STRINGS,
  MessageList,
  type UiStrings,
} from '@channelkit/ui';

const messages: ChatMessage[] = [{ id: 'm1', text: 'hi https://example.com', sender: { id: 'ada', name: 'Ada' }, at: 0, status: 'sent' }];
const strings: Partial<UiStrings> = { send: 'Senden', unread: (n) => `${n} ungelesen` };
const room: ChatRoomProps = {
  title: 'General',
  list: { messages, selfId: 'ada' },
  composer: { onSend: (text: string) => void text },
  members: [{ id: 'ada', name: 'Ada' }],
  typing: [],
  connection: { status: 'connected' },
  strings,
};

const frames = createFrameLog({ limit: 20 });
const client = createClient({ backend: apiGatewayWebSocket({ url: 'wss://example.com/prod' }), WebSocket: frames.WebSocket });

export function App(): ReactElement {
  return createElement(
    ChannelKitProvider,
    { client },
    createElement(
      'div',
      { className: 'ck-root' },
      createElement(ChatRoom, room),
      createElement(MessageList, { messages, strings: { messages: DEFAULT_STRINGS.messages } }),
      createElement(ConnectionBanner, { status: 'reconnecting', nextRetryAt: Date.now() + 1000, onRetry: () => {} }),
      createElement(ConnectedChatRoom, { title: 'General', channel: 'room', user: 'ada', name: 'Ada', typing: true }),
      createElement(ConnectedChannelList, { onSelect: (channel: string) => void channel }),
      createElement(ConnectedChannelKitDevtools, { channels: ['room'], frames }),
    ),
  );
}
