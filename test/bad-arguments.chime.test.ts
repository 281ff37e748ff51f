import { describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient } from '@channelkit/transport';
import {
  ChimeMessagingApi,
  chime,
  chimeChannelArn,
  chimeChannelDirectory,
  chimeCloseDecision,
  type ChimeConfig,
  createAppInstanceUser,
  messageData,
  parseChimeEnvelope,
} from '@channelkit/transport/chime';
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
    ['prefetch a string', { ...GOOD, prefetch: 'connect' }, /config.prefetch must be a boolean or \{ sortBy \} \(got string\)/],
    ['prefetch null', { ...GOOD, prefetch: null }, /config.prefetch must be a boolean or \{ sortBy \} \(got null\)/],
    ['prefetch sortBy "newest"', { ...GOOD, prefetch: { sortBy: 'newest' } }, /config.prefetch.sortBy must be 'unread' or 'last-message-timestamp'/],
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
    ['publish context a string', (c) => c.publish('room', ['x'], { context: 'CONTROL' }), 'INVALID_ARGUMENT', /context must be an object \(got string\)/],
    ['publish context null', (c) => c.publish('room', ['x'], { context: null }), 'INVALID_ARGUMENT', /context must be an object \(got null\)/],
    ['publish type "URGENT"', (c) => c.publish('room', ['x'], { context: { type: 'URGENT' } }), 'INVALID_ARGUMENT', /context.type must be 'STANDARD' or 'CONTROL'/],
    ['publish persistence true', (c) => c.publish('room', ['x'], { context: { persistence: true } }), 'INVALID_ARGUMENT', /context.persistence must be 'PERSISTENT' or 'NON_PERSISTENT'/],
    ['publish metadata an object', (c) => c.publish('room', ['x'], { context: { metadata: { a: 1 } } }), 'INVALID_ARGUMENT', /context.metadata must be a string \(got object\)/],
    [
      'publish metadata 1,025 characters',
      (c) => c.publish('room', ['x'], { context: { metadata: 'm'.repeat(1025) } }),
      'INVALID_ARGUMENT',
      /context.metadata must be at most 1024 characters \(got 1025\)/,
    ],
    ['publish CONTROL with metadata', (c) => c.publish('room', ['x'], { context: { type: 'CONTROL', metadata: 'm' } }), 'INVALID_ARGUMENT', /not allowed on CONTROL messages/],
    ['history.list(null)', (c) => c.channel('room').history!.list(null as never), 'INVALID_ARGUMENT', /options must be an object .*got null/],
    ['history.list("x")', (c) => c.channel('room').history!.list('x' as never), 'INVALID_ARGUMENT', /options must be an object .*got string/],
    ['history limit NaN', (c) => c.channel('room').history!.list({ limit: Number.NaN }), 'INVALID_ARGUMENT', /options.limit must be a positive integer of at most 50, .*got NaN/],
    ['history limit 51 (no silent clamp)', (c) => c.channel('room').history!.list({ limit: 51 }), 'INVALID_ARGUMENT', /options.limit must be a positive integer of at most 50/],
    ['history limit -1', (c) => c.channel('room').history!.list({ limit: -1 }), 'INVALID_ARGUMENT', /options.limit/],
    ['history before a number', (c) => c.channel('room').history!.list({ before: 5 as never }), 'INVALID_ARGUMENT', /options.before must be a Chime MessageId/],
    ['history after a Date', (c) => c.channel('room').history!.list({ after: new Date(Number.NaN) as never }), 'INVALID_ARGUMENT', /options.after must be a Chime MessageId .*got object/],
    ['history before with a slash', (c) => c.channel('room').history!.list({ before: 'a/b' }), 'INVALID_ARGUMENT', /options.before must be a Chime MessageId/],
    ['history direction "up"', (c) => c.channel('room').history!.list({ direction: 'up' as never }), 'INVALID_ARGUMENT', /options.direction must be 'forward' or 'backward'/],
    ['directory.markRead("has space")', (c) => c.directory!.markRead('has space', Date.now()), 'INVALID_CHANNEL', /channel id is 1..128 characters/],
    ['directory.markRead(42)', (c) => c.directory!.markRead(42 as never, Date.now()), 'INVALID_ARGUMENT', /channel must be a string/],
    [
      'directory.markRead(another AppInstance)',
      (c) => c.directory!.markRead('arn:aws:chime:us-east-1:123456789012:app-instance/other/channel/x', Date.now()),
      'INVALID_CHANNEL',
      /another AppInstance/,
    ],
    ['directory.markRead(room, NaN)', (c) => c.directory!.markRead('room', Number.NaN), 'INVALID_ARGUMENT', /at must be a time/],
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

