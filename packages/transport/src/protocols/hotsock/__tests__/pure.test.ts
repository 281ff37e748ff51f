import { describe, expect, it } from 'vitest';
import { historyStartOf, keyMatches, readClaims, ulidFloor, ulidTime } from '../claims.js';
import { decodeHotsockFrame, type WireBook } from '../codec.js';
import type { HotsockHttpApi, HotsockMessage } from '../hotsockHttpApi.js';
import { hotsockChannel, hotsockEventName } from '../limits.js';
import { recoverMissed } from '../recover.js';

const book = (): WireBook => ({
  subscriptions: new Map([
    ['room', 's1'],
    ['presence.x', 's2'],
  ]),
  aliases: new Map(),
  storage: () => {},
});

describe('hotsock codec', () => {
  it('maps connected, subscribed (with members), member events, errors, messages and liveness frames', () => {
    const b = book();
    expect(
      decodeHotsockFrame('{"event":"hotsock.connected","data":{"connectionId":"a=","connectionExpiresAt":"2030-01-01T00:00:00Z","connectionSecret":"s"},"meta":{"uid":"u","umd":null}}', b),
    ).toEqual({
      type: 'connected',
      session: { connectionId: 'a=', secret: 's', expiresAt: Date.parse('2030-01-01T00:00:00Z'), uid: 'u', umd: null },
    });
    expect(b.subscriptions.size).toBe(0); // a new connection: no subscriptions yet
    b.subscriptions.set('presence.x', 's2');
    expect(decodeHotsockFrame('{"event":"hotsock.subscribed","channel":"presence.x","data":{"members":[{"uid":"a","umd":1}]},"meta":{}}', b)).toEqual([
      { type: 'subscribed', subscriptionId: 's2', channel: 'presence.x', data: { members: [{ uid: 'a', umd: 1 }] } },
      { type: 'presence', channel: 'presence.x', action: 'sync', members: [{ id: 'a', data: 1 }] },
    ]);
    expect(decodeHotsockFrame('{"event":"hotsock.memberRemoved","channel":"presence.x","data":{"member":{"uid":"a"},"members":[]}}', b)).toEqual({
      type: 'presence',
      channel: 'presence.x',
      action: 'sync',
      members: [],
    });
    expect(decodeHotsockFrame('{"event":"hotsock.error","channel":"presence.x","error":{"code":"ALREADY_SUBSCRIBED"}}', b)).toEqual({
      type: 'subscribed',
      subscriptionId: 's2',
      channel: 'presence.x',
    });
    expect(decodeHotsockFrame('{"event":"hotsock.error","channel":"presence.x","error":{"code":"SUBSCRIBE_PERMISSION_DENIED"}}', b)).toMatchObject({
      type: 'subscribe_failed',
      error: { code: 'SUBSCRIBE_FAILED', hotsockCode: 'SUBSCRIBE_PERMISSION_DENIED' },
    });
    expect(decodeHotsockFrame('{"event":"hotsock.error","error":{"code":"THROTTLED"}}', b)).toMatchObject({ type: 'error', error: { code: 'THROTTLED' } });
    expect(decodeHotsockFrame('{"id":"01J663WM0781SKS3FDWVV0G884","event":"chat","channel":"room","data":"hi","meta":{"uid":"Jim","umd":null}}', b)).toEqual({
      type: 'event',
      channel: 'room',
      id: '01J663WM0781SKS3FDWVV0G884',
      data: 'hi',
      meta: { event: 'chat', uid: 'Jim', umd: null, sender: { id: 'Jim' } },
    });
    // The sender is what the server stamped in meta (the token's uid, umd.name), never data's claim.
    expect(decodeHotsockFrame('{"id":"01J663WM0781SKS3FDWVV0G885","event":"chat","channel":"room","data":{"user":"Bob","name":"Bob"},"meta":{"uid":"Jim","umd":{"name":"Jim J"}}}', b)).toMatchObject({
      meta: { uid: 'Jim', sender: { id: 'Jim', name: 'Jim J' } },
    });
    expect(decodeHotsockFrame('{"id":"01J663WM0781SKS3FDWVV0G886","event":"chat","channel":"room","data":{"user":"Bob"},"meta":{"uid":null}}', b)).not.toHaveProperty('meta.sender');
    expect(decodeHotsockFrame('{"event":"hotsock.pong","data":"{}"}', b)).toEqual({ type: 'pong' });
    expect(decodeHotsockFrame('{"event":"hotsock.keepAlive","data":{}}', b)).toEqual({ type: 'keepalive' });
    expect(() => decodeHotsockFrame('[1]', b)).toThrow(/not a JSON object/);
    expect(() => decodeHotsockFrame('{"event":1}', b)).toThrow(/no event name/);
  });

  it('maps alias subscriptions back to the name the client used', () => {
    const b: WireBook = { subscriptions: new Map([['me', 's1']]), aliases: new Map(), storage: () => {} };
    expect(decodeHotsockFrame('{"event":"hotsock.subscribed","channel":"user.1","data":{},"meta":{"channelAlias":"me"}}', b)).toEqual([
      { type: 'subscribed', subscriptionId: 's1', channel: 'me', data: {} },
    ]);
    expect(decodeHotsockFrame('{"id":"x","event":"e","channel":"user.1","data":1}', b)).toMatchObject({ type: 'event', channel: 'me' });
  });
});

