import { describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents, iamAuth, lambdaAuth, oidcAuth, userPoolAuth } from '@channelkit/transport/appsync-events';
import { hmacSha256, sha256, uriEscape } from '@channelkit/transport/sigv4';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { hotsock } from '@channelkit/transport/hotsock';
import { chime } from '@channelkit/transport/chime';
import { attempts, RecordingWebSocket, recordingFetch } from './_recording.js';

// Every mistake at the client's public boundary is a typed error naming the argument and the
// rule, raised before anything is queued, connected or sent.

const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
const throwingToJson = {
  toJSON: () => {
    throw new Error('boom');
  },
};

const CHIME_APP = 'arn:aws:chime:us-east-1:123456789012:app-instance/abc';
const backends = {
  'AppSync Events': () => appSyncEvents({ httpEndpoint: 'https://example.appsync-api.us-east-1.amazonaws.com/event', auth: apiKeyAuth('da2-notarealkey') }),
  'API Gateway': () => apiGatewayWebSocket({ url: 'wss://example.execute-api.us-east-1.amazonaws.com/prod' }),
  Hotsock: () => hotsock({ webSocketUrl: 'wss://1ycut2oy9h.execute-api.us-east-1.amazonaws.com/v1', httpApiUrl: 'https://r6zcm2.lambda-url.us-east-1.on.aws/', connectToken: () => 'a.b.c' }),
  Chime: () =>
    chime({
      region: 'us-east-1',
      appInstanceArn: CHIME_APP,
      userArn: `${CHIME_APP}/user/ada`,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'not-a-real-secret' },
      fetch: recordingFetch,
    }),
};
const good = { 'AppSync Events': '/default/room', 'API Gateway': 'room', Hotsock: 'room', Chime: 'room' } as const;

