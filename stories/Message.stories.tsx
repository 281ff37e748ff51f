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
