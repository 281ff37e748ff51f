// AppSync Events namespace handlers in the emulator, over real sockets: onPublish stamps the
// publisher from ctx.identity (which follows the auth mode of each operation), onSubscribe
// rejects, a throwing handler is an AppSync error frame rather than a crash, and a client that
// opted in with `senderFrom: 'handler'` shows the stamped sender, never a forged one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type EventMeta, type RealtimeClient } from '@channelkit/transport';
import { type AppSyncAuth, apiKeyAuth, appSyncEvents, iamAuth, lambdaAuth, oidcAuth, userPoolAuth } from '@channelkit/transport/appsync-events';
import { type AppSyncHandlerContext, type AppSyncIdentity, appSyncUtil, type RunningEmulator, signJwt, startEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

/**
 * The handler docs/appsync-events.md documents: the sender is who AppSync authenticated for
 * this publish, written over whatever the payload said; anonymous (API key) publishes refused.
 */
function senderOf(identity: AppSyncIdentity): { id: string; name?: string } | undefined {
  if (identity === null) return undefined;
  if ('resolverContext' in identity) return identity.resolverContext.userId ? { id: identity.resolverContext.userId } : undefined;
  if ('userArn' in identity) return { id: identity.userArn };
  if ('username' in identity) return { id: identity.sub, name: identity.username };
  return { id: identity.sub };
}
const seen: Array<{ operation: string; channel: string; identity: AppSyncIdentity }> = [];
function onPublish(ctx: AppSyncHandlerContext) {
  seen.push({ operation: ctx.info.operation, channel: ctx.channel, identity: ctx.identity });
  const sender = senderOf(ctx.identity);
  if (!sender) appSyncUtil.unauthorized();
  return ctx.events.map(({ id, payload }) => ({ id, payload: { ...(payload as Record<string, unknown>), sender } }));
}
function onSubscribe(ctx: AppSyncHandlerContext) {
  seen.push({ operation: ctx.info.operation, channel: ctx.channel, identity: ctx.identity });
  if (ctx.info.channel.segments[1] === 'private') appSyncUtil.unauthorized();
  if (ctx.info.channel.segments[1] === 'closed') appSyncUtil.error('room closed', 'RoomClosed');
}

let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({
    port: 0,
    appsync: {
      lambdaTokens: [],
      authorizeLambda: (token) => (token.startsWith('lambda-user-') ? { isAuthorized: true, resolverContext: { userId: token.slice('lambda-user-'.length) } } : false),
      namespaces: {
        default: { handlers: { onPublish, onSubscribe } },
        // One JWT secret serves both JWT modes here; a namespace that allows only OIDC makes the
        // mode (and so the identity's shape) unambiguous, as AppSync's per-provider issuers do.
        oidc: { publishAuthModes: ['OPENID_CONNECT'], handlers: { onPublish } },
        raw: {},
        broken: {
          handlers: {
            onPublish: () => {
              throw new Error('handler bug with SECRET-in-handler');
            },
            onSubscribe: () => {
              throw new TypeError('undefined is not a function');
            },
          },
        },
      },
    },
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});

function client(auth: AppSyncAuth, senderFrom?: 'handler'): RealtimeClient {
  const c = createClient({
    backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth, ...(senderFrom ? { senderFrom } : {}) }),
    WebSocket,
    backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
  });
  clients.push(c);
  return c;
}
const jwt = (claims: Record<string, unknown>) => signJwt({ exp: Math.floor(Date.now() / 1000) + 300, ...claims }, e.endpoints.appsync.jwt.secret);
const apiKey = () => apiKeyAuth(e.endpoints.appsync.apiKey);

async function listen(c: RealtimeClient, channel: string): Promise<Array<{ data: unknown; meta: EventMeta }>> {
  const got: Array<{ data: unknown; meta: EventMeta }> = [];
  c.channel(channel).subscribe((data, meta) => got.push({ data, meta }));
  await waitFor(() => c.channel(channel).state.getSnapshot().status === 'subscribed', `${channel} subscribed`);
  return got;
}

