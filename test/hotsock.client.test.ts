import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnroutedEvent } from '@channelkit/transport';
import { HotsockError, HotsockHttpError, hotsockHttpApi } from '@channelkit/transport/hotsock';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { hotsockClient, OPEN_CHANNEL, serverPublish } from './_hotsock.js';

let e: RunningEmulator;
const closers: Array<{ close(): void }> = [];
beforeEach(async () => {
  e = await startEmulator({ port: 0 });
});
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await e.close();
});

function client(claims?: Record<string, unknown>) {
  const c = hotsockClient(e, claims ? { claims } : {});
  closers.push(c);
  return c;
}

describe('hotsock(config) against the emulator', () => {
  it('publishes over the socket (meta: event, uid) and over HTTP with eagerIdGeneration ids', async () => {
    const c = client({ uid: 'Jim', channels: { room: OPEN_CHANNEL } });
    const got: Array<{ data: unknown; meta: Record<string, unknown> }> = [];
    c.channel('room').subscribe((data, meta) => got.push({ data, meta: meta as Record<string, unknown> }));
    await waitFor(() => c.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
    expect(c.capabilities).toMatchObject({ publish: 'both', history: true, presence: true, storage: true });
    await c.channel('room').publish({ text: 'socket' });
    const http = await c.publish('room', [{ text: 'a' }, { text: 'b' }], { via: 'http', context: { event: 'chat', eagerIdGeneration: true } });
    expect(http.failed).toEqual([]);
    expect(http.successful.map((s) => s.id)).toEqual([expect.stringMatching(/^[0-9A-Z]{26}$/), expect.stringMatching(/^[0-9A-Z]{26}$/)]);
    await waitFor(() => got.length === 3, 'three (echo)');
    expect(got.map((g) => [g.data, g.meta.event, g.meta.uid])).toEqual([
      [{ text: 'socket' }, 'message', 'Jim'],
      [{ text: 'a' }, 'chat', 'Jim'],
      [{ text: 'b' }, 'chat', 'Jim'],
    ]);
  });

  it('validates before sending: channel rules, event names, 32 KiB data', async () => {
    const c = client();
    expect(() => c.channel('a,b')).toThrow(/must not contain ","/);
    expect(() => c.channel('a b')).toThrow(/whitespace/);
    expect(() => c.channel('x'.repeat(257))).toThrow(/at most 256/);
    await expect(c.publish('room', [{}], { context: { event: 'hotsock.x' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(c.publish('room', [{}], { context: { event: 'a*' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(c.publish('room', ['x'.repeat(33 * 1024)])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'dataBytes' } });
    expect(e.connections()).toEqual([]);
  });

  it('history: list pages oldest first, backward and forward', async () => {
    const c = client();
    c.channel('h').subscribe(() => {});
    await waitFor(() => c.channel('h').state.getSnapshot().status === 'subscribed', 'subscribed');
    for (let i = 0; i < 5; i++) await serverPublish(e, { channel: 'h', event: 'n', data: i, store: -1 });
    const latest = await c.channel('h').history!.list({ limit: 3 });
    expect(latest.items.map((i) => i.data)).toEqual([2, 3, 4]);
    expect(latest.hasMore).toBe(true);
    const older = await c.channel('h').history!.list({ before: latest.items[0]!.id });
    expect(older.items.map((i) => i.data)).toEqual([0, 1]);
    const forward = await c.channel('h').history!.list({ after: older.items[0]!.id, direction: 'forward' });
    expect(forward.items.map((i) => i.data)).toEqual([1, 2, 3, 4]);
  });

  it('storage facet: set, get, list; observations through onStorage', async () => {
    const c = client();
    const seen: unknown[] = [];
    c.hotsock.onStorage(({ key, data }) => seen.push([key, data]));
    c.channel('s').subscribe(() => {});
    await waitFor(() => c.channel('s').state.getSnapshot().status === 'subscribed', 'subscribed');
    await c.channel('s').storage!.set('topic', 'Launch');
    expect(await c.channel('s').storage!.get('topic')).toBe('Launch');
    expect(await c.channel('s').storage!.list()).toEqual({ topic: 'Launch' });
    await waitFor(() => seen.length === 1, 'observed');
    expect(seen).toEqual([['topic', 'Launch']]);
    // The facet's observe: one key of this channel.
    const topics: unknown[] = [];
    const stop = c.channel('s').storage!.observe!('topic', (v) => topics.push(v));
    await c.channel('s').storage!.set('other', 1);
    await c.channel('s').storage!.set('topic', 'Liftoff');
    await waitFor(() => topics.length === 1, 'observed through the facet');
    stop();
    await c.channel('s').storage!.set('topic', 'Landed');
    await waitFor(() => seen.length === 4, 'observed by onStorage');
    expect(topics).toEqual(['Liftoff']);
  });

  it('auto-subscribed channels reach onUnrouted; a refused subscribe is a typed HotsockError', async () => {
    const c = client({ uid: 'u', channels: { 'user.u': { autoSubscribe: true }, locked: { subscribe: false }, room: OPEN_CHANNEL } });
    const unrouted: UnroutedEvent[] = [];
    c.onUnrouted((ev) => unrouted.push(ev));
    const errors: unknown[] = [];
    c.channel('locked').subscribe({ onEvent: () => {}, onError: (err) => errors.push(err) });
    await waitFor(() => errors.length === 1, 'refused');
    expect(errors[0]).toBeInstanceOf(HotsockError);
    expect(errors[0]).toMatchObject({ code: 'SUBSCRIBE_FAILED', hotsockCode: 'SUBSCRIBE_PERMISSION_DENIED' });
    await serverPublish(e, { channel: 'user.u', event: 'notice', data: 'hi' });
    await waitFor(() => unrouted.some((u) => u.data === 'hi'), 'unrouted message');
    expect(unrouted[0]).toMatchObject({ channel: 'user.u', data: { autoSubscribed: true }, meta: { event: 'hotsock.subscribed' } });
  });

  it('the Client HTTP API client: typed answers and HotsockHttpError with status', async () => {
    const c = client({ uid: 'u', channels: { room: { subscribe: true } } });
    c.channel('room').subscribe(() => {});
    await waitFor(() => c.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
    const conn = e.hotsock.hub.conns.values().next().value!;
    const api = hotsockHttpApi({ httpApiUrl: e.endpoints.hotsock.httpApiUrl, credentials: () => ({ connectionId: conn.id, connectionSecret: conn.secret }) });
    expect(await api.listMessages({ channel: 'room' })).toEqual({ messages: [] });
    const denied = await api.publishMessage({ channel: 'room', event: 'x' }).catch((err: unknown) => err);
    expect(denied).toBeInstanceOf(HotsockHttpError);
    expect(denied).toMatchObject({ status: 403, code: 'AUTH_FAILED', hotsockCode: 'PUBLISH_PERMISSION_DENIED', operation: 'publishMessage' });
    const stale = hotsockHttpApi({ httpApiUrl: e.endpoints.hotsock.httpApiUrl, credentials: () => ({ connectionId: 'gone=', connectionSecret: 'x' }) });
    await expect(stale.getChannelInfo({ channel: 'room' })).rejects.toMatchObject({ status: 401 });
    await expect(hotsockHttpApi({ httpApiUrl: e.endpoints.hotsock.httpApiUrl, credentials: () => undefined }).listMessages({ channel: 'room' })).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
  });

  it('without historyStart a reconnect is a discontinuity, not a silent gap', async () => {
    const c = client({ uid: 'u', channels: { room: { subscribe: true } } });
    let discontinuities = 0;
    c.channel('room').subscribe({ onEvent: () => {}, onDiscontinuity: () => discontinuities++ });
    await waitFor(() => c.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
    e.faults.apply({ backend: 'hotsock', action: 'drop' });
    await waitFor(() => discontinuities === 1, 'discontinuity');
  });
});
