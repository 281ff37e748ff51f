import { describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient, type WebSocketConstructor } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';

// Every mistake at the client's public boundary is a typed error naming the argument and the
// rule, raised before anything is queued, connected or sent.

let sockets = 0;
const RecordingWebSocket = class {
  constructor() {
    sockets++;
    throw new Error('no socket may be opened by a bad call');
  }
} as unknown as WebSocketConstructor;

const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
const throwingToJson = { toJSON: () => { throw new Error('boom'); } };

const backends = {
  'AppSync Events': () => appSyncEvents({ httpEndpoint: 'https://example.appsync-api.us-east-1.amazonaws.com/event', auth: apiKeyAuth('da2-notarealkey') }),
  'API Gateway': () => apiGatewayWebSocket({ url: 'wss://example.execute-api.us-east-1.amazonaws.com/prod' }),
};
const good = { 'AppSync Events': '/default/room', 'API Gateway': 'room' } as const;

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
      sockets = 0;
      const c = client();
      let error: unknown;
      try {
        call(c, channel);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ChannelKitError);
      expect(error).toMatchObject({ code, message: expect.stringMatching(names) });
      expect(sockets).toBe(0);
      expect(c.status.getSnapshot().status).toBe('idle');
    });

    it.each(asyncCases)('%s rejects with a typed error, sending nothing', async (_what, call, code, names) => {
      sockets = 0;
      const c = client();
      const error = await Promise.resolve()
        .then(() => call(c, channel))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelKitError);
      expect(error).toMatchObject({ code, message: expect.stringMatching(names) });
      expect(sockets).toBe(0);
      expect(c.status.getSnapshot().status).toBe('idle');
    });
  });
}
