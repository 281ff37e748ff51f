import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest, rawExchange, statusOf, upgradeRequest } from '../../core/__tests__/_wire.js';
import type { RunningEmulator } from '../../startEmulator.js';
import { connect, mint, type Peer, refusedWith, start } from './_hotsock.js';

// Issue 18, Hotsock: what the installation refuses (and what it must not turn into a 500),
// over real sockets and HTTP.

let e: RunningEmulator;
beforeEach(async () => {
  e = await start();
});
afterEach(() => e.close());

const port = () => Number(new URL(e.endpoints.hotsock.httpApiUrl).port);

/**
 * JSON text of `n`-deep nested arrays around a string: small in bytes, past JSON.stringify's
 * call stack (so the test builds frames as text: its own JSON.stringify would overflow too).
 */
const deepArray = (n: number): string => `${'['.repeat(n)}"core"${']'.repeat(n)}`;
const frame = (fields: string, data: string) => `{${fields},"data":${data}}`;
const depthOf = (v: unknown): number => {
  let d = 0;
  while (Array.isArray(v)) {
    v = v[0];
    d++;
  }
  return d;
};

async function subscribed(p: Peer, channel: string): Promise<void> {
  p.send({ event: 'hotsock.subscribe', channel });
  await p.next('hotsock.subscribed');
}

describe('Hotsock: publishMessage over HTTP needs a subscription, whatever the grant (seed 002)', () => {
  it.each([
    ['publish', { publish: true }],
    ['broadcast', { broadcast: true }],
    ['publish and broadcast', { publish: true, broadcast: true }],
  ])('a %s grant without a subscription: 403, nothing delivered; once subscribed: 202', async (_name, directive) => {
    const listener = await connect(e, { channels: { room: { subscribe: true } } });
    await subscribed(listener, 'room');
    const p = await connect(e, { channels: { room: { subscribe: true, messages: { chat: directive } } } });
    const refused = await p.http('publishMessage', { channel: 'room', event: 'chat', data: 'sneaky' });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'PUBLISH_PERMISSION_DENIED', message: expect.stringContaining('subscribed') } } });
    await subscribed(p, 'room');
    expect((await p.http('publishMessage', { channel: 'room', event: 'chat', data: 'fair' })).status).toBe(202);
    expect((await listener.next('chat')).data).toBe('fair');
    expect(listener.frames.filter((f) => f.data === 'sneaky')).toEqual([]);
  });

  it('the WebSocket keeps the documented broadcast rule: no subscription needed there', async () => {
    const listener = await connect(e, { channels: { room: { subscribe: true } } });
    await subscribed(listener, 'room');
    const p = await connect(e, { channels: { room: { messages: { chat: { broadcast: true } } } } });
    p.send({ event: 'chat', channel: 'room', data: 'cast' });
    expect((await listener.next('chat')).data).toBe('cast');
  });
});

describe('Hotsock: deeply nested data within 32 KiB is accepted and delivered intact', () => {
  const grants = { channels: { room: { subscribe: true, historyStart: 0, messages: { '*': { publish: true, store: 60 } }, storage: { '*': { get: true, set: true, observe: true } } } } };

  it('over HTTP publishMessage, 12 000 levels: 202, delivered, in history (never a 500 or INTERNAL_ERROR)', async () => {
    const listener = await connect(e, grants);
    await subscribed(listener, 'room');
    const p = await connect(e, grants);
    await subscribed(p, 'room');
    const res = await p.http('publishMessage', frame('"channel":"room","event":"chat"', deepArray(12_000)));
    expect(res.status).toBe(202);
    expect(depthOf((await listener.next('chat', 10_000)).data)).toBe(12_000);
    const history = await p.http('listMessages', { channel: 'room' });
    expect(history.status).toBe(200);
    expect(depthOf(history.body.messages[0].data)).toBe(12_000);
  });

  it('over the WebSocket, 12 000 levels: delivered; storage too; the socket stays usable', async () => {
    const listener = await connect(e, grants);
    await subscribed(listener, 'room');
    const p = await connect(e, grants);
    await subscribed(p, 'room');
    p.send(frame('"event":"chat","channel":"room"', deepArray(12_000)));
    expect(depthOf((await listener.next('chat', 10_000)).data)).toBe(12_000);
    p.send(frame('"event":"hotsock.channelStorageSet","channel":"room","key":"deep"', deepArray(12_000)));
    expect(depthOf((await listener.next('hotsock.channelStorageUpdated', 10_000)).data)).toBe(12_000);
    const stored = await p.http('channelStorageGet', { channel: 'room', key: 'deep' });
    expect(depthOf(stored.body.data)).toBe(12_000);
    expect(p.frames.filter((f) => f.event === 'hotsock.error')).toEqual([]);
    p.send({ event: 'hotsock.ping' });
    await p.next('hotsock.pong');
  });

  it('deep data over 32 KiB is refused with DATA_TOO_LARGE (413), the documented limit', async () => {
    const p = await connect(e, grants);
    await subscribed(p, 'room');
    const res = await p.http('publishMessage', frame('"channel":"room","event":"chat"', deepArray(17_000)));
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'DATA_TOO_LARGE' } } });
  });
});

