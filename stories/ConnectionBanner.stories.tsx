import { ConnectionBanner } from '@channelkit/ui';
import type { Meta, StoryObj } from '@storybook/react-vite';

const meta = { title: 'Components/ConnectionBanner', component: ConnectionBanner, args: { status: 'reconnecting', onRetry: () => {}, online: true } } satisfies Meta<typeof ConnectionBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

// A retry far ahead, so the countdown reads the same in every screenshot run.
export const Reconnecting: Story = { args: { nextRetryAt: Date.now() + 3_600_000 } };
export const ReconnectingNow: Story = {};
export const Offline: Story = { args: { online: false } };
export const Failed: Story = { args: { status: 'failed' } };
