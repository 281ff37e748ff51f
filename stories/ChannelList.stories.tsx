import { ChannelList } from '@channelkit/ui';
import type { Meta, StoryObj } from '@storybook/react-vite';

const meta = {
  title: 'Components/ChannelList',
  component: ChannelList,
  args: {
    onSelect: () => {},
    selected: 'c2',
    channels: [
      { channel: 'c1', name: 'General', unread: 3, preview: 'Bo: release notes are up' },
      { channel: 'c2', name: 'Launch', preview: 'You: shipping at 5' },
      { channel: 'c3', name: 'Random', unread: 120, preview: 'Cy: 🎉' },
    ],
  },
} satisfies Meta<typeof ChannelList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const WithUnread: Story = {};
export const Empty: Story = { args: { channels: [] } };
