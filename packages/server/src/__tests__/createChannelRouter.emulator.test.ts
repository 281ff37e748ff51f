import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient, type EventMeta, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { waitFor } from '../../../transport/src/__tests__/_waitFor.js';
import type { ApiGatewayWebSocketEvent } from '../ApiGatewayWebSocketEvent.js';
import { createChannelRouter } from '../createChannelRouter.js';
import { defaultIdentify } from '../defaultIdentify.js';
import { memoryStore } from '../memoryStore.js';

// The router as Lambda runs it, hosted by the emulator over real sockets.

const fast = { WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } };
const byQuery = (event: ApiGatewayWebSocketEvent) => defaultIdentify(event, { queryParameter: 'user' });

let emulator: RunningEmulator | undefined;
const clients: RealtimeClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await emulator?.close();
  emulator = undefined;
});

function connect(user: string, presence = false): RealtimeClient {
  const url = emulator!.endpoints.apigw.webSocketUrl;
  const client = createClient({ backend: apiGatewayWebSocket({ url, query: { user }, presence }), ...fast });
  clients.push(client);
  return client;
}

async function subscribed(client: RealtimeClient, channel: string, heard: Array<{ data: unknown; meta: EventMeta }>): Promise<() => void> {
  const release = client.channel(channel).subscribe((data, meta) => heard.push({ data, meta }));
  await waitFor(() => client.channel(channel).state.getSnapshot().status === 'subscribed', `${channel} subscribed`);
  return release;
}

