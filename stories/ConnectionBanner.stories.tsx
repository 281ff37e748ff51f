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
/** Failed with the reason the client knows (here an authentication failure). */
export const FailedAuth: Story = {
  args: { status: 'failed', error: { code: 'AUTH_FAILED', message: 'authentication failed twice in a row (close 4401: Unauthorized); not retrying' }, onRetry: () => {} },
};
/** The room's channel was refused while the connection is fine. */
export const ChannelRefused: Story = { args: { status: 'failed', subject: 'channel', error: { code: 'INVALID_CHANNEL', message: 'Namespace not found: nope' } } };
