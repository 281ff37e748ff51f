import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../startEmulator.js';
import { connect, type Peer, sleep, start } from './_hotsock.js';

let e: RunningEmulator;
beforeEach(async () => {
  e = await start();
});
afterEach(() => e.close());

const grants = {
  uid: 'Jim',
  channels: {
    room: { subscribe: true, messages: { chat: { publish: true, store: -1 } }, storage: { '*': { get: true, set: true, observe: true } } },
    old: { subscribe: true, historyStart: 0 },
    'presence.chat': { subscribe: true, getInfo: true },
  },
};

async function subscribed(p: Peer, channel: string) {
  p.send({ event: 'hotsock.subscribe', channel });
  await p.next('hotsock.subscribed');
}

const server = (body: unknown, key = e.endpoints.hotsock.apiKey) => fetch(e.endpoints.hotsock.publishUrl, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(body) });

describe('Hotsock emulator: Client HTTP API', () => {
  it('authenticates with the URL-encoded connectionId and secret (case-insensitive escapes); 401 otherwise', async () => {
    const p = await connect(e, grants);
    const { connectionId, connectionSecret } = p.connected.data;
    const base = `${e.endpoints.hotsock.httpApiUrl}connection/getChannelInfo`;
    const lower = `${base}?connectionId=${encodeURIComponent(connectionId).replace('%3D', '%3d')}&connectionSecret=${connectionSecret}`;
    expect((await fetch(lower, { method: 'POST', body: '{"channel":"presence.chat"}' })).status).toBe(200);
    expect((await fetch(`${base}?connectionId=${encodeURIComponent(connectionId)}&connectionSecret=wrong`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${base}?connectionId=nope%3D&connectionSecret=${connectionSecret}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(lower, { method: 'GET' })).status).toBe(405);
    p.ws.close();
  });

  it('CORS: preflights answered for any origin; answers readable by browsers (the Client HTTP API is called from pages)', async () => {
    const p = await connect(e, grants);
    const { connectionId, connectionSecret } = p.connected.data;
    const url = `${e.endpoints.hotsock.httpApiUrl}connection/getChannelInfo?connectionId=${encodeURIComponent(connectionId)}&connectionSecret=${connectionSecret}`;
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:6006', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"channel":"presence.chat"}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    p.ws.close();
  });

  it('publishMessage: 202 with id only under eagerIdGeneration; 403 unsubscribed; 400 bad names; 413 data over 32 KiB', async () => {
    const p = await connect(e, grants);
    expect((await p.http('publishMessage', { channel: 'room', event: 'chat', data: 'x' })).status).toBe(403);
    await subscribed(p, 'room');
    expect(await p.http('publishMessage', { channel: 'room', event: 'chat', data: 'x' })).toEqual({ status: 202, body: { channel: 'room', event: 'chat' } });
    const eager = await p.http('publishMessage', { channel: 'room', event: 'chat', data: 'y', eagerIdGeneration: true });
    expect(eager.body.id).toMatch(/^[0-9A-Z]{26}$/);
    expect((await p.http('publishMessage', { channel: 'room', event: 'hotsock.x' })).status).toBe(400);
    expect((await p.http('publishMessage', { channel: 'a,b', event: 'chat' })).status).toBe(400);
    expect((await p.http('publishMessage', { channel: 'room', event: 'c'.repeat(129) })).status).toBe(400);
    expect((await p.http('publishMessage', { channel: 'r'.repeat(257), event: 'chat' })).status).toBe(400);
    const big = await p.http('publishMessage', { channel: 'room', event: 'chat', data: 'd'.repeat(33 * 1024) });
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'DATA_TOO_LARGE' } } });
    expect((await p.http('publishMessage', 'not json')).status).toBe(400);
    expect((await p.http('nope', {})).status).toBe(404);
    p.ws.close();
  });

  it('listMessages: the subscription window by default, historyStart beyond it, after/before/reverse paging over ULIDs', async () => {
    for (let i = 0; i < 3; i++) expect((await server({ channel: 'old', event: 'e', data: i, store: -1 })).status).toBe(202);
    await server({ channel: 'room', event: 'e', data: 'before', store: -1 });
    await sleep(5);
    const p = await connect(e, grants);
    expect((await p.http('listMessages', { channel: 'room' })).status).toBe(403);
    await subscribed(p, 'room');
    await sleep(5);
    expect((await p.http('listMessages', { channel: 'room' })).body.messages).toEqual([]); // published before the subscription
    const all = (await p.http('listMessages', { channel: 'old' })).body.messages as Array<{ id: string; data: number; meta: unknown }>;
    expect(all.map((m) => m.data)).toEqual([0, 1, 2]);
    expect(all[0]!.meta).toEqual({ uid: null, umd: null });
    expect((await p.http('listMessages', { channel: 'old', after: all[0]!.id })).body.messages.map((m: { data: number }) => m.data)).toEqual([1, 2]);
    expect((await p.http('listMessages', { channel: 'old', reverse: true })).body.messages.map((m: { data: number }) => m.data)).toEqual([2, 1, 0]);
    expect((await p.http('listMessages', { channel: 'old', reverse: true, before: all[2]!.id })).body.messages.map((m: { data: number }) => m.data)).toEqual([1, 0]);
    for (let i = 0; i < 120; i++) await server({ channel: 'old', event: 'e', data: i, store: -1 });
    expect((await p.http('listMessages', { channel: 'old' })).body.messages).toHaveLength(100);
    p.ws.close();
  });

  it('channelStorageGet/Set/List with per-key permissions', async () => {
    const p = await connect(e, { ...grants, channels: { ...grants.channels, room: { storage: { 'pub.*': { get: true, set: true }, hidden: { set: true } } } } });
    expect(await p.http('channelStorageSet', { channel: 'room', key: 'pub.a', data: { theme: 'dark' } })).toEqual({ status: 202, body: { channel: 'room', event: 'hotsock.channelStorageSet' } });
    await p.http('channelStorageSet', { channel: 'room', key: 'hidden', data: 1 });
    expect((await p.http('channelStorageGet', { channel: 'room', key: 'pub.a' })).body).toEqual({
      event: 'hotsock.channelStorageData',
      channel: 'room',
      key: 'pub.a',
      data: { theme: 'dark' },
      meta: { uid: 'Jim', umd: null },
    });
    expect((await p.http('channelStorageGet', { channel: 'room', key: 'pub.none' })).body).toMatchObject({ data: null, meta: null });
    expect((await p.http('channelStorageGet', { channel: 'room', key: 'hidden' })).status).toBe(403);
    expect((await p.http('channelStorageSet', { channel: 'room', key: 'other', data: 1 })).status).toBe(403);
    expect((await p.http('channelStorageSet', { channel: 'room', key: 'bad key', data: 1 })).status).toBe(400);
    expect((await p.http('channelStorageList', { channel: 'room' })).body.items.map((i: { key: string }) => i.key)).toEqual(['pub.a']);
    expect((await p.http('channelStorageList', { channel: 'room', keys: new Array(101).fill('k') })).status).toBe(400);
    p.ws.close();
  });

  it('getChannelInfo needs getInfo; presence channels list members; umdUpdate updates the connection or a subscription', async () => {
    const p = await connect(e, grants);
    await subscribed(p, 'presence.chat');
    expect(await p.http('getChannelInfo', { channel: 'presence.chat' })).toEqual({ status: 200, body: { channel: 'presence.chat', subscriptionsCount: 1, members: [{ uid: 'Jim', umd: null }] } });
    expect((await p.http('getChannelInfo', { channel: 'room' })).status).toBe(403);
    const { mint } = await import('./_hotsock.js');
    const token = mint(e, { scope: 'umd', uid: 'Jim', umd: { away: true }, umdUpdate: true, umdPropagate: true });
    expect(await p.http('umdUpdate', { token })).toEqual({ status: 200, body: {} });
    expect((await p.next('hotsock.memberUpdated')).data.member).toEqual({ uid: 'Jim', umd: { away: true } });
    expect((await p.http('umdUpdate', { token: mint(e, { scope: 'umd', uid: 'Pam', umdUpdate: true }) })).status).toBe(403);
    p.ws.close();
  });
});

