import { describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient } from '@channelkit/transport';
import { chime, type ChimeConfig } from '@channelkit/transport/chime';
import { attempts, RecordingWebSocket, recordingFetch } from './_recording.js';

// Every mistake at the Chime boundary is a typed error naming the argument and the rule, raised
// before any socket is opened or any request is sent.

const APP = 'arn:aws:chime:us-east-1:123456789012:app-instance/abc';
const GOOD: ChimeConfig = { region: 'us-east-1', appInstanceArn: APP, userArn: `${APP}/user/ada`, credentials: { accessKeyId: 'AKID', secretAccessKey: 'not-a-real-secret' }, fetch: recordingFetch };
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;

describe('bad arguments to chime(config)', () => {
  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /config must be an object/],
    ['no region', { ...GOOD, region: undefined }, /config.region must be an AWS region/],
    ['a bad region', { ...GOOD, region: 'moon-1' }, /config.region must be an AWS region/],
    ['no appInstanceArn', { ...GOOD, appInstanceArn: undefined }, /config.appInstanceArn must be arn:aws:chime/],
    ['a channel ARN as appInstanceArn', { ...GOOD, appInstanceArn: `${APP}/channel/x` }, /config.appInstanceArn/],
    ['no userArn', { ...GOOD, userArn: undefined }, /config.userArn must be an AppInstanceUser ARN/],
    ['a user of another AppInstance', { ...GOOD, userArn: 'arn:aws:chime:us-east-1:123456789012:app-instance/other/user/ada' }, /config.userArn/],
    ['no credentials', { ...GOOD, credentials: undefined }, /config.credentials must be AWS credentials/],
    ['a bad fetch', { ...GOOD, fetch: 'fetch' }, /config.fetch must be a function/],
    ['a bad sessionId', { ...GOOD, sessionId: 'has space' }, /config.sessionId must be 1..64/],
    ['a bad endpoint', { ...GOOD, endpoint: 'not a url' }, /config.endpoint must be an https URL/],
    ['an ftp endpoint', { ...GOOD, endpoint: 'ftp://x' }, /config.endpoint must be an https:\/\/ URL/],
  ])('%s', (_what, config, message) => {
    let error: unknown;
    try {
      chime(config as ChimeConfig);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
  });
});

type Case = [what: string, call: (c: RealtimeClient) => unknown, code: string, names: RegExp];

describe('bad arguments to a Chime client', () => {
  const client = () => createClient({ backend: chime(GOOD), WebSocket: RecordingWebSocket, fetch: recordingFetch });

  it.each<Case>([
    ['channel("")', (c) => c.channel(''), 'INVALID_CHANNEL', /channel id is 1..128 characters/],
    ['channel("has space")', (c) => c.channel('has space'), 'INVALID_CHANNEL', /channel id/],
    ['channel(an ARN of another AppInstance)', (c) => c.channel('arn:aws:chime:us-east-1:123456789012:app-instance/other/channel/x'), 'INVALID_CHANNEL', /another AppInstance/],
    ['channel(a malformed ARN)', (c) => c.channel('arn:aws:chime:nope'), 'INVALID_CHANNEL', /channel ARN looks like/],
    ['channel(a huge ARN)', (c) => c.channel(`arn:${'x'.repeat(2000)}`), 'INVALID_CHANNEL', /at most 1600 characters/],
    ['subscribe(42)', (c) => c.channel('room').subscribe(42 as never), 'INVALID_ARGUMENT', /subscriber must be/],
  ])('%s throws a typed error naming the rule', (_what, call, code, names) => {
    attempts.sockets = attempts.fetches = 0;
    const c = client();
    let error: unknown;
    try {
      call(c);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code, message: expect.stringMatching(names) });
    expect([attempts.sockets, attempts.fetches]).toEqual([0, 0]);
  });

  it.each<Case>([
    ['publish("")', (c) => c.channel('room').publish(''), 'LIMIT_EXCEEDED', /at least 1 character/],
    ['publish(over 4 KB)', (c) => c.channel('room').publish('x'.repeat(4097)), 'LIMIT_EXCEEDED', /STANDARD messages are at most 4096 bytes/],
    ['publish(CONTROL over 30 bytes)', (c) => c.publish('room', ['x'.repeat(31)], { context: { type: 'CONTROL' } }), 'LIMIT_EXCEEDED', /CONTROL messages are at most 30 bytes/],
    ['publish(cyclic)', (c) => c.channel('room').publish(cyclic), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
    ['publish(BigInt)', (c) => c.channel('room').publish(1n), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
    ['publish(undefined)', (c) => c.channel('room').publish(undefined), 'INVALID_ARGUMENT', /event 0 is not JSON-serializable/],
    ['publish via socket', (c) => c.publish('room', ['x'], { via: 'socket' }), 'INVALID_ARGUMENT', /publishes over HTTP only/],
    ['presence.update', (c) => c.channel('room').presence!.update({ typing: true }), 'UNSUPPORTED', /presence is channel membership/],
  ])('%s rejects with a typed error, sending nothing', async (_what, call, code, names) => {
    attempts.sockets = attempts.fetches = 0;
    const c = client();
    const error = await Promise.resolve()
      .then(() => call(c))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(names) });
    expect([attempts.sockets, attempts.fetches]).toEqual([0, 0]);
    expect(c.status.getSnapshot().status).toBe('idle');
  });
});
