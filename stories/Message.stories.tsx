import { Message } from '@channelkit/ui';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { PEOPLE, T0 } from './_data.js';

const base = { id: 'm1', text: 'Shipping the release at 5 — see https://example.com/notes.', sender: PEOPLE[0]!, at: T0 };
const meta = { title: 'Components/Message', component: Message, args: { message: base } } satisfies Meta<typeof Message>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Delivered: Story = {};
export const Own: Story = { args: { own: true } };
export const Grouped: Story = { args: { grouped: true } };
export const Pending: Story = { args: { own: true, message: { ...base, status: 'pending' } } };
export const Queued: Story = { args: { own: true, message: { ...base, status: 'queued' } } };
export const Failed: Story = { args: { own: true, message: { ...base, status: 'failed', error: 'event exceeds 240000 bytes (limit eventBytes)' }, onRetry: () => {}, onDiscard: () => {} } };
/** An edit replaced the content: "(edited)" after the text. */
export const Edited: Story = { args: { message: { ...base, text: 'Shipping the release at 6 (moved).', edited: true } } };
/** A deleted message stays where it was, as a tombstone: its text is never rendered. */
export const Deleted: Story = { args: { message: { ...base, text: 'never shown', deleted: true } } };
/** A sender no backend vouched for (AppSync Events with an API key): the payload's claim, marked. */
export const Unverified: Story = { args: { message: { ...base, sender: { id: 'ana', name: 'Ana Lima', verified: false } } } };
/** A time no clock gives (a peer's `at: 1e20`): the message shows, without a time. */
export const ImpossibleTime: Story = { args: { message: { ...base, at: 1e20 } } };