describe('bad arguments to the low-level Chime API (backend.api)', () => {
  const ROOM = `${APP}/channel/room`;
  const api = () => chime(GOOD).api;
  it.each<[string, (a: ReturnType<typeof api>) => Promise<unknown>, RegExp]>([
    ['sendChannelMessage(42, …)', (a) => a.sendChannelMessage(42 as never, { Content: 'x' }), /channelArn must be a Chime channel ARN, .*got number/],
    ['sendChannelMessage(a bare id, …)', (a) => a.sendChannelMessage('room', { Content: 'x' }), /channelArn must be a Chime channel ARN, .*got another string/],
    ['sendChannelMessage(arn, null)', (a) => a.sendChannelMessage(ROOM, null as never), /message must be an object \(got null\)/],
    ['sendChannelMessage(arn, { Content: "" })', (a) => a.sendChannelMessage(ROOM, { Content: '' }), /message.Content must be a non-empty string/],
    ['sendChannelMessage Type "X"', (a) => a.sendChannelMessage(ROOM, { Content: 'x', Type: 'X' as never }), /message.Type must be 'STANDARD' or 'CONTROL'/],
    ['sendChannelMessage Metadata 1,025', (a) => a.sendChannelMessage(ROOM, { Content: 'x', Metadata: 'm'.repeat(1025) }), /message.Metadata must be at most 1024 characters/],
    ['sendChannelMessage ClientRequestToken "!"', (a) => a.sendChannelMessage(ROOM, { Content: 'x', ClientRequestToken: '!' }), /message.ClientRequestToken must be 2..64/],
    ['listChannelMessages(arn, null)', (a) => a.listChannelMessages(ROOM, null as never), /options must be an object/],
    ['listChannelMessages notBefore NaN', (a) => a.listChannelMessages(ROOM, { notBefore: Number.NaN }), /options.notBefore must be a time in epoch milliseconds \(got NaN\)/],
    ['listChannelMessages notAfter a Date', (a) => a.listChannelMessages(ROOM, { notAfter: new Date() as never }), /options.notAfter must be a time .*got object/],
    ['listChannelMessages notBefore beyond Date', (a) => a.listChannelMessages(ROOM, { notBefore: 1e20 }), /options.notBefore must be a time/],
    ['listChannelMessages maxResults 51', (a) => a.listChannelMessages(ROOM, { maxResults: 51 }), /options.maxResults must be an integer from 1 to 50 \(got 51\)/],
    ['listChannelMessages maxResults 0', (a) => a.listChannelMessages(ROOM, { maxResults: 0 }), /options.maxResults/],
    ['listChannelMessages sortOrder "asc"', (a) => a.listChannelMessages(ROOM, { sortOrder: 'asc' as never }), /options.sortOrder must be 'ASCENDING' or 'DESCENDING'/],
    ['listChannelMessages nextToken 3000 chars', (a) => a.listChannelMessages(ROOM, { nextToken: 't'.repeat(3000) }), /options.nextToken must be the NextToken/],
    ['getChannelMessage(arn, 5)', (a) => a.getChannelMessage(ROOM, 5 as never), /messageId must be a Chime MessageId/],
    ['getChannelMessage(arn, "../x")', (a) => a.getChannelMessage(ROOM, '../x'), /messageId must be a Chime MessageId/],
    ['updateChannelMessage(arn, id, null)', (a) => a.updateChannelMessage(ROOM, 'm1', null as never), /message must be an object/],
    ['redactChannelMessage(arn, "")', (a) => a.redactChannelMessage(ROOM, ''), /messageId must be a Chime MessageId/],
    ['deleteChannelMessage(null, id)', (a) => a.deleteChannelMessage(null as never, 'm1'), /channelArn must be a Chime channel ARN/],
    ['listChannelMemberships(arn, { maxResults: 1.5 })', (a) => a.listChannelMemberships(ROOM, { maxResults: 1.5 }), /options.maxResults must be an integer/],
    ['listChannelMembershipsForAppInstanceUser(null)', (a) => a.listChannelMembershipsForAppInstanceUser(null as never), /options must be an object/],
    [
      'listChannelMembershipsForAppInstanceUser a channel as user',
      (a) => a.listChannelMembershipsForAppInstanceUser({ appInstanceUserArn: ROOM }),
      /options.appInstanceUserArn must be an AppInstanceUser/,
    ],
    ['updateChannelReadMarker("")', (a) => a.updateChannelReadMarker(''), /channelArn must be a Chime channel ARN/],
    ['createChannel(null)', (a) => a.createChannel(null as never), /input must be an object/],
    ['createChannel Metadata 2,000', (a) => a.createChannel({ AppInstanceArn: APP, Name: 'n', Metadata: 'm'.repeat(2000) }), /input.Metadata must be at most 1024/],
    ['updateChannel(arn, 5)', (a) => a.updateChannel(ROOM, 5 as never), /input must be an object/],
    ['createChannelMembership(arn, 7)', (a) => a.createChannelMembership(ROOM, 7 as never), /memberArn must be an AppInstanceUser/],
    ['batchCreateChannelMembership(arn, [])', (a) => a.batchCreateChannelMembership(ROOM, []), /memberArns must be an array of 1..100/],
    ['deleteChannelMembership(arn, "ada")', (a) => a.deleteChannelMembership(ROOM, 'ada'), /memberArn must be an AppInstanceUser/],
  ])('%s rejects with INVALID_ARGUMENT, sending nothing', async (_what, call, names) => {
    attempts.sockets = attempts.fetches = 0;
    const error = await call(api()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(names) });
    expect([attempts.sockets, attempts.fetches]).toEqual([0, 0]);
  });
});

