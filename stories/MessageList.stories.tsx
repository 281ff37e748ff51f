import { type ChatMessage, MessageList } from '@channelkit/ui';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState } from 'react';
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

/** Edited and deleted messages among others: "(edited)", and a tombstone where a message was. */
export const EditedAndDeleted: Story = {
  args: {
    messages: conversation(6).map((m, i): ChatMessage => (i === 2 ? { ...m, text: `${m.text} (typo fixed)`, edited: true } : i === 4 ? { ...m, text: 'never shown', deleted: true } : m)),
  },
};
/**
 * What a hostile peer's data looks like once it gets this far (the `Connected*` components skip
 * it before: see `validateChatEvent`): times that go backwards, a time no clock gives, none at
 * all, a name that is not a string. The list still renders: no 1970 separator, no crash.
 */
export const HostileTimesAndNames: Story = {
  args: {
    messages: [
      { id: 'h1', text: 'A normal message', sender: PEOPLE[1]!, at: T0 },
      { id: 'h2', text: 'From tomorrow', sender: PEOPLE[2]!, at: T0 + 86_400_000 },
      { id: 'h3', text: 'Back to today (the clock went backwards)', sender: PEOPLE[1]!, at: T0 + 120_000 },
      { id: 'h4', text: 'At 1e20 ms', sender: PEOPLE[2]!, at: 1e20 },
      { id: 'h5', text: 'At 0 (1970)', sender: PEOPLE[1]!, at: 0 },
      { id: 'h6', text: 'A numeric name', sender: { id: 'num', name: 42 as unknown as string }, at: T0 + 180_000 },
      { id: 'h7', text: 'Claims to be Ana (unverified)', sender: { id: 'ana', name: 'Ana Lima', verified: false }, at: T0 + 240_000 },
    ],
  },
};

/** 10,000 messages in the list from the start, and three more pages of 200 above them. */
function Paged() {
  const [all] = useState(() => conversation(10_600));
  const [from, setFrom] = useState(600);
  return <MessageList messages={all.slice(from)} selfId="ana" hasMore={from > 0} onLoadOlder={() => setFrom((f) => Math.max(0, f - 200))} />;
}
/** 10,000 messages; older pages of 200 load at the top (only visible rows are in the DOM). */
export const TenThousand: Story = { render: () => <Paged /> };

/** Older pages come over a slow network (300 ms) whose first attempt fails. */
function Flaky() {
  const [all] = useState(() => conversation(400));
  const [from, setFrom] = useState(200);
  const [loading, setLoading] = useState(false);
  const attempts = useRef(0);
  const load = () =>
    new Promise<void>((resolve, reject) => {
      setLoading(true);
      setTimeout(() => {
        setLoading(false);
        if (attempts.current++ === 0) return reject(new Error('offline'));
        setFrom((f) => Math.max(0, f - 100));
        resolve();
      }, 300);
    });
  // The app's loader settles either way (its error goes to a banner, not shown here).
  return <MessageList messages={all.slice(from)} selfId="ana" hasMore={from > 0} loadingOlder={loading} onLoadOlder={() => load().catch(() => {})} />;
}
/** A load of older messages that fails can be tried again: scrolling back up, or the button. */
export const OlderFailsOnce: Story = { render: () => <Flaky /> };
