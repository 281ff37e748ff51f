import { Composer } from '@channelkit/ui';
import type { Meta, StoryObj } from '@storybook/react-vite';

const meta = { title: 'Components/Composer', component: Composer, args: { onSend: () => {}, maxBytes: 64 } } satisfies Meta<typeof Composer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};
export const NearLimit: Story = { args: { defaultValue: 'A draft that is getting close to the limit of this backend!' } };
export const OverLimit: Story = { args: { defaultValue: 'A draft that is well over the limit of this backend — it cannot be sent until it is shorter.' } };
export const Disabled: Story = { args: { disabled: true } };
export const Translated: Story = { args: { strings: { send: 'Senden', composerLabel: 'Nachricht', composerPlaceholder: 'Nachricht schreiben' } } };
