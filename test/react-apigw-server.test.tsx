// The hooks over API Gateway with the router Lambda runs (@channelkit/server): senders are the
// ones the server stamped, and presence is the server's list.
import { act, render, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type MessageHistoryView, type PresenceView, useMessageHistory, usePresence } from '@channelkit/react';
import { createChannelRouter, defaultIdentify, memoryStore } from '@channelkit/server';
import { nodeFetch } from './react-harness.js';

const W = { timeout: 5000 };
let e: RunningEmulator;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  // Node's fetch, not happy-dom's: the router is server code, posting to @connections.
  const handler = createChannelRouter({ store: memoryStore(), identify: (event) => defaultIdentify(event, { queryParameter: 'user' }), fetch: nodeFetch });
  e = await startEmulator({ port: 0, apigw: { handler } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});

function client(user: string): RealtimeClient {
  const c = createClient({ backend: apiGatewayWebSocket({ url: e.endpoints.apigw.webSocketUrl, query: { user }, presence: true }), WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } });
  clients.push(c);
  return c;
}

function History({ channel, out }: { channel: string; out: { view?: MessageHistoryView<unknown> } }) {
  out.view = useMessageHistory(channel);
  return null;
}

function Who({ channel, out }: { channel: string; out: { view?: PresenceView<unknown> } }) {
  out.view = usePresence(channel);
  return null;
}

describe('hooks on API Gateway with @channelkit/server', () => {
  it('a sender forged in the payload shows everywhere as the identity $connect established (useMessageHistory sender)', async () => {
    const [ada, mallory] = [client('ada'), client('mallory')];
    const views = [{}, {}] as Array<{ view?: MessageHistoryView<unknown> }>;
    const rendered = [ada, mallory].map((c, i) =>
      render(
        <ChannelKitProvider client={c}>
          <History channel="chat" out={views[i]!} />
        </ChannelKitProvider>,
      ),
    );
    await waitFor(() => expect(ada.channel('chat').state.getSnapshot().status).toBe('subscribed'), W);
    await waitFor(() => expect(mallory.channel('chat').state.getSnapshot().status).toBe('subscribed'), W);
    await act(() => mallory.channel('chat').publish({ text: 'from ada, honest', sender: { id: 'ada', name: 'Ada' }, user: 'ada', meta: { sender: { id: 'ada' } } }));
    for (const v of views) await waitFor(() => expect(v.view?.messages.length).toBe(1), W);
    for (const v of views) expect(v.view?.messages[0]?.sender).toEqual({ id: 'mallory' });
    for (const r of rendered) r.unmount();
  });

  it('usePresence uses the server’s presence: native mode, one list, a closed client leaves', async () => {
    const [ada, bob] = [client('ada'), client('bob')];
    const views = [{}, {}] as Array<{ view?: PresenceView<unknown> }>;
    const rendered = [ada, bob].map((c, i) =>
      render(
        <ChannelKitProvider client={c}>
          <Who channel="presence.lobby" out={views[i]!} />
        </ChannelKitProvider>,
      ),
    );
    for (const v of views) await waitFor(() => expect(v.view?.members.map((m) => m.id)).toEqual(['ada', 'bob']), W);
    expect(views[0]!.view?.mode).toBe('native');
    expect(views[0]!.view?.self?.id).toBe('ada');
    rendered[1]!.unmount();
    bob.close();
    await waitFor(() => expect(views[0]!.view?.members.map((m) => m.id)).toEqual(['ada']), W);
    rendered[0]!.unmount();
  });
});
