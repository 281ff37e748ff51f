// @vitest-environment node
// Every component renders on a server (no window, no document): the presentational ones from
// props, the Connected ones inside a provider whose client never connects during render.
import { ChannelKitProvider } from '@channelkit/react';
import { createClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import {
  ChannelKitDevtools,
  ChannelList,
  ChatRoom,
  Composer,
  ConnectedChannelKitDevtools,
  ConnectedChannelList,
  ConnectedChatRoom,
  ConnectedComposer,
  ConnectedConnectionBanner,
  ConnectedMessageList,
  ConnectedPresenceAvatars,
  ConnectedPresenceList,
  ConnectedTypingIndicator,
  ConnectionBanner,
  Message,
  MessageList,
  PresenceAvatars,
  PresenceList,
  RichText,
  TypingIndicator,
} from '@channelkit/ui';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { conversation, PEOPLE, T0 } from './ui/_fixtures.js';

const msgs = conversation(5);
const o = { channel: '/default/room', user: 'ana', name: 'Ana' };

describe('server rendering', () => {
  it('renders every presentational component', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <div className="ck-root">
        <Message message={msgs[0]!} />
        <MessageList messages={msgs} selfId="ana" hasMore onLoadOlder={() => {}} />
        <Composer onSend={() => {}} maxBytes={100} />
        <PresenceAvatars members={PEOPLE} max={2} />
        <PresenceList members={PEOPLE} />
        <TypingIndicator names={['Bo']} />
        <ConnectionBanner status="failed" onRetry={() => {}} />
        <ChannelList channels={[{ channel: 'c', name: 'General', unread: 2 }]} onSelect={() => {}} />
        <ChatRoom title="General" list={{ messages: msgs }} composer={{ onSend: () => {} }} members={PEOPLE} typing={[]} connection={{ status: 'connected' }} />
        <ChannelKitDevtools timeline={[{ status: 'connected', at: T0 }]} channels={[]} frames={[]} />
        <RichText text="<b>x</b> https://example.com" />
      </div>,
    );
    expect(html).toContain('Could not connect.');
    expect(html).toContain('4 more');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('renders every Connected component in a provider without connecting', () => {
    const client = createClient({ backend: appSyncEvents({ httpEndpoint: 'https://example.appsync-api.us-east-1.amazonaws.com/event', auth: apiKeyAuth('da2-test') }) });
    const html = renderToString(
      <ChannelKitProvider client={client}>
        <ConnectedMessageList {...o} />
        <ConnectedComposer {...o} />
        <ConnectedPresenceAvatars {...o} />
        <ConnectedPresenceList {...o} />
        <ConnectedTypingIndicator {...o} />
        <ConnectedConnectionBanner />
        <ConnectedChannelList onSelect={() => {}} directory={{ list: async () => [], markRead: async () => {} }} />
        <ConnectedChatRoom title="General" {...o} />
        <ConnectedChannelKitDevtools channels={['/default/room']} />
      </ChannelKitProvider>,
    );
    expect(html).toContain('General');
    expect(client.status.getSnapshot().status).toBe('idle');
    client.close();
  });
});
