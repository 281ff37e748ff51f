// The Connected* components say why something failed: a refused room, a refused sign-in.
// Real sockets to the emulator (AppSync Events), in happy-dom.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type HistoryPage, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ChannelKitProvider } from '@channelkit/react';
import { type ChatEvent, ConnectedChatRoom, ConnectedMessageList } from '@channelkit/ui';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';
import { nodeFetch } from './react-harness.js';

let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
afterEach(() => {
  cleanup();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await e.close();
});

function room(apiKey: string, channel: string) {
  const client = createClient({ backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(apiKey) }), WebSocket, fetch: nodeFetch, backoff: { delaysMs: [10, 20] } });
  clients.push(client);
  render(
    <StrictMode>
      <ChannelKitProvider client={client}>
        <ConnectedChatRoom title="Room" channel={channel} user="ana" name="Ana" />
      </ChannelKitProvider>
    </StrictMode>,
  );
}

describe('ConnectedChatRoom failures', () => {
  it('a room whose channel the service refuses says so, with the reason', async () => {
    room(e.endpoints.appsync.apiKey, '/nope/room');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^This room is unavailable\..*nope/), { timeout: 10_000 });
  });

  it('after a failed connection is fixed and reconnected, no false "room unavailable" alarm flashes', async () => {
    let key = 'da2-wrongkeywrongkeywrongkey00';
    // An API-key auth whose key can change, as one read from settings would.
    const auth = { type: 'API_KEY', headers: async ({ host }: { host: string }) => ({ host, 'x-api-key': key }) } as unknown as ReturnType<typeof apiKeyAuth>;
    const client = createClient({ backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth }), WebSocket, fetch: nodeFetch, backoff: { delaysMs: [10, 20] } });
    clients.push(client);
    const banners: string[] = [];
    const observer = new MutationObserver(() => {
      const text = document.querySelector('.ck-banner')?.textContent ?? '(none)';
      if (banners.at(-1) !== text) banners.push(text);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    render(
      <ChannelKitProvider client={client}>
        <ConnectedChatRoom title="Room" channel="/default/room" user="ana" name="Ana" />
      </ChannelKitProvider>,
    );
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/sign in/), { timeout: 10_000 });
    key = e.endpoints.appsync.apiKey;
    act(() => client.connect());
    await waitFor(() => expect(client.channel('/default/room').state.getSnapshot().status).toBe('subscribed'), { timeout: 10_000 });
    await act(() => new Promise((r) => setTimeout(r, 100)));
    observer.disconnect();
    expect(banners.filter((b) => b.includes('unavailable'))).toEqual([]);
    expect(document.querySelector('.ck-banner')).toBeNull();
  });

  it('a refused sign-in says so, with the reason and no secret', async () => {
    room('da2-wrongkeywrongkeywrongkey00', '/default/room');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^Could not sign in to the chat service\./), { timeout: 10_000 });
    expect(document.body.textContent).not.toContain('da2-wrongkeywrongkeywrongkey00');
  });
});

describe('ConnectedMessageList loading older messages (#19)', () => {
  it('says "Loading older messages…" while an older page is on its way, then shows it', async () => {
    // happy-dom has no layout: the virtualizer renders rows only with a viewport size.
    const spies = [
      ...(['clientHeight', 'offsetHeight'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(2000)),
      ...(['clientWidth', 'offsetWidth'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(400)),
    ];
    try {
      const at = Date.now() - 60_000;
      const item = (n: number) => ({ id: `m${n}`, data: { id: `m${n}`, text: `message ${n}`, user: 'bo', at: at + n } satisfies ChatEvent });
      let release: (page: HistoryPage<ChatEvent>) => void = () => {};
      // The first page at once; the older one when the test says so.
      const fetcher = ({ before }: { before?: string }) =>
        before === undefined ? Promise.resolve({ items: [item(3), item(4)], hasMore: true }) : new Promise<HistoryPage<ChatEvent>>((r) => (release = r));
      const client = createClient({ backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }), WebSocket, fetch: nodeFetch });
      clients.push(client);
      render(
        <StrictMode>
          <ChannelKitProvider client={client}>
            <ConnectedMessageList channel="/default/older" user="ana" fetcher={fetcher} strings={{ loadOlder: 'Load older messages' }} />
          </ChannelKitProvider>
        </StrictMode>,
      );
      const button = await screen.findByRole('button', { name: 'Load older messages' }, { timeout: 10_000 });
      act(() => fireEvent.click(button));
      await waitFor(() => expect(screen.getByRole('button', { name: 'Loading older messages…' })).toBeTruthy(), { timeout: 10_000 });
      act(() => release({ items: [item(1), item(2)], hasMore: false }));
      await waitFor(() => expect(screen.getByText('message 1')).toBeTruthy(), { timeout: 10_000 });
      expect(screen.queryByText('Loading older messages…')).toBeNull();
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
