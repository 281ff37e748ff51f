// Tokens minted by signHotsockToken (WebCrypto) open real connections on the emulator, whose
// verifier is node:crypto: two implementations agreeing over a socket, for each algorithm a
// Hotsock key slot can hold. The emulator is configured as an installation would be, with the
// public key (or the shared secret) and an optional Key ID per slot.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { hotsock } from '@channelkit/transport/hotsock';
import { type HotsockClaims, type HotsockSigningAlgorithm, signHotsockToken } from '@channelkit/transport/hotsock-server';
import { type JwtKey, type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const es256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const es512 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const HS512_SECRET = 'a-shared-hs512-secret-that-is-at-least-sixty-four-bytes-long-0123';

// alg → [the key the app's server signs with, the slot the installation holds]
const SLOTS: Array<[HotsockSigningAlgorithm, string, JwtKey]> = [
  ['ES256', pkcs8(es256.privateKey), { alg: 'ES256', kid: 'es', publicKeyPem: spki(es256.publicKey) }],
  ['ES512', pkcs8(es512.privateKey), { alg: 'ES512', publicKeyPem: spki(es512.publicKey) }],
  ['RS256', pkcs8(rsa.privateKey), { alg: 'RS256', publicKeyPem: spki(rsa.publicKey) }],
  ['PS384', pkcs8(rsa.privateKey), { alg: 'PS384', publicKeyPem: spki(rsa.publicKey) }],
  ['EdDSA', pkcs8(ed.privateKey), { alg: 'EdDSA', kid: 'ed', publicKeyPem: spki(ed.publicKey) }],
  ['HS512', HS512_SECRET, { alg: 'HS512', secret: HS512_SECRET }],
];

let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0, hotsock: { keys: SLOTS.map(([, , slot]) => slot) } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});

const CHAT: HotsockClaims['channels'] = { 'chat.1': { subscribe: true, messages: { chat: { publish: true, echo: true } } } };

function clientWith(connectToken: () => Promise<string>, subscribeToken?: (ctx: { channel: string; connectionId: string | undefined }) => Promise<string>): RealtimeClient {
  const c = createClient({
    backend: hotsock({ webSocketUrl: e.endpoints.hotsock.webSocketUrl, httpApiUrl: e.endpoints.hotsock.httpApiUrl, connectToken, ...(subscribeToken ? { subscribeToken } : {}) }),
    WebSocket,
    backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
  });
  clients.push(c);
  return c;
}

/** Subscribes, publishes one message and waits for its echo, stamped with the token's uid. */
async function roundTrip(c: RealtimeClient, channel: string, uid: string): Promise<void> {
  const got: Array<{ data: unknown; uid: unknown }> = [];
  c.channel(channel).subscribe((data, meta) => got.push({ data, uid: (meta as { uid?: unknown }).uid }));
  await waitFor(() => c.channel(channel).state.getSnapshot().status === 'subscribed', `${channel} subscribed`);
  await c.publish(channel, [{ text: 'hi' }], { context: { event: 'chat' } });
  await waitFor(() => got.length === 1, 'echo');
  expect(got[0]).toEqual({ data: { text: 'hi' }, uid });
}

/**
 * The status the WebSocket upgrade answers for a connect token. A refused upgrade reaches a
 * browser-style client only as a closed socket, so the verdict is read from the raw upgrade.
 */
function upgradeStatus(token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${e.endpoints.hotsock.webSocketUrl}?token=${encodeURIComponent(token)}`);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
  });
}

describe('signHotsockToken against the emulator', () => {
  it("HS256 with the emulator's own issuer secret and kid (what the ready line hands out)", async () => {
    const issuer = e.endpoints.hotsock.issuer;
    if (issuer.alg !== 'HS256') throw new Error('the default issuer is HS256');
    const c = clientWith(() => signHotsockToken({ claims: { scope: 'connect', uid: 'hs', channels: CHAT }, key: issuer.secret, alg: 'HS256', ...(issuer.kid ? { kid: issuer.kid } : {}), ttl: 60 }));
    await roundTrip(c, 'chat.1', 'hs');
  });

  it.each(SLOTS.map(([alg, key, slot]) => [alg, key, slot] as const))('%s connects, subscribes and publishes', async (alg, key, slot) => {
    const kid = typeof slot === 'string' ? undefined : slot.kid;
    const uid = `user-${alg}`;
    const c = clientWith(() => signHotsockToken({ claims: { scope: 'connect', uid, channels: CHAT }, key, alg, ...(kid ? { kid } : {}), ttl: 60 }));
    await roundTrip(c, 'chat.1', uid);
  });

  it('a subscribe token bound to the connection grants a channel the connect token did not', async () => {
    const key = pkcs8(es256.privateKey);
    const c = clientWith(
      () => signHotsockToken({ claims: { scope: 'connect', uid: 'sub' }, key, alg: 'ES256', kid: 'es', ttl: 60 }),
      async ({ channel, connectionId }) =>
        signHotsockToken({
          claims: { scope: 'subscribe', connectionId: connectionId!, channels: { [channel]: { subscribe: true, messages: { chat: { publish: true, echo: true } } } } },
          key,
          alg: 'ES256',
          kid: 'es',
          ttl: 60,
        }),
    );
    await roundTrip(c, 'private.42', 'sub');
  });

  it('the slot’s Key ID is required: a token with another kid is refused with 401, as Hotsock does', async () => {
    const key = pkcs8(es256.privateKey);
    expect(await upgradeStatus(await signHotsockToken({ claims: { scope: 'connect', uid: 'x' }, key, alg: 'ES256', kid: 'es', ttl: 60 }))).toBe(101);
    expect(await upgradeStatus(await signHotsockToken({ claims: { scope: 'connect', uid: 'x' }, key, alg: 'ES256', kid: 'not-the-slot', ttl: 60 }))).toBe(401);
    // No kid at all against a slot that has one: refused too.
    expect(await upgradeStatus(await signHotsockToken({ claims: { scope: 'connect', uid: 'x' }, key, alg: 'ES256', ttl: 60 }))).toBe(401);
  });

  it('an expired token (ttl elapsed on the signing clock) is refused', async () => {
    expect(await upgradeStatus(await signHotsockToken({ claims: { scope: 'connect', uid: 'x' }, key: HS512_SECRET, alg: 'HS512', ttl: 60, now: () => Date.now() - 61_000 }))).toBe(401);
    // A token signed for another slot's algorithm with this secret: refused (no alg confusion).
    expect(await upgradeStatus(await signHotsockToken({ claims: { scope: 'connect', uid: 'x' }, key: HS512_SECRET, alg: 'HS384', ttl: 60 }))).toBe(401);
  });
});
