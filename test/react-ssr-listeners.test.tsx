// @vitest-environment node
// Server rendering of the hooks issue 17 added or extended (listener hooks, selectors,
// listen-only, `enabled`): stable server snapshots, nothing connected, no listener called.
import { renderToString } from 'react-dom/server';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { createClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ChannelKitProvider, useConnectionState, useConnectionStateListener, useErrorListener, usePresence, usePresenceListener } from '@channelkit/react';

const calls: string[] = [];

function Everything() {
  useConnectionStateListener(() => calls.push('state'));
  useErrorListener(() => calls.push('error'), { channel: '/default/room' });
  usePresenceListener('/default/room', () => calls.push('presence'));
  const online = useConnectionState({ select: (s) => s.status === 'connected' });
  const count = usePresence('/default/room', { listenOnly: true, select: (p) => p.members.length });
  const off = usePresence('/default/room', { user: 'u1', data: { name: 'Ada' }, enabled: false });
  return (
    <ul>
      <li>online:{String(online)}</li>
      <li>count:{count}</li>
      <li>off:{off.members.length}</li>
    </ul>
  );
}

describe('server rendering (listeners, selectors, listen-only)', () => {
  it('renders the idle view, opens no connection and calls no listener', () => {
    const client = createClient({ backend: appSyncEvents({ httpEndpoint: 'https://example.invalid/event', auth: apiKeyAuth('da2-test') }) });
    const html = renderToString(
      <StrictMode>
        <ChannelKitProvider client={client}>
          <Everything />
        </ChannelKitProvider>
      </StrictMode>,
    );
    expect(html).toContain('online:<!-- -->false');
    expect(html).toContain('count:<!-- -->0');
    expect(html).toContain('off:<!-- -->0');
    expect(calls).toEqual([]);
    expect(client.status.getSnapshot().status).toBe('idle');
    expect(client.channel('/default/room/presence').state.getSnapshot().status).toBe('idle');
  });
});
