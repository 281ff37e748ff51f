import { describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient } from '@channelkit/transport';
import { hotsock, hotsockHttpApi } from '@channelkit/transport/hotsock';
import { attempts, RecordingWebSocket, recordingFetch } from './_recording.js';

// Every mistake at Hotsock's public boundary is a typed error naming the argument and the rule,
// raised before anything is connected or sent.

const token = () => 'a.b.c';
const base = { webSocketUrl: 'wss://1ycut2oy9h.execute-api.us-east-1.amazonaws.com/v1', httpApiUrl: 'https://r6zcm2.lambda-url.us-east-1.on.aws/', connectToken: token };
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

  it.each<[string, () => unknown, RegExp]>([
    ['hotsockHttpApi(undefined)', () => hotsockHttpApi(undefined as never), /options must be an object/],
    ['no credentials', () => hotsockHttpApi({ httpApiUrl: base.httpApiUrl } as never), /options.credentials must be a function/],
    ['URL with a query', () => hotsockHttpApi({ httpApiUrl: 'https://x/?a=1', credentials: () => undefined }), /must have no query string/],
  ])('%s', (_what, call, names) => expectError(call, 'INVALID_ARGUMENT', names));

  it('nothing was connected or sent', () => {
    expect(attempts.sockets).toBe(0);
    expect(attempts.fetches).toBe(0);
  });
});