describe('Hotsock: malformed percent-encoding in a path is 400', () => {
  it.each(['/channels/%zz', '/channels/%E0%A4%A/storage', '/connection/publish%zzMessage', '/%', '/publish%'])('%s', async (path) => {
    const res = await httpRequest(e.endpoints.hotsock.httpApiUrl, {
      method: path.startsWith('/channels') ? 'GET' : 'POST',
      path,
      headers: { authorization: `Bearer ${e.endpoints.hotsock.apiKey}` },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('an upgrade to /v1%zz is refused 400 and the server serves on', async () => {
    const answer = await rawExchange(port(), upgradeRequest(port(), `/v1%zz?token=${mint(e, { scope: 'connect' })}`));
    expect(statusOf(answer)).toBe(400);
    const p = await connect(e);
    p.send({ event: 'hotsock.ping' });
    await p.next('hotsock.pong');
  });
});

describe('Hotsock: a token whose signature carries trailing junk is refused', () => {
  it.each(['A', '=', '!!', '.x', '%3D'])('connect token + %j: 401 at the upgrade', async (junk) => {
    const token = mint(e, { scope: 'connect' });
    expect(await refusedWith(`${e.endpoints.hotsock.webSocketUrl}?token=${token}${junk}`)).toBe(401);
  });

  it('a subscribe token + "A": INVALID_SUBSCRIBE_TOKEN; the clean one works', async () => {
    const p = await connect(e, { uid: 'ann' });
    const token = mint(e, { scope: 'subscribe', uid: 'ann', channels: { locked: { subscribe: true } } });
    p.send({ event: 'hotsock.subscribe', channel: 'locked', data: { token: `${token}A` } });
    expect((await p.next('hotsock.error')).error?.code).toBe('INVALID_SUBSCRIBE_TOKEN');
    p.send({ event: 'hotsock.subscribe', channel: 'locked', data: { token } });
    expect((await p.next('hotsock.subscribed')).channel).toBe('locked');
  });
});

describe('Hotsock: auth attacks on the upgrade, the subscribe and the HTTP APIs are refused', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  it.each<[string, () => string]>([
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scope: 'connect', exp: Math.floor(Date.now() / 1000) + 60 })}.`],
    [
      'a payload swapped under a valid signature',
      () => {
        const [h, , s] = mint(e, { scope: 'connect', uid: 'ann' }).split('.');
        return `${h}.${b64({ scope: 'connect', uid: 'admin', exp: Math.floor(Date.now() / 1000) + 60 })}.${s}`;
      },
    ],
    [
      'the header claiming HS512 over an HS256 signature',
      () => {
        const [, p, s] = mint(e, { scope: 'connect' }).split('.');
        return `${b64({ alg: 'HS512', typ: 'JWT' })}.${p}.${s}`;
      },
    ],
    [
      'typ other than JWT',
      () => {
        const [, p, s] = mint(e, { scope: 'connect' }).split('.');
        return `${b64({ alg: 'HS256', typ: 'at+jwt' })}.${p}.${s}`;
      },
    ],
    ['the signature of another token', () => `${mint(e, { scope: 'connect', uid: 'a' }).split('.').slice(0, 2).join('.')}.${mint(e, { scope: 'connect', uid: 'b' }).split('.')[2]}`],
  ])('connect token: %s → 401', async (_name, token) => {
    expect(await refusedWith(`${e.endpoints.hotsock.webSocketUrl}?token=${token()}`)).toBe(401);
  });

  it.each<[string, (victim: Peer) => Record<string, unknown>]>([
    ['bound to another connection', (victim) => ({ scope: 'subscribe', connectionId: victim.connected.data.connectionId, channels: { locked: { subscribe: true } } })],
    ['for another uid', () => ({ scope: 'subscribe', uid: 'bob', channels: { locked: { subscribe: true } } })],
    ['with connect scope only', () => ({ scope: 'connect', uid: 'ann', channels: { locked: { subscribe: true } } })],
  ])('subscribe token %s → INVALID_SUBSCRIBE_TOKEN, nothing subscribed', async (_name, claims) => {
    const victim = await connect(e, { uid: 'bob' });
    const p = await connect(e, { uid: 'ann' });
    p.send({ event: 'hotsock.subscribe', channel: 'locked', data: { token: mint(e, claims(victim)) } });
    expect((await p.next('hotsock.error')).error?.code).toBe('INVALID_SUBSCRIBE_TOKEN');
    expect(e.connections().find((c) => c.connectionId === p.connected.data.connectionId)?.channels).toEqual([]);
  });

  it.each<[string, (mine: Peer, other: Peer) => string]>([
    ["my id with another connection's secret", (mine, other) => `connectionId=${enc(mine.connected.data.connectionId)}&connectionSecret=${other.connected.data.connectionSecret}`],
    ["another connection's id with my secret", (mine, other) => `connectionId=${enc(other.connected.data.connectionId)}&connectionSecret=${mine.connected.data.connectionSecret}`],
    ['my secret in another case', (mine) => `connectionId=${enc(mine.connected.data.connectionId)}&connectionSecret=${swapCase(mine.connected.data.connectionSecret)}`],
    ['my secret plus a character', (mine) => `connectionId=${enc(mine.connected.data.connectionId)}&connectionSecret=${mine.connected.data.connectionSecret}x`],
    [
      'a wrong secret before mine (the first one counts)',
      (mine) => `connectionId=${enc(mine.connected.data.connectionId)}&connectionSecret=x&connectionSecret=${mine.connected.data.connectionSecret}`,
    ],
    ['no secret', (mine) => `connectionId=${enc(mine.connected.data.connectionId)}`],
  ])('Client HTTP API with %s → 401, nothing published', async (_name, query) => {
    const grants = { channels: { room: { subscribe: true, messages: { '*': { publish: true } } } } };
    const mine = await connect(e, grants);
    const other = await connect(e, grants);
    await subscribed(other, 'room');
    const res = await fetch(`${e.endpoints.hotsock.httpApiUrl}connection/publishMessage?${query(mine, other)}`, { method: 'POST', body: '{"channel":"room","event":"chat","data":"forged"}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(other.frames.filter((f) => f.event === 'chat')).toEqual([]);
  });

  it.each<[string, () => Record<string, string>]>([
    ['no Authorization', () => ({})],
    ['a wrong key', () => ({ authorization: 'Bearer not-the-key' })],
    ['the key plus a character', () => ({ authorization: `Bearer ${e.endpoints.hotsock.apiKey}x` })],
    ['the key as Basic', () => ({ authorization: `Basic ${e.endpoints.hotsock.apiKey}` })],
    ['the issuer secret as the key', () => ({ authorization: `Bearer ${(e.endpoints.hotsock.issuer as { secret: string }).secret}` })],
  ])('server APIs with %s → 401', async (_name, headers) => {
    const publish = await fetch(e.endpoints.hotsock.publishUrl, { method: 'POST', headers: headers(), body: '{"channel":"room","event":"x","data":1}' });
    expect(publish.status).toBe(401);
    const info = await fetch(`${e.endpoints.hotsock.httpApiUrl}channels/room`, { headers: headers() });
    expect(info.status).toBe(401);
    const text = `${await publish.text()} ${await info.text()}`;
    expect(text).not.toContain(e.endpoints.hotsock.apiKey);
  });
});

const enc = encodeURIComponent;
const swapCase = (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