describe('bad arguments to the other public Chime functions', () => {
  const target = { endpoint: 'https://messaging-chime.us-east-1.amazonaws.com', region: 'us-east-1', credentials: async () => GOOD.credentials as never, fetch: recordingFetch };
  it.each<[string, () => unknown, RegExp]>([
    ['new ChimeMessagingApi(undefined, user)', () => new ChimeMessagingApi(undefined as never, `${APP}/user/ada`), /^target must be an object/],
    ['new ChimeMessagingApi({ endpoint: 5 }, user)', () => new ChimeMessagingApi({ ...target, endpoint: 5 } as never, `${APP}/user/ada`), /^target.endpoint must be an https:\/\/ URL/],
    ['new ChimeMessagingApi(target without fetch, user)', () => new ChimeMessagingApi({ ...target, fetch: undefined } as never, `${APP}/user/ada`), /^target.fetch must be a function/],
    ['new ChimeMessagingApi(target, 5)', () => new ChimeMessagingApi(target as never, 5 as never), /^bearer must be an AppInstanceUser/],
    ['createAppInstanceUser(null, …)', () => createAppInstanceUser(null as never, { AppInstanceArn: APP, AppInstanceUserId: 'a', Name: 'a' }), /^target must be an object/],
    ['createAppInstanceUser(target, null)', () => createAppInstanceUser(target as never, null as never), /^input must be an object/],
    ['createAppInstanceUser(target, a bad id)', () => createAppInstanceUser(target as never, { AppInstanceArn: APP, AppInstanceUserId: 'a b', Name: 'a' }), /^input.AppInstanceUserId must be 1..64/],
    ['chimeChannelArn("room", undefined)', () => chimeChannelArn('room', undefined as never), /^appInstanceArn must be arn:aws:chime/],
    ['chimeChannelDirectory(null)', () => chimeChannelDirectory(null as never), /^channels must be a ChimeChannelList/],
    ['chimeCloseDecision(null)', () => chimeCloseDecision(null as never), /^info must be a CloseInfo/],
    ['messageData(null)', () => messageData(null as never), /^message must be a Chime message object/],
    ['parseChimeEnvelope(5)', () => parseChimeEnvelope(5 as never), /^raw must be a string, ArrayBuffer or Uint8Array/],
  ])('%s is INVALID_ARGUMENT naming the argument, sending nothing', async (_what, call, names) => {
    attempts.fetches = 0;
    const error = await Promise.resolve()
      .then(call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelKitError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(names) });
    expect(attempts.fetches).toBe(0);
  });
});
