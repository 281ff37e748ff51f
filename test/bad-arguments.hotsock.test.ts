import { describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient } from '@channelkit/transport';
import { decodeHotsockFrame, hotsock, hotsockHttpApi } from '@channelkit/transport/hotsock';
import { attempts, RecordingWebSocket, recordingFetch } from './_recording.js';

// Every mistake at Hotsock's public boundary is a typed error naming the argument and the rule,
// raised before anything is connected or sent.

const token = () => 'a.b.c';
const base = { webSocketUrl: 'wss://1ycut2oy9h.execute-api.us-east-1.amazonaws.com/v1', httpApiUrl: 'https://r6zcm2.lambda-url.us-east-1.on.aws/', connectToken: token };
const ULID = '01JA3HVNF6E89HDT1ABRFWJ8C8';
const AT = 'at(2030-07-24T14:30:00)';
const noHttp = (): RealtimeClient => createClient({ backend: hotsock({ ...base, httpApiUrl: undefined }), WebSocket: RecordingWebSocket, fetch: recordingFetch, autoConnect: false });
const client = (): RealtimeClient => createClient({ backend: hotsock(base), WebSocket: RecordingWebSocket, fetch: recordingFetch, autoConnect: false });

function expectError(call: () => unknown, code: string, names: RegExp): void {
  let error: unknown;
  try {
    call();
  } catch (x) {
    error = x;
  }
  expect(error).toBeInstanceOf(ChannelKitError);
  expect((error as ChannelKitError).code).toBe(code);
  expect((error as ChannelKitError).message).toMatch(names);
}

describe('bad arguments to hotsock(config)', () => {
  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /options must be an object/],
    ['no webSocketUrl', { connectToken: token }, /options.webSocketUrl must be/],
    ['not a URL', { ...base, webSocketUrl: 'nope' }, /options.webSocketUrl is not a URL/],
    ['https URL', { ...base, webSocketUrl: 'https://x/v1' }, /must be wss:\/\//],
    ['query string', { ...base, webSocketUrl: 'wss://x/v1?token=1' }, /must have no query string/],
    ['no connectToken', { webSocketUrl: base.webSocketUrl }, /options.connectToken must be a function/],
    ['connectToken a string', { ...base, connectToken: 'eyJ' }, /options.connectToken must be a function returning a connect JWT \(got string\)/],
    ['subscribeToken a string', { ...base, subscribeToken: 'x' }, /options.subscribeToken must be a function/],
    ['umdToken a number', { ...base, umdToken: 1 }, /options.umdToken must be a function/],
    ['reserved default event', { ...base, event: 'hotsock.x' }, /must not start with "hotsock."/],
    ['ping interval over the idle timeout', { ...base, pingIntervalMs: 600_000 }, /pingIntervalMs must be between/],
    ['bad httpApiUrl', { ...base, httpApiUrl: 'ftp://x/' }, /httpApiUrl must be https:\/\//],
  ])('%s', (_what, options, names) => expectError(() => hotsock(options as never), 'INVALID_ARGUMENT', names));
});