describe('createChannelRouter on the emulator', () => {
  it('two routers over one store behave as one: a publish through one reaches a subscriber of the other, and presence is one list', async () => {
    const store = memoryStore();
    const a = createChannelRouter({ store, identify: byQuery });
    const b = createChannelRouter({ store, identify: byQuery });
    const served = { a: 0, b: 0 };
    // Two warm Lambdas: ada's events go to one instance, bob's to the other.
    emulator = await startEmulator({
      port: 0,
      apigw: {
        handler: async (event: ApiGatewayWebSocketEvent, context: unknown) => {
          const connection = await store.getConnection(event.requestContext.connectionId);
          const user = connection?.identity.id ?? event.queryStringParameters?.user;
          if (user === 'ada') served.a++;
          else served.b++;
          return (user === 'ada' ? a : b)(event, context);
        },
      },
    });
    const ada = connect('ada', true);
    const bob = connect('bob', true);
    const heard: Array<{ data: unknown; meta: EventMeta }> = [];
    await subscribed(ada, 'room', heard);
    await bob.channel('room').publish({ text: 'hi' });
    await waitFor(() => heard.length === 1, 'ada hears bob');
    expect(heard[0]).toMatchObject({ data: { text: 'hi' }, meta: { sender: { id: 'bob' } } });

    await subscribed(ada, 'presence.room', []);
    await subscribed(bob, 'presence.room', []);
    const ids = (c: RealtimeClient) => (c.channel('presence.room').presence?.members() ?? []).map((m) => m.id);
    await waitFor(() => ids(ada).length === 2 && ids(bob).length === 2, 'both see both');
    expect(ids(ada)).toEqual(['ada', 'bob']);
    expect(ids(bob)).toEqual(['ada', 'bob']);
    expect(bob.channel('presence.room').presence?.self()?.id).toBe('bob');
    bob.close();
    await waitFor(() => ids(ada).length === 1, 'bob left');
    expect(ids(ada)).toEqual(['ada']);
    expect(served.a).toBeGreaterThan(0);
    expect(served.b).toBeGreaterThan(0);
  });

  it('a sender forged in the payload is not believed: everyone sees the identity $connect established', async () => {
    emulator = await startEmulator({ port: 0, apigw: { handler: createChannelRouter({ store: memoryStore(), identify: byQuery }) } });
    const mallory = connect('mallory');
    const ada = connect('ada');
    const heardByAda: Array<{ data: unknown; meta: EventMeta }> = [];
    const heardByMallory: Array<{ data: unknown; meta: EventMeta }> = [];
    await subscribed(ada, 'room', heardByAda);
    await subscribed(mallory, 'room', heardByMallory);
    await mallory.channel('room').publish({ text: 'I am ada', sender: { id: 'ada' }, user: 'ada', meta: { sender: { id: 'ada' } } });
    await waitFor(() => heardByAda.length === 1 && heardByMallory.length === 1, 'both hear it');
    for (const { meta } of [...heardByAda, ...heardByMallory]) expect(meta.sender).toEqual({ id: 'mallory' });
  });

  it('authorize: a refused subscribe fails with a reason and receives nothing; a refused publish fails', async () => {
    emulator = await startEmulator({
      port: 0,
      apigw: { handler: createChannelRouter({ store: memoryStore(), identify: byQuery, authorize: ({ connection, channel }) => channel !== 'secret' || connection.identity.id === 'ada' }) },
    });
    const ada = connect('ada');
    const eve = connect('eve');
    const heardByEve: unknown[] = [];
    const errors: unknown[] = [];
    eve.channel('secret').subscribe({ onEvent: (d) => heardByEve.push(d), onError: (e) => errors.push(e) });
    await waitFor(() => eve.channel('secret').state.getSnapshot().status === 'failed' || errors.length > 0, 'eve refused');
    expect(String((eve.channel('secret').state.getSnapshot().error as Error | undefined)?.message ?? errors[0])).toMatch(/not authorized to subscribe to "secret"/);
    const heardByAda: Array<{ data: unknown; meta: EventMeta }> = [];
    await subscribed(ada, 'secret', heardByAda);
    await ada.channel('secret').publish({ n: 1 });
    await waitFor(() => heardByAda.length === 1, 'ada hears her own');
    await expect(eve.channel('secret').publish({ n: 2 })).rejects.toThrow(/not authorized to publish to "secret"/);
    await new Promise((r) => setTimeout(r, 100));
    expect(heardByEve).toEqual([]);
    expect(heardByAda).toHaveLength(1);
  });

  it('a connection that died without $disconnect is pruned when a post to it answers 410 Gone, and leaves presence', async () => {
    const store = memoryStore();
    const router = createChannelRouter({ store, identify: byQuery });
    const lost = new Set<string>();
    emulator = await startEmulator({
      port: 0,
      apigw: {
        // A $disconnect API Gateway never delivered.
        handler: (event: ApiGatewayWebSocketEvent, context: unknown) =>
          event.requestContext.routeKey === '$disconnect' && lost.has(event.requestContext.connectionId) ? { statusCode: 200 } : router(event, context),
      },
    });
    const ada = connect('ada', true);
    const ghost = connect('ghost', true);
    await subscribed(ada, 'presence.room', []);
    await subscribed(ghost, 'presence.room', []);
    const ids = () => (ada.channel('presence.room').presence?.members() ?? []).map((m) => m.id);
    await waitFor(() => ids().length === 2, 'ada sees the ghost');
    const ghostId = (await store.subscribers('presence.room')).find((s) => s.sender.id === 'ghost')!.connectionId;
    lost.add(ghostId);
    ghost.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(ids()).toEqual(['ada', 'ghost']); // nobody told the router
    await ada.channel('presence.room').publish({ text: 'anyone?' });
    await waitFor(() => ids().length === 1, 'the ghost left');
    expect((await store.subscribers('presence.room')).map((s) => s.sender.id)).toEqual(['ada']);
    expect(await store.getConnection(ghostId)).toBeUndefined();
  });

  it('$connect: no identity is refused with 401 unless anonymous; an authorizer principal is the sender', async () => {
    emulator = await startEmulator({
      port: 0,
      apigw: {
        authorizer: (event) => (event.queryStringParameters?.token === 'good' ? { principalId: 'user-7', claims: { name: 'Grace' } } : { none: true }),
        handler: createChannelRouter({ store: memoryStore() }),
      },
    });
    const url = emulator.endpoints.apigw.webSocketUrl;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${url}?token=bad&user=ada`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(refused).toBe(401);
    const grace = createClient({ backend: apiGatewayWebSocket({ url, query: { token: 'good' } }), ...fast });
    clients.push(grace);
    const heard: Array<{ data: unknown; meta: EventMeta }> = [];
    await subscribed(grace, 'room', heard);
    await grace.channel('room').publish('hello');
    await waitFor(() => heard.length === 1, 'echo');
    expect(heard[0]?.meta.sender).toEqual({ id: 'user-7', name: 'Grace' });
  });

  it('an anonymous connection (nobody vouched for it) publishes events with no sender, whatever its payload claims', async () => {
    emulator = await startEmulator({ port: 0, apigw: { handler: createChannelRouter({ store: memoryStore(), anonymous: true }) } });
    const url = emulator.endpoints.apigw.webSocketUrl;
    const anon = createClient({ backend: apiGatewayWebSocket({ url }), ...fast });
    clients.push(anon);
    const heard: Array<{ data: unknown; meta: EventMeta }> = [];
    await subscribed(anon, 'room', heard);
    await anon.channel('room').publish({ text: 'hi', sender: { id: 'bob' }, user: 'bob' });
    await waitFor(() => heard.length === 1, 'echo');
    expect(heard[0]?.meta.sender).toBeUndefined();
    expect(heard[0]?.data).toEqual({ text: 'hi', sender: { id: 'bob' }, user: 'bob' });
  });

  it('answers malformed and unknown requests in the convention: subscribe_error / publish_error with a reason, the gateway error shape for an unknown action', async () => {
    emulator = await startEmulator({ port: 0, apigw: { handler: createChannelRouter({ store: memoryStore(), anonymous: true }) } });
    const ws = new WebSocket(emulator.endpoints.apigw.webSocketUrl);
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(String(d)));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ action: 'subscribe', id: 's', channel: 'room' }));
    ws.send(JSON.stringify({ action: 'subscribe', id: 't', channel: 'has space' }));
    ws.send(JSON.stringify({ action: 'publish', id: 'q', channel: '$bad', events: [1] }));
    ws.send(JSON.stringify({ action: 'publish', id: 'r', channel: 'room', events: [] }));
    ws.send(JSON.stringify({ action: 'nonsense' }));
    await waitFor(() => frames.length >= 5, 'answers');
    ws.close();
    const parsed = frames.map((f) => JSON.parse(f));
    expect(parsed).toContainEqual({ type: 'subscribed', id: 's', channel: 'room' });
    expect(parsed).toContainEqual({ type: 'subscribe_error', id: 't', message: expect.stringMatching(/whitespace/) });
    expect(parsed).toContainEqual({ type: 'publish_error', id: 'q', message: expect.stringMatching(/reserved/) });
    expect(parsed).toContainEqual({ type: 'publish_error', id: 'r', message: expect.stringMatching(/non-empty events/) });
    expect(parsed).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/Unknown action/), connectionId: expect.any(String) }));
  });

  it('enforces the frame limit: a publish message over 32 KB is refused naming the limit', async () => {
    const posted: unknown[] = [];
    const router = createChannelRouter({
      store: memoryStore(),
      anonymous: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example-key' },
      fetch: async (_u, init) => {
        posted.push(JSON.parse(new TextDecoder().decode(init?.body as Uint8Array)));
        return new Response(null, { status: 200 });
      },
    });
    const ctx = { connectionId: 'c1', domainName: 'abc.execute-api.eu-west-1.amazonaws.com', stage: 'prod' };
    await router({ requestContext: { ...ctx, routeKey: '$connect' } });
    await router({ requestContext: { ...ctx, routeKey: 'publish' }, body: JSON.stringify({ action: 'publish', id: 'big', channel: 'room', events: ['x'.repeat(40_000)] }) });
    expect(posted).toContainEqual({ type: 'publish_error', id: 'big', message: expect.stringMatching(/32 KB frame limit/) });
  });
});

describe('createChannelRouter(options)', () => {
  it('refuses bad options with INVALID_ARGUMENT naming the option', () => {
    expect(() => createChannelRouter(undefined as never)).toThrow(/^options must be an object/);
    expect(() => createChannelRouter({} as never)).toThrow(/options\.store must be a ChannelStore/);
    expect(() => createChannelRouter({ store: memoryStore(), authorize: 'yes' as never })).toThrow(/options\.authorize must be a function/);
    expect(() => createChannelRouter({ store: memoryStore(), concurrency: 0 })).toThrow(/options\.concurrency/);
    expect(() => createChannelRouter({ store: memoryStore(), region: 'Mars 1' })).toThrow(/options\.region/);
  });

  it('without credentials in the environment nothing is posted (no unsigned request leaves) and the handler still answers', async () => {
    const env = process.env;
    const saved = { id: env.AWS_ACCESS_KEY_ID, secret: env.AWS_SECRET_ACCESS_KEY };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    try {
      const calls: string[] = [];
      const router = createChannelRouter({
        store: memoryStore(),
        anonymous: true,
        fetch: async (u) => {
          calls.push(String(u));
          return new Response(null, { status: 200 });
        },
      });
      const ctx = { connectionId: 'c1', domainName: 'abc.execute-api.eu-west-1.amazonaws.com', stage: 'prod' };
      expect(await router({ requestContext: { ...ctx, routeKey: '$connect' } })).toEqual({ statusCode: 200 });
      expect(await router({ requestContext: { ...ctx, routeKey: 'ping' }, body: '{"action":"ping"}' })).toEqual({ statusCode: 200 });
      expect(calls).toEqual([]);
    } finally {
      if (saved.id !== undefined) env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret !== undefined) env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it('posts to https://<domainName>/<stage> with the environment credentials and the region in the domain', async () => {
    const env = process.env;
    const saved = { ...env };
    Object.assign(env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example-key' });
    delete env.AWS_REGION;
    try {
      const calls: Array<{ url: string; auth: string }> = [];
      const router = createChannelRouter({
        store: memoryStore(),
        anonymous: true,
        fetch: async (u, init) => {
          calls.push({ url: String(u), auth: String(new Headers(init?.headers).get('authorization')) });
          return new Response(null, { status: 200 });
        },
      });
      const ctx = { connectionId: 'c1', domainName: 'abc.execute-api.eu-west-1.amazonaws.com', stage: 'prod' };
      await router({ requestContext: { ...ctx, routeKey: 'ping' }, body: '{"action":"ping"}' });
      expect(calls[0]?.url).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod/@connections/c1');
      expect(calls[0]?.auth).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request/);
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete env[k];
      Object.assign(env, saved);
    }
  });
});