type Case = [what: string, call: (c: RealtimeClient, channel: string) => unknown, code: string, names: RegExp];
const cases: Case[] = [
  ['channel(undefined)', (c) => c.channel(undefined as never), 'INVALID_ARGUMENT', /channel must be a string/],
  ['channel(42)', (c) => c.channel(42 as never), 'INVALID_ARGUMENT', /channel must be a string \(got number\)/],
  ['channel("")', (c) => c.channel(''), 'INVALID_CHANNEL', /./],
  ['channel(" spaced ")', (c) => c.channel('/has space/x y'), 'INVALID_CHANNEL', /./],
  ['subscribe(undefined)', (c, ch) => c.channel(ch).subscribe(undefined as never), 'INVALID_ARGUMENT', /subscriber must be a function or an object/],
  ['subscribe(42)', (c, ch) => c.channel(ch).subscribe(42 as never), 'INVALID_ARGUMENT', /subscriber must be/],
  ['subscribe("x")', (c, ch) => c.channel(ch).subscribe('x' as never), 'INVALID_ARGUMENT', /subscriber must be/],
  ['subscribe(null)', (c, ch) => c.channel(ch).subscribe(null as never), 'INVALID_ARGUMENT', /subscriber must be/],
  ['subscribe([])', (c, ch) => c.channel(ch).subscribe([] as never), 'INVALID_ARGUMENT', /subscriber must be/],
  ['subscribe({})', (c, ch) => c.channel(ch).subscribe({} as never), 'INVALID_ARGUMENT', /subscriber.onEvent must be a function/],
  ['subscribe({ onEvent: "nope" })', (c, ch) => c.channel(ch).subscribe({ onEvent: 'nope' } as never), 'INVALID_ARGUMENT', /subscriber.onEvent must be a function/],
  ['subscribe({ onError: 1 })', (c, ch) => c.channel(ch).subscribe({ onEvent: () => {}, onError: 1 } as never), 'INVALID_ARGUMENT', /subscriber.onError must be a function/],
  ['onError("x")', (c) => c.onError('x' as never), 'INVALID_ARGUMENT', /listener must be a function/],
  ['onUnrouted(null)', (c) => c.onUnrouted(null as never), 'INVALID_ARGUMENT', /listener must be a function/],
];
const asyncCases: Case[] = [
  ['publish(channel, "abc")', (c, ch) => c.publish(ch, 'abc' as never), 'INVALID_ARGUMENT', /events must be an array/],
  ['publish(channel, null)', (c, ch) => c.publish(ch, null as never), 'INVALID_ARGUMENT', /events must be an array/],
  ['publish(channel, [])', (c, ch) => c.publish(ch, []), 'INVALID_ARGUMENT', /events must hold at least one event/],
  ['publish(42, [1])', (c) => c.publish(42 as never, [1]), 'INVALID_ARGUMENT', /channel must be a string/],
  ['publish(channel, [1], { via: "pigeon" })', (c, ch) => c.publish(ch, [1], { via: 'pigeon' as never }), 'INVALID_ARGUMENT', /options.via must be 'socket' or 'http'/],
  ['publish(channel, [1], null)', (c, ch) => c.publish(ch, [1], null as never), 'INVALID_ARGUMENT', /options must be an object/],
  ['publish(BigInt)', (c, ch) => c.publish(ch, [1n]), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
  ['publish(cyclic)', (c, ch) => c.publish(ch, [1, cyclic]), 'INVALID_ARGUMENT', /event 1 is not JSON-serializable/],
  ['publish(throwing toJSON)', (c, ch) => c.publish(ch, [throwingToJson]), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
  ['publish(undefined event)', (c, ch) => c.publish(ch, [undefined]), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
  ['channel.publish() with no events', (c, ch) => c.channel(ch).publish(), 'INVALID_ARGUMENT', /at least one event/],
];

describe('bad arguments to createClient', () => {
  it.each([
    ['undefined', undefined, /options must be an object/],
    ['null', null, /options must be an object/],
    ['{}', {}, /options.backend must be a backend/],
    ['{ backend: 42 }', { backend: 42 }, /options.backend must be a backend/],
    ['{ backend: {} }', { backend: {} }, /options.backend.channelKey must be a function/],
    ['a bad WebSocket', { backend: backends['API Gateway'](), WebSocket: 'ws' }, /options.WebSocket must be a WebSocket class/],
    ['a bad fetch', { backend: backends['API Gateway'](), fetch: {} }, /options.fetch must be a function/],
  ])('%s', (_what, options, message) => {
    const error = (() => {
      try {
        createClient(options as never);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
  });

  it('backend factories check their config', () => {
    expect(() => appSyncEvents(undefined as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => appSyncEvents({ httpEndpoint: 'https://x/event', auth: 'da2-key' as never })).toThrowError(/config.auth must be an auth/);
    expect(() => apiGatewayWebSocket({} as never)).toThrowError(/options.url must be the stage URL/);
  });
});

for (const [name, make] of Object.entries(backends)) {
  describe(`bad arguments to the client (${name})`, () => {
    const channel = good[name as keyof typeof good];
    const client = () => createClient({ backend: make(), WebSocket: RecordingWebSocket });

    it.each(cases)('%s throws a typed error naming the rule', (_what, call, code, names) => {
      attempts.sockets = 0;
      const c = client();
      let error: unknown;
      try {
        call(c, channel);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ChannelKitError);
      expect(error).toMatchObject({ code, message: expect.stringMatching(names) });
      expect(attempts.sockets).toBe(0);
      expect(c.status.getSnapshot().status).toBe('idle');
    });

    // One rule on every backend (docs/backends.md, "Channel names"): a channel that is not a
    // string is INVALID_ARGUMENT, wherever it is passed; a string breaking the backend's naming
    // rules is INVALID_CHANNEL.
    it.each<[string, unknown]>([
      ['42', 42],
      ['null', null],
      ['undefined', undefined],
      ['an object', { name: 'room' }],
      ['an array', ['room']],
    ])('a channel that is %s is INVALID_ARGUMENT at channel(), publish() and backend.channelKey()', async (_what, value) => {
      attempts.sockets = 0;
      const c = client();
      const rule = { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^channel must be a string/) };
      expect(() => c.channel(value as never)).toThrowError(expect.objectContaining(rule));
      await expect(c.publish(value as never, [1])).rejects.toMatchObject(rule);
      expect(() => make().channelKey(value as never, 'subscribe')).toThrowError(expect.objectContaining(rule));
      expect(() => make().channelKey(value as never, 'publish')).toThrowError(expect.objectContaining(rule));
      expect(attempts.sockets).toBe(0);
    });

    it.each(asyncCases)('%s rejects with a typed error, sending nothing', async (_what, call, code, names) => {
      attempts.sockets = 0;
      const c = client();
      const error = await Promise.resolve()
        .then(() => call(c, channel))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelKitError);
      expect(error).toMatchObject({ code, message: expect.stringMatching(names) });
      expect(attempts.sockets).toBe(0);
      expect(c.status.getSnapshot().status).toBe('idle');
    });
  });
}

// Reported by an outside review: options accepted silently that later became reconnect loops,
// never-settling publishes or a crashed process.
describe('bad client options fail at createClient, naming the option', () => {
  const backend = () => backends['API Gateway']();
  it.each([
    ['ackTimeoutMs: NaN', { ackTimeoutMs: Number.NaN }, /options.ackTimeoutMs must be a finite number/],
    ['ackTimeoutMs: "abc"', { ackTimeoutMs: 'abc' }, /options.ackTimeoutMs must be a finite number/],
    ['ackTimeoutMs: -5', { ackTimeoutMs: -5 }, /options.ackTimeoutMs must be a finite number ≥ 1/],
    ['connectTimeoutMs: 0', { connectTimeoutMs: 0 }, /options.connectTimeoutMs must be a finite number ≥ 1/],
    ['releaseGraceMs: Infinity', { releaseGraceMs: Number.POSITIVE_INFINITY }, /options.releaseGraceMs/],
    ['logger: 42', { logger: 42 }, /options.logger must be an object/],
    ['logger: {}', { logger: {} }, /options.logger must have a log/],
    ['outbox: { maxEvents: -1 }', { outbox: { maxEvents: -1 } }, /options.outbox.maxEvents must be a finite integer ≥ 1/],
    ['outbox: { maxBytes: NaN }', { outbox: { maxBytes: Number.NaN } }, /options.outbox.maxBytes/],
    ['outbox: a huge string', { outbox: 'x'.repeat(200_000) }, /options.outbox must be an object/],
    ['backoff: { delaysMs: [] }', { backoff: { delaysMs: [] } }, /options.backoff.delaysMs must be a non-empty array/],
    ['backoff: { delaysMs: [NaN] }', { backoff: { delaysMs: [Number.NaN] } }, /options.backoff.delaysMs\[0\]/],
    ['platform: null', { platform: null }, /options.platform must be an object/],
    ['platform: { now: 1 }', { platform: { now: 1 } }, /options.platform.now must be a function/],
    ['network: {}', { network: {} }, /options.network must have get\(\) and subscribe/],
    ['autoConnect: "yes"', { autoConnect: 'yes' }, /options.autoConnect must be a boolean/],
    ['secrets: "s"', { secrets: 's' }, /options.secrets must be an array of strings/],
  ])('%s', (_what, extra, message) => {
    expect(() => createClient({ backend: backend(), ...(extra as object) })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });
});

describe('bad backend and auth arguments fail at the factory', () => {
  const url = 'wss://example.execute-api.us-east-1.amazonaws.com/prod';
  const httpEndpoint = 'https://example.appsync-api.us-east-1.amazonaws.com/event';
  it.each([
    ['userPoolAuth(undefined)', () => userPoolAuth(undefined as never), /userPoolAuth\(getToken\) must be a function/],
    ['oidcAuth(42)', () => oidcAuth(42 as never), /oidcAuth\(getToken\) must be a function/],
    ['lambdaAuth("token")', () => lambdaAuth('token' as never), /lambdaAuth\(getToken\) must be a function/],
    ['apiKeyAuth(42)', () => apiKeyAuth(42 as never), /apiKeyAuth\(apiKey\) must be a non-empty string/],
    ['iamAuth(undefined)', () => iamAuth(undefined as never), /iamAuth\(options\) must be an object/],
    ['iamAuth({ region: 1 })', () => iamAuth({ region: 1, credentials: {} } as never), /iamAuth\(options\).region must be a non-empty string/],
    ['appSyncEvents({ httpEndpoint: undefined })', () => appSyncEvents({ httpEndpoint: undefined as never, auth: apiKeyAuth('da2-x') }), /httpEndpoint must be/],
    ['appSyncEvents({ httpEndpoint: 42 })', () => appSyncEvents({ httpEndpoint: 42 as never, auth: apiKeyAuth('da2-x') }), /httpEndpoint must be/],
    ['appSyncEvents({ channelAuth: "str" })', () => appSyncEvents({ httpEndpoint, auth: apiKeyAuth('da2-x'), channelAuth: 'str' as never }), /config.channelAuth must be a function/],
    ['appSyncEvents({ publishAuth: 42 })', () => appSyncEvents({ httpEndpoint, auth: apiKeyAuth('da2-x'), publishAuth: 42 as never }), /config.publishAuth must be an auth/],
    ['apiGatewayWebSocket({ keepAliveIntervalMs: NaN })', () => apiGatewayWebSocket({ url, keepAliveIntervalMs: Number.NaN }), /options.keepAliveIntervalMs must be a positive finite number/],
    ['apiGatewayWebSocket({ keepAliveIntervalMs: "abc" })', () => apiGatewayWebSocket({ url, keepAliveIntervalMs: 'abc' as never }), /options.keepAliveIntervalMs/],
    ['apiGatewayWebSocket({ query: "str" })', () => apiGatewayWebSocket({ url, query: 'str' as never }), /options.query must be an object of strings/],
    ['apiGatewayWebSocket({ routes: 42 })', () => apiGatewayWebSocket({ url, routes: 42 as never }), /options.routes must map/],
  ])('%s', (_what, call, message) => {
    expect(call).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });

  it('a per-publish auth override that is not an auth is refused before anything is sent', async () => {
    attempts.sockets = 0;
    const c = createClient({ backend: backends['AppSync Events'](), WebSocket: RecordingWebSocket });
    await expect(c.publish('/default/a', [1], { context: { auth: 42 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/options.context.auth must be an auth/) });
    await expect(c.publish('/default/a', [1], { context: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(attempts.sockets).toBe(0);
  });

  it('a sparse events array names the hole', async () => {
    const c = createClient({ backend: backends['AppSync Events'](), WebSocket: RecordingWebSocket });
    // biome-ignore lint/suspicious/noSparseArray: the hole is the test
    await expect(c.publish('/default/a', [1, , 3])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'events[1] is missing (a sparse array)' });
  });

  it('SigV4 primitives refuse what is not bytes or text instead of hashing it as empty', () => {
    expect(() => sha256(42 as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/sha256\(data\) must be a Uint8Array/) }));
    expect(() => sha256({} as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => hmacSha256(42 as never, new Uint8Array(1))).toThrowError(/hmacSha256\(key\) must be a Uint8Array/);
    expect(() => hmacSha256(new Uint8Array(1), {} as never)).toThrowError(/hmacSha256\(data\) must be a Uint8Array/);
    expect(() => uriEscape(42 as never)).toThrowError(/uriEscape\(value\) must be a string/);
    expect(() => uriEscape(undefined as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('store listeners', () => {
  it('a non-function listener is refused when subscribing, not when the state changes', () => {
    const c = createClient({ backend: backends['API Gateway'](), WebSocket: RecordingWebSocket });
    expect(() => c.status.subscribe(42 as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/listener must be a function/) }));
    expect(() => c.channel('room').state.subscribe('x' as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('a throwing store listener is reported as LISTENER_ERROR and never rethrown', async () => {
    const errors: ChannelKitError[] = [];
    const c = createClient({ backend: backends['API Gateway'](), WebSocket: RecordingWebSocket, autoConnect: false });
    c.onError((e) => errors.push(e));
    c.status.subscribe(() => {
      throw new Error('status listener bug');
    });
    c.channel('room').state.subscribe(() => {
      throw new Error('state listener bug');
    });
    c.channel('room').subscribe(() => {});
    c.close(); // a status change, and the channel hears the closed client
    await new Promise((r) => setTimeout(r, 0)); // a rethrow would surface here as an uncaught exception
    expect(errors.map((e) => e.code)).toContain('LISTENER_ERROR');
    expect(errors.some((e) => /status listener bug/.test(e.message))).toBe(true);
  });

  it('subscribing on a closed client tells the subscriber instead of staying silent', () => {
    const c = createClient({ backend: backends['API Gateway'](), WebSocket: RecordingWebSocket, autoConnect: false });
    c.close();
    const heard: string[] = [];
    c.channel('room').subscribe({ onEvent: () => {}, onError: (e) => heard.push(e.code) });
    expect(heard).toEqual(['CONNECTION_CLOSED']);
  });
});