describe('bad arguments to a Hotsock client', () => {
  it.each<[string, (c: RealtimeClient) => unknown, string, RegExp]>([
    ['empty channel', (c) => c.channel(''), 'INVALID_CHANNEL', /must not be empty/],
    ['comma', (c) => c.channel('a,b'), 'INVALID_CHANNEL', /must not contain ","/],
    ['asterisk', (c) => c.channel('a*'), 'INVALID_CHANNEL', /must not contain "\*"/],
    ['hash', (c) => c.channel('a#b'), 'INVALID_CHANNEL', /must not contain "#"/],
    ['newline', (c) => c.channel('a\nb'), 'INVALID_CHANNEL', /whitespace/],
    ['257 characters', (c) => c.channel('x'.repeat(257)), 'INVALID_CHANNEL', /at most 256 characters/],
  ])('%s', (_what, call, code, names) => expectError(() => call(client()), code, names));

  it.each<[string, (c: RealtimeClient) => Promise<unknown>, string, RegExp]>([
    ['reserved event', (c) => c.publish('room', [1], { context: { event: 'hotsock.subscribe' } }), 'INVALID_ARGUMENT', /must not start with "hotsock."/],
    ['event with *', (c) => c.publish('room', [1], { context: { event: 'a*' } }), 'INVALID_ARGUMENT', /must not contain "\*"/],
    ['event starting with #', (c) => c.publish('room', [1], { context: { event: '#a' } }), 'INVALID_ARGUMENT', /must not start with "#"/],
    ['event over 128', (c) => c.publish('room', [1], { context: { event: 'e'.repeat(129) } }), 'LIMIT_EXCEEDED', /eventNameLength/],
    ['data over 32 KiB', (c) => c.publish('room', ['x'.repeat(32 * 1024)]), 'LIMIT_EXCEEDED', /dataBytes/],
    ['BigInt data', (c) => c.publish('room', [1n]), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
    ['undefined data', (c) => c.publish('room', [undefined]), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
    ['HTTP publish while not connected', (c) => c.publish('room', [1], { via: 'http' }), 'CONNECTION_LOST', /needs a live connection/],
    ['storage key with a space', (c) => c.channel('room').storage!.set('a b', 1), 'INVALID_ARGUMENT', /key must not contain/],
    ['storage value over 32 KiB', (c) => c.channel('room').storage!.set('k', 'x'.repeat(33 * 1024)), 'LIMIT_EXCEEDED', /dataBytes/],
    ['history limit 0', (c) => c.channel('room').history!.list({ limit: 0 }), 'INVALID_ARGUMENT', /options.limit must be a positive integer/],
    ['history limit NaN', (c) => c.channel('room').history!.list({ limit: Number.NaN }), 'INVALID_ARGUMENT', /options.limit must be a positive integer of at most 100, .*got NaN/],
    ['history limit 101 (no silent clamp)', (c) => c.channel('room').history!.list({ limit: 101 }), 'INVALID_ARGUMENT', /options.limit must be a positive integer of at most 100/],
    ['history limit "10"', (c) => c.channel('room').history!.list({ limit: '10' as never }), 'INVALID_ARGUMENT', /options.limit must be .*got string/],
    ['history options null', (c) => c.channel('room').history!.list(null as never), 'INVALID_ARGUMENT', /options must be an object .*got null/],
    ['history options a number', (c) => c.channel('room').history!.list(5 as never), 'INVALID_ARGUMENT', /options must be an object .*got number/],
    ['history before a number', (c) => c.channel('room').history!.list({ before: 5 as never }), 'INVALID_ARGUMENT', /options.before must be a Hotsock message id/],
    ['history before a Date', (c) => c.channel('room').history!.list({ before: new Date(Number.NaN) as never }), 'INVALID_ARGUMENT', /options.before must be a Hotsock message id/],
    ['history after not a ULID', (c) => c.channel('room').history!.list({ after: 'msg-1' }), 'INVALID_ARGUMENT', /options.after must be a Hotsock message id \(a 26-character ULID\)/],
    ['history direction sideways', (c) => c.channel('room').history!.list({ direction: 'sideways' as never }), 'INVALID_ARGUMENT', /options.direction must be 'forward' or 'backward'/],
    ['history before and after', (c) => c.channel('room').history!.list({ before: ULID, after: ULID }), 'INVALID_ARGUMENT', /options.before cannot be combined with options.after/],
    ['history forward with before', (c) => c.channel('room').history!.list({ direction: 'forward', before: ULID }), 'INVALID_ARGUMENT', /options.before pages backward/],
    ['history backward with after', (c) => c.channel('room').history!.list({ direction: 'backward', after: ULID }), 'INVALID_ARGUMENT', /options.after pages forward/],
    ['publish context null', (c) => c.publish('room', [1], { context: null }), 'INVALID_ARGUMENT', /context must be an object \(got null\)/],
    ['publish context a string', (c) => c.publish('room', [1], { context: 'chat' }), 'INVALID_ARGUMENT', /context must be an object \(got string\)/],
    ['eagerIdGeneration "yes"', (c) => c.publish('room', [1], { context: { eagerIdGeneration: 'yes' } }), 'INVALID_ARGUMENT', /context.eagerIdGeneration must be a boolean/],
    ['scheduleExpression a number', (c) => c.publish('room', [1], { context: { scheduleExpression: 5 } }), 'INVALID_ARGUMENT', /context.scheduleExpression must be a one-time expression at\(/],
    [
      'scheduleExpression cron',
      (c) => c.publish('room', [1], { context: { scheduleExpression: 'cron(0 9 * * ? *)' } }),
      'INVALID_ARGUMENT',
      /context.scheduleExpression must be a one-time expression/,
    ],
    ['scheduleExpression 30 February', (c) => c.publish('room', [1], { context: { scheduleExpression: 'at(2030-02-30T09:00:00)' } }), 'INVALID_ARGUMENT', /must name a real date and time/],
    [
      'scheduleExpressionTimezone unknown',
      (c) => c.publish('room', [1], { context: { scheduleExpression: AT, scheduleExpressionTimezone: 'Mars/Olympus' } }),
      'INVALID_ARGUMENT',
      /context.scheduleExpressionTimezone must be an IANA time zone/,
    ],
    ['scheduleExpressionTimezone a number', (c) => c.publish('room', [1], { context: { scheduleExpression: AT, scheduleExpressionTimezone: 1 } }), 'INVALID_ARGUMENT', /got number/],
    [
      'scheduleExpressionTimezone alone',
      (c) => c.publish('room', [1], { context: { scheduleExpressionTimezone: 'Europe/London' } }),
      'INVALID_ARGUMENT',
      /scheduleExpressionTimezone needs scheduleExpression/,
    ],
    ['schedule over HTTP, bad', (c) => c.publish('room', [1], { via: 'http', context: { scheduleExpression: 'tomorrow' } }), 'INVALID_ARGUMENT', /context.scheduleExpression/],
    ['storage.observe with a non-function', async (c) => c.channel('room').storage!.observe!('k', 5 as never), 'INVALID_ARGUMENT', /listener must be a function/],
    ['storage.observe with a bad key', async (c) => c.channel('room').storage!.observe!('a b', () => {}), 'INVALID_ARGUMENT', /key must not contain/],
    ['storage.observe with no key', async (c) => c.channel('room').storage!.observe!(undefined as never, () => {}), 'INVALID_ARGUMENT', /key must be a non-empty string/],
    ['via http without httpApiUrl', () => noHttp().publish('room', [1], { via: 'http' }), 'INVALID_ARGUMENT', /options.via 'http' needs the Client HTTP API: pass httpApiUrl/],
    ['umd over 1 KiB', (c) => c.channel('presence.room').presence!.update('x'.repeat(2000)), 'LIMIT_EXCEEDED', /umdBytes/],
    ['presence update without umdToken', (c) => c.channel('presence.room').presence!.update({ away: true }), 'INVALID_ARGUMENT', /options.umdToken is needed/],
  ])('%s', async (_what, call, code, names) => {
    const error = await call(client()).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(error).toBeInstanceOf(ChannelKitError);
    expect((error as ChannelKitError).code).toBe(code);
    expect((error as ChannelKitError).message).toMatch(names);
  });

  const api = hotsockHttpApi({ httpApiUrl: base.httpApiUrl, credentials: () => ({ connectionId: 'c1', connectionSecret: 'secret-1' }), fetch: recordingFetch });
  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['publishMessage(null)', () => api.publishMessage(null as never), /publishMessage\(input\) must be an object \(got null\)/],
    ['publishMessage(1)', () => api.publishMessage(1 as never), /publishMessage\(input\) must be an object \(got number\)/],
    ['publishMessage eagerIdGeneration "yes"', () => api.publishMessage({ channel: 'r', event: 'e', eagerIdGeneration: 'yes' as never }), /eagerIdGeneration must be a boolean/],
    ['publishMessage scheduleExpression "tomorrow"', () => api.publishMessage({ channel: 'r', event: 'e', scheduleExpression: 'tomorrow' }), /scheduleExpression must be a one-time expression/],
    ['publishMessage time zone alone', () => api.publishMessage({ channel: 'r', event: 'e', scheduleExpressionTimezone: 'Europe/London' }), /needs scheduleExpression/],
    ['publishMessage channel 5', () => api.publishMessage({ channel: 5 as never, event: 'e' }), /channel must be a string \(got number\)/],
    ['listMessages(null)', () => api.listMessages(null as never), /listMessages\(input\) must be an object/],
    ['listMessages after 5', () => api.listMessages({ channel: 'r', after: 5 as never }), /listMessages\(input\).after must be a message id/],
    ['listMessages before "x"', () => api.listMessages({ channel: 'r', before: 'x' }), /listMessages\(input\).before must be a message id/],
    ['listMessages reverse "yes"', () => api.listMessages({ channel: 'r', reverse: 'yes' as never }), /reverse must be a boolean/],
    ['channelStorageGet(null)', () => api.channelStorageGet(null as never), /channelStorageGet\(input\) must be an object/],
    ['channelStorageSet(null)', () => api.channelStorageSet(null as never), /channelStorageSet\(input\) must be an object/],
    ['channelStorageSet bad schedule', () => api.channelStorageSet({ channel: 'r', key: 'k', data: 1, scheduleExpression: 'at(2030-13-01T00:00:00)' }), /must name a real date/],
    ['channelStorageList(null)', () => api.channelStorageList(null as never), /channelStorageList\(input\) must be an object/],
    ['channelStorageList after 5', () => api.channelStorageList({ channel: 'r', after: 5 as never }), /key must be a non-empty string/],
    ['channelStorageList keys "a"', () => api.channelStorageList({ channel: 'r', keys: 'a' as never }), /keys must be an array/],
    ['getChannelInfo(null)', () => api.getChannelInfo(null as never), /getChannelInfo\(input\) must be an object/],
    ['getChannelInfo([])', () => api.getChannelInfo([] as never), /getChannelInfo\(input\) must be an object \(got an array\)/],
    ['umdUpdate(null)', () => api.umdUpdate(null as never), /umdUpdate\(input\) must be an object/],
    ['umdUpdate token 5', () => api.umdUpdate({ token: 5 as never }), /umdUpdate\(input\).token must be a JWT .*got number/],
    ['umdUpdate token with a space', () => api.umdUpdate({ token: 'eyJa. b.c' }), /umdUpdate\(input\).token must be a JWT .*not a JWT/],
  ])('hotsockHttpApi: %s', async (_what, call, names) => {
    const error = await call().catch((x: unknown) => x);
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(names) });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['hotsockHttpApi(undefined)', () => hotsockHttpApi(undefined as never), /options must be an object/],
    ['decodeHotsockFrame(5, book)', () => decodeHotsockFrame(5 as never, { subscriptions: new Map(), aliases: new Map(), storage: () => {} }), /^raw must be a string, ArrayBuffer or Uint8Array/],
    ['decodeHotsockFrame(frame, null)', () => decodeHotsockFrame('{"event":"hotsock.pong"}', null as never), /^book must be a WireBook/],
    ['backend.onStorage(5)', () => hotsock(base).onStorage(5 as never), /^listener must be a function/],
    ['no credentials', () => hotsockHttpApi({ httpApiUrl: base.httpApiUrl } as never), /options.credentials must be a function/],
    ['URL with a query', () => hotsockHttpApi({ httpApiUrl: 'https://x/?a=1', credentials: () => undefined }), /must have no query string/],
  ])('%s', (_what, call, names) => expectError(call, 'INVALID_ARGUMENT', names));

  it('nothing was connected or sent', () => {
    expect(attempts.sockets).toBe(0);
    expect(attempts.fetches).toBe(0);
  });
});
