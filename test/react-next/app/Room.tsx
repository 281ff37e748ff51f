'use client';
import { createClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ChannelKitProvider, useChannel, useConnectionState, useMessageHistory, usePresence, usePublish } from '@channelkit/react';
import { useState } from 'react';
// Copied from packages/react/src/useTyping.ts by the test, as the package README says.
import { useTyping } from './hooks/useTyping';

type Msg = { id: string; text: string };

function Messages() {
  const { status } = useConnectionState();
  const channel = useChannel<Msg>('/default/room');
  const { messages } = useMessageHistory<Msg>('/default/room', { fetcher: async () => ({ items: [], hasMore: false }) });
  const { publish } = usePublish<Msg>('/default/room');
  const { members } = usePresence('/default/room', { user: 'fixture' });
  const { typing, signal } = useTyping('/default/room', { user: 'fixture' });
  return (
    <section>
      <p data-testid="status">
        connection {status}, channel {channel.status}, {messages.length} messages, {members.length} members, {typing.length} typing
      </p>
      <button type="button" onKeyDown={signal} onClick={() => publish({ id: crypto.randomUUID(), text: 'hi' })}>
        Say hi
      </button>
    </section>
  );
}

export function Room() {
  // Created once per browser session; creating it is pure (nothing connects during render).
  const [client] = useState(() => createClient({ backend: appSyncEvents({ httpEndpoint: 'https://example.invalid/event', auth: apiKeyAuth('da2-fixture') }) }));
  return (
    <ChannelKitProvider client={client}>
      <Messages />
    </ChannelKitProvider>
  );
}
