// Compiled (not run) by test/pack.test.ts against the packed @channelkit/react under strict
// TypeScript (nodenext and bundler): the hooks, the provider and the types an app imports.
import { createElement, type ReactElement } from 'react';
import { createClient, type ChannelDirectory, type ErrorCode } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import {
  ChannelKitProvider,
  type ChimeChannelsView,
  type MessageHistoryView,
  useChannel,
  useChannelStorage,
  useChimeChannels,
  useConnectionState,
  useMessageHistory,
  usePresence,
  usePublish,
  useTyping,
} from '@channelkit/react';

type Msg = { id: string; text: string };

export function Room(): ReactElement {
  const { status } = useConnectionState();
  const { events } = useChannel<Msg>('room', (m) => m.text.length);
  const { publish, failed } = usePublish<Msg>('room');
  const { members } = usePresence<{ name: string }>('room', { user: 'ada', data: { name: 'Ada' } });
  const history: MessageHistoryView<Msg> = useMessageHistory<Msg>('room', { pageSize: 20 });
  const { typing, signal } = useTyping('room');
  const topic = useChannelStorage<string>('room', 'topic');
  const inbox: ChimeChannelsView = useChimeChannels();
  const unsupported: ErrorCode | undefined = topic.error instanceof Error && 'code' in topic.error ? (topic.error.code as ErrorCode) : undefined;
  return createElement(
    'button',
    { type: 'button', onClick: () => void publish({ id: 'm1', text: 'hi' }).catch(() => signal()) },
    `${status} ${events.length} ${failed.length} ${members.length} ${history.messages.length} ${typing.join()} ${inbox.channels.length} ${unsupported ?? ''}`,
  );
}

const directory: ChannelDirectory = { list: async () => [], markRead: async () => {} };
export const app = createElement(ChannelKitProvider, { client: createClient({ backend: apiGatewayWebSocket({ url: 'wss://example.com/prod' }) }) }, createElement(Room));
export { directory };
