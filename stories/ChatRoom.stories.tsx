import { ChannelKitDevtools, ChatRoom } from '@channelkit/ui';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { conversation, PEOPLE, T0 } from './_data.js';

// A fixed-height frame: the list scrolls inside it.
const tall: Decorator = (Story) => <div style={{ height: 560, display: 'flex', flexDirection: 'column' }}>{Story()}</div>;
const meta = {
  title: 'Components/ChatRoom',
  component: ChatRoom,
  args: {
    title: 'General',
    list: { messages: conversation(30), selfId: 'ana' },
    composer: { onSend: () => {}, maxBytes: 32_768 },
    members: PEOPLE,
    typing: ['Bo Chen'],
    connection: { status: 'connected' },
  },
  decorators: [tall],
} satisfies Meta<typeof ChatRoom>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Static: Story = {};
export const Reconnecting: Story = { args: { connection: { status: 'reconnecting', nextRetryAt: Date.now() + 3_600_000, onRetry: () => {}, online: true } } };

export const Devtools: Story = {
  render: () => (
    <ChannelKitDevtools
      open
      timeline={[
        { status: 'connecting', at: T0 },
        { status: 'connected', at: T0 + 120 },
        { status: 'reconnecting', at: T0 + 60_000, detail: 'CONNECTION_LOST' },
        { status: 'connected', at: T0 + 61_200 },
      ]}
      channels={[
        { channel: '/default/room', status: 'subscribed' },
        { channel: '/default/room/presence', status: 'subscribed' },
      ]}
      frames={[
        { direction: 'out', at: T0 + 10, text: '{"type":"connection_init"}' },
        { direction: 'out', at: T0 + 30, text: '{"type":"subscribe","id":"1","channel":"/default/room","authorization":"[redacted]"}' },
        { direction: 'in', at: T0 + 50, text: '{"type":"subscribe_success","id":"1"}' },
      ]}
    />
  ),
};
