import type { Meta, StoryObj } from '@storybook/react-vite';
import { LiveChat } from './LiveChat.js';

const meta = { title: 'Live/Two users', component: LiveChat, parameters: { live: true } } satisfies Meta<typeof LiveChat>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AppSyncEvents: Story = { args: { backend: 'appsync' } };
export const ApiGatewayWebSocket: Story = { args: { backend: 'apigw' } };
/** Native presence (a `presence.` channel), typing, history from listMessages (a welcome message stored before anyone joined). */
export const Hotsock: Story = { args: { backend: 'hotsock' } };
/** Two AppInstanceUsers in two channels: the channel list with unread badges, membership presence, history. */
export const ChimeSdkMessaging: Story = { args: { backend: 'chime' } };