describe('Hotsock emulator: server APIs', () => {
  it('POST /publish needs the Bearer key (202), delivers without meta and stores; channelStorageSet by key; GET /channels', async () => {
    const p = await connect(e, grants);
    await subscribed(p, 'room');
    expect((await server({ channel: 'room', event: 'x' }, 'wrong-key-wrong-key')).status).toBe(401);
    expect((await server({ channel: 'room', event: 'welcome', data: 'hi' })).status).toBe(202);
    expect(await p.next('welcome')).toEqual({ id: expect.any(String), event: 'welcome', channel: 'room', data: 'hi' });
    expect((await server({ channel: 'room', event: 'hotsock.channelStorageSet', key: 'k', data: 1 })).status).toBe(202);
    expect(await p.next('hotsock.channelStorageUpdated')).toMatchObject({ key: 'k', data: 1, meta: { uid: null, umd: null } });
    const auth = { authorization: `Bearer ${e.endpoints.hotsock.apiKey}` };
    const url = e.endpoints.hotsock.httpApiUrl;
    expect(await (await fetch(`${url}channels/room`, { headers: auth })).json()).toEqual({ name: 'room', subscriptionsCount: 1 });
    expect(await (await fetch(`${url}channels/presence.none`, { headers: auth })).json()).toEqual({ name: 'presence.none', subscriptionsCount: 0, members: [] });
    expect((await (await fetch(`${url}channels/room/storage?keys=k`, { headers: auth })).json()).items).toEqual([{ key: 'k', data: 1, meta: { uid: null, umd: null } }]);
    expect((await fetch(`${url}channels/room`)).status).toBe(401);
    p.ws.close();
  });
});
