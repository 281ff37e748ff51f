import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../startEmulator.js';
import { connect, mint, refusedWith, start } from './_hotsock.js';

let e: RunningEmulator;
beforeEach(async () => {
  e = await start();
});
afterEach(() => e.close());

const open = { subscribe: true, messages: { '*': { publish: true, echo: true, store: -1 } } };

describe('Hotsock emulator: connecting', () => {
  it('sends the full v1.3+ hotsock.connected first: 16-character id ending in =, 20-character secret, RFC3339 expiry, meta uid/umd', async () => {
    const p = await connect(e, { uid: 'Jim', umd: { role: 'sales' } });
    const { data, meta } = p.connected;
    expect(data.connectionId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(data.connectionSecret).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(data.connectionExpiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(data.connectionExpiresAt) - Date.now()).toBeGreaterThan(7000_000);
    expect(meta).toEqual({ uid: 'Jim', umd: { role: 'sales' } });
    p.ws.close();
  });

  it('refuses bad connect tokens at the upgrade (401 invalid, 403 not allowed) and never opens the socket', async () => {
    const url = e.endpoints.hotsock.webSocketUrl;
    const now = Math.floor(Date.now() / 1000);
    expect(await refusedWith(url)).toBe(401);
    expect(await refusedWith(`${url}?token=not.a.jwt`)).toBe(401);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect' }, 'wrong-secret')}`)).toBe(401);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect', exp: now })}`)).toBe(401); // at exp: refused, no leeway
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect', exp: undefined })}`)).toBe(401);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect', nbf: now + 60 })}`)).toBe(401);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'subscribe' })}`)).toBe(403);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect', connectionId: 'x=' })}`)).toBe(403);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect', channels: { '#regex:(': { subscribe: true } } })}`)).toBe(401);
    const single = mint(e, { scope: 'connect', singleUse: true, jti: 'once' });
    (await connect(e, {}, single)).ws.close();
    expect(await refusedWith(`${url}?token=${single}`)).toBe(403);
    expect(await refusedWith(`${url}?token=${mint(e, { scope: 'connect', singleUse: true })}`)).toBe(403);
  });

  it('requires aud and iss when the installation sets them (403 otherwise)', async () => {
    const strict = await start({ audience: 'my-app', tokenIssuer: 'my-server' });
    try {
      const url = strict.endpoints.hotsock.webSocketUrl;
      (await connect(strict, { aud: ['other', 'my-app'], iss: 'my-server' })).ws.close();
      expect(await refusedWith(`${url}?token=${mint(strict, { scope: 'connect', aud: 'other', iss: 'my-server' })}`)).toBe(403);
      expect(await refusedWith(`${url}?token=${mint(strict, { scope: 'connect', aud: 'my-app' })}`)).toBe(403);
    } finally {
      await strict.close();
    }
  });

  it('accepts ES256 keys from the configured key list, matching kid', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const es = await start({ keys: [{ alg: 'ES256', publicKeyPem, kid: 'slot2' }] });
    try {
      const p = await connect(es, {}, mint(es, { scope: 'connect' }, { alg: 'ES256', privateKeyPem, kid: 'slot2' }));
      p.ws.close();
      expect(await refusedWith(`${es.endpoints.hotsock.webSocketUrl}?token=${mint(es, { scope: 'connect' }, { alg: 'ES256', privateKeyPem, kid: 'other' })}`)).toBe(401);
    } finally {
      await es.close();
    }
  });

  it('autoSubscribe: hotsock.subscribed with autoSubscribed true right after connected, then its observed storage', async () => {
    const p = await connect(e, { channels: { 'user.1': { autoSubscribe: true, storage: { '*': { observe: true } } } } });
    expect(await p.next()).toEqual({ event: 'hotsock.subscribed', channel: 'user.1', data: { autoSubscribed: true }, meta: { uid: null, umd: null } });
    p.send({ event: 'hotsock.subscribe', channel: 'user.1' });
    expect((await p.next()).error?.code).toBe('ALREADY_SUBSCRIBED');
    p.ws.close();
  });
});

