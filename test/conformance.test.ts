import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { createChannelRouter, memoryStore } from '@channelkit/server';
import { backendConformance, type ConformanceEmulator } from '../packages/transport/src/__tests__/_conformance.js';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

// Every backend passes the same suite through the emulator. Hotsock and Chime join here.

const fast = { WebSocket: WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } };

function handle(
  e: RunningEmulator,
  backend: 'appsync' | 'apigw',
  make: () => RealtimeClient,
  rest: Pick<ConformanceEmulator, 'channels' | 'alias' | 'refusedChannel' | 'recovers'>,
  /** Where the backend keeps subscriptions outside the emulator's registry (API Gateway: the router's integration state). */
  channelsOf?: (connectionId: string) => string[],
): ConformanceEmulator {
  const clients: RealtimeClient[] = [];
  const admin = e.endpoints.admin;
  return {
    ...rest,
    client: () => {
      const c = make();
      clients.push(c);
      return c;
    },
    async drop(connectionId) {
      const res = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ backend, action: 'drop', ...(connectionId ? { connectionId } : {}) }) });
      expect(res.status).toBe(200);
    },
    async connections() {
      const res = await fetch(`${admin}/connections`);
      const all = (await res.json()) as Array<{ backend: string; connectionId: string; channels: string[] }>;
      return all.filter((c) => c.backend === backend).map((c) => (channelsOf ? { ...c, channels: channelsOf(c.connectionId) } : c));
    },
    async close() {
      for (const c of clients) c.close();
      await e.close();
    },
  };
}

async function appSyncTarget(): Promise<ConformanceEmulator> {
  const e = await startEmulator({ port: 0, appsync: { namespaces: { default: {}, locked: { onSubscribe: () => false } } } });
  const { httpEndpoint, apiKey } = e.endpoints.appsync;
  return handle(e, 'appsync', () => createClient({ backend: appSyncEvents({ httpEndpoint, auth: apiKeyAuth(apiKey) }), ...fast }), {
    channels: ['/default/room', '/default/other'],
    alias: 'default/room',
    refusedChannel: '/locked/room',
    recovers: false,
  });
}

async function apiGatewayTarget(): Promise<ConformanceEmulator> {
  // The router Lambda runs, refusing one channel as an app's `authorize` would.
  const store = memoryStore();
  const handler = createChannelRouter({ store, anonymous: true, authorize: ({ channel }) => channel !== 'locked' });
  const e = await startEmulator({ port: 0, apigw: { handler } });
  const url = e.endpoints.apigw.webSocketUrl;
  const channelsOf = (connectionId: string) => store.channelsOf(connectionId);
  return handle(e, 'apigw', () => createClient({ backend: apiGatewayWebSocket({ url }), ...fast }), { channels: ['room', 'other'], refusedChannel: 'locked', recovers: false }, channelsOf);
}

backendConformance({ name: 'AppSync Events', start: appSyncTarget });
backendConformance({ name: 'API Gateway WebSocket', start: apiGatewayTarget });

/** App code that knows nothing about the backend it runs on. */
async function chatRoundTrip(a: RealtimeClient, b: RealtimeClient, channel: string): Promise<string[]> {
  const heard: string[] = [];
  const release = b.channel<{ text: string }>(channel).subscribe((m) => heard.push(m.text));
  await waitFor(() => b.channel(channel).state.getSnapshot().status === 'subscribed', 'subscribed');
  const { failed } = await a.channel<{ text: string }>(channel).publish({ text: 'hello' }, { text: 'world' });
  if (failed.length > 0) throw new Error(`refused: ${failed.map((f) => f.message).join(', ')}`);
  await waitFor(() => heard.length === 2, 'two messages');
  release();
  return heard;
}

describe('one piece of app code, every backend', () => {
  for (const [name, start, channel] of [
    ['AppSync Events', appSyncTarget, '/default/chat'],
    ['API Gateway WebSocket', apiGatewayTarget, 'chat'],
  ] as const) {
    it(`runs unchanged on ${name}`, async () => {
      const e = await start();
      try {
        expect(await chatRoundTrip(e.client(), e.client(), channel)).toEqual(['hello', 'world']);
      } finally {
        await e.close();
      }
    });
  }
});
