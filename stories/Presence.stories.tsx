import { PresenceAvatars, PresenceList, TypingIndicator } from '@channelkit/ui';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { PEOPLE } from './_data.js';

const meta = { title: 'Components/Presence', component: PresenceAvatars, args: { members: PEOPLE.slice(0, 3) } } satisfies Meta<typeof PresenceAvatars>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Avatars: Story = {};
export const AvatarsOverflow: Story = { args: { members: PEOPLE, max: 3 } };
export const List: Story = { render: () => <PresenceList members={PEOPLE} selfId="ana" /> };
export const TypingOne: Story = { render: () => <TypingIndicator names={['Bo Chen']} /> };
export const TypingTwo: Story = { render: () => <TypingIndicator names={['Bo Chen', 'Cy Okafor']} /> };
export const TypingMany: Story = { render: () => <TypingIndicator names={['Bo', 'Cy', 'Dee']} /> };