describe('Hotsock emulator: frames', () => {
  it('subscribe/unsubscribe, publish with echo and ULID ids, ping/pong, heartbeat and pong accepted silently', async () => {
    const a = await connect(e, { uid: 'Jim', channels: { room: open } });
    const b = await connect(e, { uid: 'Pam', channels: { room: { subscribe: true } } });
    a.send({ event: 'hotsock.subscribe', channel: 'room' });
    b.send({ event: 'hotsock.subscribe', channel: 'room' });
    expect(await a.next()).toEqual({ event: 'hotsock.subscribed', channel: 'room', data: {}, meta: { uid: 'Jim', umd: null } });
    await b.next('hotsock.subscribed');
    a.send({ channel: 'room', event: 'is-typing' });
    const got = await b.next('is-typing');
    expect(got).toMatchObject({ event: 'is-typing', channel: 'room', data: null, meta: { uid: 'Jim', umd: null } });
    expect(got.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect((await a.next('is-typing')).id).toBe(got.id); // echo: the same message
    a.send({ event: 'hotsock.heartbeat' });
    a.send({ event: 'hotsock.pong' });
    a.send({ event: 'hotsock.ping' });
    expect(await a.next()).toEqual({ event: 'hotsock.pong', data: '{}' });
    a.send({ event: 'hotsock.unsubscribe', channel: 'room' });
    expect(await a.next()).toMatchObject({ event: 'hotsock.unsubscribed', channel: 'room', data: {} });
    a.send({ event: 'hotsock.unsubscribe', channel: 'room' });
    expect(await a.next()).toMatchObject({ event: 'hotsock.error', channel: 'room', error: { code: 'NOT_SUBSCRIBED' } });
    a.ws.close();
    b.ws.close();
  });

  it('answers garbage and binary frames with hotsock.error and keeps the socket', async () => {
    const a = await connect(e);
    a.send('not json');
    expect((await a.next()).error?.code).toBe('INVALID_MESSAGE');
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await a.next()).error?.code).toBe('INVALID_MESSAGE');
    a.send({ event: 'hotsock.ping' });
    expect((await a.next()).event).toBe('hotsock.pong');
    a.ws.close();
  });

  it('storage: set, get, observe on subscribe and on change; unchanged writes fan out nothing; {} clears', async () => {
    const grants = { channels: { lobby: { subscribe: true, storage: { settings: { get: true, set: true, observe: true } } } }, uid: 'host' };
    const a = await connect(e, grants);
    a.send({ event: 'hotsock.channelStorageSet', channel: 'lobby', key: 'settings', data: { max: 4 } });
    a.send({ event: 'hotsock.channelStorageGet', channel: 'lobby', key: 'settings' });
    expect(await a.next()).toEqual({ event: 'hotsock.channelStorageData', channel: 'lobby', key: 'settings', data: { max: 4 }, meta: { uid: 'host', umd: null } });
    a.send({ event: 'hotsock.subscribe', channel: 'lobby' });
    await a.next('hotsock.subscribed');
    expect(await a.next()).toMatchObject({ event: 'hotsock.channelStorageUpdated', key: 'settings', data: { max: 4 } });
    a.send({ event: 'hotsock.channelStorageSet', channel: 'lobby', key: 'settings', data: { max: 4 } });
    a.send({ event: 'hotsock.channelStorageSet', channel: 'lobby', key: 'settings', data: { max: 6 } });
    expect(await a.next()).toMatchObject({ event: 'hotsock.channelStorageUpdated', data: { max: 6 } });
    a.send({ event: 'hotsock.channelStorageSet', channel: 'lobby', key: 'settings', data: {} });
    expect(await a.next()).toMatchObject({ event: 'hotsock.channelStorageUpdated', data: null });
    a.send({ event: 'hotsock.channelStorageGet', channel: 'lobby', key: 'settings' });
    expect(await a.next()).toMatchObject({ data: null, meta: null });
    a.send({ event: 'hotsock.channelStorageGet', channel: 'lobby', key: 'secret' });
    expect((await a.next()).error?.code).toBe('STORAGE_PERMISSION_DENIED');
    a.ws.close();
  });
});
