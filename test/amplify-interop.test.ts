import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Amplify } from 'aws-amplify';
import { events } from 'aws-amplify/data';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { apiKeyAuth, appSyncConfigFromAmplify, appSyncEvents } from '@channelkit/transport/appsync-events';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

// Interop: the real aws-amplify Events client (events.connect / channel.subscribe /
// channel.publish / events.post) against the emulator, and mixed traffic with our client.
//
// Amplify always dials wss:// (it rewrites http:// to wss://) and uses the global WebSocket,
// which Node 20 lacks: give it a WebSocket class that dials ws:// on loopback.
class LoopbackWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(String(url).replace(/^wss:\/\/127\.0\.0\.1/, 'ws://127.0.0.1'), protocols);
  }
}

let emulator: RunningEmulator;
let ours: RealtimeClient;
const savedWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  (globalThis as { WebSocket?: unknown }).WebSocket = LoopbackWebSocket;
  const a = emulator.endpoints.appsync;
  Amplify.configure({ API: { Events: { endpoint: a.httpEndpoint, region: a.region, defaultAuthMode: 'apiKey', apiKey: a.apiKey } } });
  // Our client configured from the very same Amplify config.
  const settings = appSyncConfigFromAmplify(Amplify.getConfig());
  ours = createClient({ backend: appSyncEvents({ httpEndpoint: settings.httpEndpoint, auth: apiKeyAuth(settings.apiKey!) }), WebSocket: WebSocket });
});

afterAll(async () => {
  ours.close();
  await events.closeAll();
  (globalThis as { WebSocket?: unknown }).WebSocket = savedWebSocket;
  await emulator.close();
});

describe('aws-amplify events client against the emulator', () => {
  it('connects, subscribes, publishes over the socket and posts over HTTP', async () => {
    const received: unknown[] = [];
    const channel = await events.connect('/default/amplify');
    const sub = channel.subscribe({ next: (data: { event: unknown }) => received.push(data.event), error: (e: unknown) => received.push({ error: e }) });
    await waitFor(() => emulator.connections().some((c) => c.channels.includes('/default/amplify')), 'amplify subscription');
    await channel.publish({ from: 'amplify-ws' });
    await events.post('/default/amplify', { from: 'amplify-http' });
    await events.post('/default/amplify', [{ n: 1 }, { n: 2 }]);
    await waitFor(() => received.length === 4, 'amplify deliveries');
    expect(received).toEqual([{ from: 'amplify-ws' }, { from: 'amplify-http' }, { n: 1 }, { n: 2 }]);
    sub.unsubscribe();
    channel.close();
  });

  it('mixed traffic: Amplify and ChannelKit see each other’s events on one channel', async () => {
    const amplifyGot: unknown[] = [];
    const oursGot: unknown[] = [];
    const channel = await events.connect('/default/mixed');
    channel.subscribe({ next: (data: { event: unknown }) => amplifyGot.push(data.event), error: () => {} });
    ours.channel('/default/mixed').subscribe((d) => oursGot.push(d));
    await waitFor(() => emulator.connections().filter((c) => c.channels.includes('/default/mixed')).length === 2, 'both subscribed');

    await channel.publish({ from: 'amplify' });
    const result = await ours.publish('/default/mixed', [{ from: 'channelkit' }]);
    expect(result.successful).toHaveLength(1);
    await events.post('/default/mixed', { from: 'amplify-http' });
    await ours.publish('/default/mixed', [{ from: 'channelkit-http' }], { via: 'http' });

    const all = [{ from: 'amplify' }, { from: 'channelkit' }, { from: 'amplify-http' }, { from: 'channelkit-http' }];
    await waitFor(() => amplifyGot.length === 4 && oursGot.length === 4, 'cross deliveries');
    expect(amplifyGot).toEqual(all);
    expect(oursGot).toEqual(all);
    channel.close();
  });
});
