import { type ChatMessage, MessageList } from '@channelkit/ui';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { conversation, PEOPLE, T0, XSS } from './_data.js';

// A fixed-height frame: the list scrolls inside it.
const tall: Decorator = (Story) => <div style={{ height: 480, display: 'flex', flexDirection: 'column' }}>{Story()}</div>;
const meta = {
  title: 'Components/MessageList',
  component: MessageList,
  args: { messages: conversation(40), selfId: 'ana' },
  decorators: [tall],
} satisfies Meta<typeof MessageList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Conversation: Story = {};
export const Empty: Story = { args: { messages: [] } };
export const LoadingOlder: Story = { args: { hasMore: true, loadingOlder: true, onLoadOlder: () => {} } };
export const States: Story = {
  args: {
    messages: [
      ...conversation(5),
      { id: 'p', text: 'On its way', sender: PEOPLE[0]!, at: T0 + 10 * 60_000, status: 'pending' },
      { id: 'q', text: 'Waiting for the network', sender: PEOPLE[0]!, at: T0 + 11 * 60_000, status: 'queued' },
      { id: 'f', localId: 'f', text: 'This one failed', sender: PEOPLE[0]!, at: T0 + 12 * 60_000, status: 'failed' },
    ],
    onRetry: () => {},
    onDiscard: () => {},
  },
};
/** Hostile input renders as inert text: no script runs, only http(s) become links. */
export const HostileContent: Story = {
  args: { messages: [...XSS, 'x'.repeat(1_000_000)].map((text, i): ChatMessage => ({ id: `x${i}`, text, sender: PEOPLE[i % 2]!, at: T0 + i * 60_000 })) },
};

/** 10,000 messages; older pages of 200 load at the top (only visible rows are in the DOM). */
/** 10,000 messages in the list from the start, and three more pages of 200 above them. */
function Paged() {
  const [all] = useState(() => conversation(10_600));
  const [from, setFrom] = useState(600);
  return <MessageList messages={all.slice(from)} selfId="ana" hasMore={from > 0} onLoadOlder={() => setFrom((f) => Math.max(0, f - 200))} />;
}
export const TenThousand: Story = { render: () => <Paged /> };