describe('hotsock claims and names', () => {
  it('matches exact, wildcard and regex keys and finds the earliest historyStart', () => {
    expect(keyMatches('a.*', 'a.b.c')).toBe(true);
    expect(keyMatches('#regex:^org\\.[0-9]+$', 'org.12')).toBe(true);
    expect(keyMatches('#regex:(', 'x')).toBe(false);
    expect(historyStartOf({ channels: { 'a.*': { historyStart: 100 }, 'a.b': { historyStart: 50 }, c: {} } }, 'a.b')).toBe(50);
    expect(historyStartOf({ channels: { c: {} } }, 'c')).toBeUndefined();
    expect(readClaims(`x.${btoa(JSON.stringify({ scope: 'connect' })).replace(/=+$/, '')}.y`)).toEqual({ scope: 'connect' });
    expect(readClaims('opaque')).toBeUndefined();
    expect(ulidTime(ulidFloor(1_700_000_000_123))).toBe(1_700_000_000_123);
  });

  it('validates names by the documented rules', () => {
    expect(hotsockChannel('presence.room-1')).toBe('presence.room-1');
    expect(() => hotsockChannel('a\tb')).toThrow(/whitespace/);
    expect(() => hotsockEventName('#x')).toThrow(/must not start with "#"/);
    expect(hotsockEventName('a#b')).toBe('a#b');
  });
});

describe('hotsock recovery', () => {
  const page = (ids: string[]): HotsockMessage[] => ids.map((id) => ({ id, event: 'e', channel: 'c', data: id }));
  const api = (pages: HotsockMessage[][]) => ({ listMessages: async () => ({ messages: pages.shift() ?? [] }) }) as unknown as HotsockHttpApi;
  const withHistory = [{ channels: { c: { historyStart: 0 } } }];

  it('pages until a short page and skips ids at or before the cursor', async () => {
    const first = Array.from({ length: 100 }, (_, i) => `01H0000000000000000000${String(i).padStart(4, '0')}`);
    const result = await recoverMissed({ channel: 'c', lastEventId: '01H00000000000000000000000', since: 0, api: api([page(first), page(['01H0000000000000000000ZZZZ'])]), claims: withHistory });
    expect(result.complete).toBe(true);
    expect(result.events).toHaveLength(100);
  });

  it('is incomplete without historyStart, with a historyStart after the gap, or without the HTTP API', async () => {
    expect(await recoverMissed({ channel: 'c', lastEventId: undefined, since: 1000, api: api([]), claims: [{ channels: { c: {} } }] })).toEqual({ events: [], complete: false });
    expect(await recoverMissed({ channel: 'c', lastEventId: undefined, since: 1000, api: api([]), claims: [{ channels: { c: { historyStart: 5 } } }] })).toEqual({ events: [], complete: false });
    expect(await recoverMissed({ channel: 'c', lastEventId: undefined, since: 1000, api: undefined, claims: withHistory })).toEqual({ events: [], complete: false });
  });
});