describe('AppSync Events handlers in the emulator', () => {
  it('onPublish stamps the Cognito publisher; a forged sender in the payload is overwritten, and the opted-in client shows the stamp as meta.sender', async () => {
    const reader = client(apiKey(), 'handler');
    const got = await listen(reader, '/default/room');
    const alice = client(userPoolAuth(async () => jwt({ sub: 'sub-alice', 'cognito:username': 'alice', iss: 'https://cognito-idp.local/pool' })));
    const result = await alice.publish('/default/room', [{ text: 'hi', sender: { id: 'admin', name: 'Admin' } }]);
    expect(result.failed).toEqual([]);
    await waitFor(() => got.length === 1, 'the stamped event');
    expect(got[0]!.data).toEqual({ text: 'hi' });
    expect(got[0]!.meta.sender).toEqual({ id: 'sub-alice', name: 'alice' });
    expect(seen.find((s) => s.operation === 'PUBLISH' && s.channel === '/default/room')?.identity).toEqual({
      sub: 'sub-alice',
      issuer: 'https://cognito-idp.local/pool',
      username: 'alice',
      claims: expect.objectContaining({ 'cognito:username': 'alice' }),
      sourceIp: ['127.0.0.1'],
      defaultAuthStrategy: 'ALLOW',
      groups: null,
    });
  });

  it('ctx.identity follows the auth mode of each operation: OIDC, Lambda (resolverContext), IAM; API key is null and refused by this handler', async () => {
    const reader = client(apiKey(), 'handler');
    const got = await listen(reader, '/default/modes');
    const oidcGot = await listen(reader, '/oidc/modes');
    await client(oidcAuth(async () => jwt({ sub: 'oidc-bob', iss: 'https://idp.example' }))).publish('/oidc/modes', [{ n: 1 }]);
    await waitFor(() => oidcGot.length === 1, 'the OIDC event');
    expect(oidcGot[0]!.meta.sender).toEqual({ id: 'oidc-bob' });
    expect(seen.find((s) => s.operation === 'PUBLISH' && s.channel === '/oidc/modes')?.identity).toEqual({
      sub: 'oidc-bob',
      issuer: 'https://idp.example',
      claims: expect.objectContaining({ sub: 'oidc-bob' }),
    });
    await client(lambdaAuth(async () => 'lambda-user-carol')).publish('/default/modes', [{ n: 2 }], { via: 'http' });
    await client(iamAuth({ region: e.endpoints.appsync.region, credentials: e.endpoints.appsync.credentials })).publish('/default/modes', [{ n: 3 }]);
    await waitFor(() => got.length === 2, 'two stamped events');
    expect(got.map((g) => [g.data, g.meta.sender])).toEqual([
      [{ n: 2 }, { id: 'carol' }],
      [{ n: 3 }, { id: `arn:aws:iam::000000000000:user/${e.endpoints.appsync.credentials.accessKeyId}` }],
    ]);
    const publishes = seen.filter((s) => s.operation === 'PUBLISH' && s.channel === '/default/modes').map((s) => s.identity);
    expect(publishes[0]).toEqual({ resolverContext: { userId: 'carol' } });
    expect(publishes[1]).toMatchObject({ accountId: '000000000000', username: e.endpoints.appsync.credentials.accessKeyId });
    // The reader subscribed with an API key: its onSubscribe saw no identity.
    expect(seen.find((s) => s.operation === 'SUBSCRIBE' && s.channel === '/default/modes')?.identity).toBeNull();
    // An anonymous publish: util.unauthorized() in onPublish refuses the whole request, over the socket and over HTTP.
    const anonymous = client(apiKey());
    await expect(anonymous.publish('/default/modes', [{ n: 4 }])).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { errorType: 'UnauthorizedException' } });
    await expect(anonymous.publish('/default/modes', [{ n: 5 }], { via: 'http' })).rejects.toBeInstanceOf(ChannelKitError);
    expect(got).toHaveLength(2);
  });

  it('onSubscribe rejection is a typed subscribe error: util.unauthorized() → Unauthorized, util.error() → its type and message', async () => {
    const c = client(apiKey(), 'handler');
    const errors: ChannelKitError[] = [];
    c.channel('/default/private').subscribe({ onEvent: () => {}, onError: (error) => errors.push(error) });
    c.channel('/default/closed').subscribe({ onEvent: () => {}, onError: (error) => errors.push(error) });
    await waitFor(() => c.channel('/default/private').state.getSnapshot().status === 'failed' && c.channel('/default/closed').state.getSnapshot().status === 'failed', 'both refused');
    expect(c.channel('/default/private').state.getSnapshot().error).toMatchObject({ code: 'AUTH_FAILED', details: { errorType: 'Unauthorized' } });
    expect(c.channel('/default/closed').state.getSnapshot().error).toMatchObject({ details: { errorType: 'RoomClosed', errors: [{ errorType: 'RoomClosed', message: 'room closed' }] } });
    expect(errors.every((error) => error instanceof ChannelKitError)).toBe(true);
    // The socket survives: a permitted channel on the same connection subscribes.
    await listen(c, '/default/open');
  });

  it('a throwing handler is an AppSync processing error (subscribe and publish), not a crash, and its message is not sent', async () => {
    const c = client(apiKey());
    c.channel('/broken/room').subscribe(() => {});
    await waitFor(() => c.channel('/broken/room').state.getSnapshot().status === 'failed', 'subscribe refused');
    const subscribeError = c.channel('/broken/room').state.getSnapshot().error;
    expect(subscribeError).toMatchObject({ code: 'SUBSCRIBE_FAILED', details: { errorType: 'SubscriptionProcessingError' } });
    const publishError = await c.publish('/broken/room', [{ text: 'x' }]).catch((error: unknown) => error);
    expect(publishError).toMatchObject({ code: 'PUBLISH_FAILED', details: { errorType: 'PublishProcessingError' } });
    const httpStatus = await fetch(e.endpoints.appsync.httpEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': e.endpoints.appsync.apiKey },
      body: JSON.stringify({ channel: '/broken/room', events: ['{"a":1}'] }),
    });
    expect(httpStatus.status).toBe(400);
    expect(JSON.stringify([subscribeError, publishError, await httpStatus.json()])).not.toContain('SECRET-in-handler');
    // The emulator is still serving.
    await listen(c, '/raw/after');
  });

  it('without senderFrom, or on a namespace without a handler, a payload sender is just data: meta.sender stays undefined', async () => {
    const plain = client(apiKey());
    const got = await listen(plain, '/raw/room');
    await plain.publish('/raw/room', [{ text: 'forged', sender: { id: 'admin' } }]);
    await waitFor(() => got.length === 1, 'the event');
    expect(got[0]!.data).toEqual({ text: 'forged', sender: { id: 'admin' } });
    expect(got[0]!.meta.sender).toBeUndefined();
    // A stamped namespace read by a client that did not opt in: the stamp stays in data, unused.
    const unopted = client(apiKey());
    const stamped = await listen(unopted, '/default/unopted');
    await client(userPoolAuth(async () => jwt({ sub: 'dan', 'cognito:username': 'dan' }))).publish('/default/unopted', [{ text: 'x' }]);
    await waitFor(() => stamped.length === 1, 'the stamped event');
    expect(stamped[0]!.meta.sender).toBeUndefined();
    expect(stamped[0]!.data).toEqual({ text: 'x', sender: { id: 'dan', name: 'dan' } });
  });

  it('senderFrom takes only "handler"', () => {
    expect(() => appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKey(), senderFrom: 'payload' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: "appSyncEvents(config): config.senderFrom must be 'handler' or undefined" }),
    );
  });
});
