import { describe, expect, it } from 'vitest';
import { signRequest } from '@channelkit/transport/sigv4';
import { deep, frame, httpRequest, oneConnection, rawWebSocket } from '../../core/__tests__/_wire.js';
import { waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator, hostOf, raw } from './_harness.js';

// Issue 8: hostile input must cost the sender an error, never the emulator its process.

const portOf = (url: string) => Number(new URL(url).port);
const header = (auth: Record<string, string>, pad = false) => {
  const b64 = Buffer.from(JSON.stringify(auth)).toString('base64url');
  return `header-${pad ? b64.padEnd(Math.ceil(b64.length / 4) * 4, '=') : b64}`;
};

describe('AppSync realtime: deeply nested JSON in an authenticated frame', () => {
  it.each([
    ['subscribe channel', (d: string) => `{"type":"subscribe","id":"a","channel":${d}}`, 'subscribe_error'],
    ['publish channel', (d: string) => `{"type":"publish","id":"a","channel":${d},"events":["1"]}`, 'publish_error'],
    ['type', (d: string) => `{"type":${d},"id":"a"}`, 'error'],
    ['subscribe id', (d: string) => `{"type":"subscribe","id":${d},"channel":"/default/a"}`, 'subscribe_error'],
  ])('%s 20 000 deep: a bounded error frame, and the connection lives on', async (_name, build, type) => {
    const e = await emulator();
    const s = await raw(e);
    s.send(build(deep(20_000)));
    const answer = (await s.next(type)) as { errors: Array<{ message: string }> };
    expect(answer.errors[0]?.message.length).toBeLessThan(300);
    s.send({ type: 'subscribe', id: 'ok', channel: '/default/a', authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    await s.next('subscribe_success', 'ok');
  });
});

describe('AppSync realtime: invalid frames before auth completes', () => {
  it.each([
    ['unmasked', frame(1, Buffer.from('{"type":"connection_init"}'), { mask: false })],
    ['invalid UTF-8', frame(1, Buffer.from([0xc3, 0x28, 0xff]))],
    ['over 4.8 MB', frame(1, Buffer.alloc(0), { declaredLength: 5 * 1024 * 1024 })],
  ])('%s, sent right after a wrong API key: the process survives', async (_name, bad) => {
    const e = await emulator();
    const port = portOf(e.endpoints.appsync.realtimeEndpoint);
    const ws = await rawWebSocket(port, '/event/realtime', ['aws-appsync-event-ws', header({ host: hostOf(e), 'x-api-key': 'da2-wrong' })]);
    ws.socket.write(bad);
    // The server has dealt with the bad frame once it closed the socket (it must, one way or another).
    await waitFor(ws.closed, 'the server to close the socket');
    // Still serving: a fresh, authorized client connects and subscribes.
    const s = await raw(e);
    s.send({ type: 'subscribe', id: 'ok', channel: '/default/a', authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    await s.next('subscribe_success', 'ok');
  });
});

describe('AppSync realtime: the header- subprotocol', () => {
  it('accepts padded base64url (spec §7.1: "accept padded too")', async () => {
    const e = await emulator();
    const auth = { host: hostOf(e), 'x-api-key': e.endpoints.appsync.apiKey };
    // Pick an auth object whose encoding needs padding.
    for (let n = 0; Buffer.from(JSON.stringify(auth)).length % 3 === 0; n++) Object.assign(auth, { 'x-pad': 'x'.repeat(n + 1) });
    const protocol = header(auth, true);
    expect(protocol.endsWith('=')).toBe(true);
    const s = await raw(e, auth);
    s.send({ type: 'subscribe', id: 'ok', channel: '/default/a', authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    await s.next('subscribe_success', 'ok');
    const padded = await rawWebSocket(portOf(e.endpoints.appsync.realtimeEndpoint), '/event/realtime', ['aws-appsync-event-ws', protocol]);
    padded.socket.write(frame(1, Buffer.from('{"type":"connection_init"}')));
    await waitFor(
      () => padded.received().toString('latin1').includes('connection_ack'),
      () => `connection_ack (received: ${JSON.stringify(padded.received().toString('latin1'))})`,
    );
    padded.socket.destroy();
  });
});

describe('AppSync HTTP publish: hostile bodies', () => {
  it('a body of JSON null is 400, not 500', async () => {
    const e = await emulator();
    const r = await httpRequest(e.endpoints.appsync.httpEndpoint, { method: 'POST', headers: { 'x-api-key': e.endpoints.appsync.apiKey }, body: 'null' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ errors: [{ errorType: 'BadRequestException' }] });
  });

  it('a 100 000-deep channel is 400 with a bounded message', async () => {
    const e = await emulator();
    const r = await httpRequest(e.endpoints.appsync.httpEndpoint, { method: 'POST', headers: { 'x-api-key': e.endpoints.appsync.apiKey }, body: `{"channel":${deep(100_000)},"events":["1"]}` });
    expect(r.status).toBe(400);
    const message = (r.json as { errors: Array<{ message: string }> }).errors[0]?.message ?? '';
    expect(message).toMatch(/^invalid channel array/);
    expect(message.length).toBeLessThan(300);
  });

  it('after a 3 MB body is refused (413), the next request on the same connection works', async () => {
    const e = await emulator();
    const agent = oneConnection();
    const headers = { 'x-api-key': e.endpoints.appsync.apiKey, 'content-type': 'application/json' };
    const big = await httpRequest(e.endpoints.appsync.httpEndpoint, { method: 'POST', headers, body: Buffer.alloc(3 * 1024 * 1024, 0x20), agent });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ errors: [{ errorType: 'BadRequestException', message: expect.stringContaining('limit') }] });
    const next = await httpRequest(e.endpoints.appsync.httpEndpoint, { method: 'POST', headers, body: '{"channel":"/default/a","events":["1"]}', agent });
    expect(next.status).toBe(200);
    agent.destroy();
  });

  it('a request target new URL() cannot parse is 400', async () => {
    const e = await emulator();
    const r = await httpRequest(e.endpoints.appsync.httpEndpoint, { method: 'POST', path: 'http://[::1/event', body: '{}' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ errors: [{ errorType: 'BadRequestException' }] });
  });
});

describe('AppSync IAM: UNSIGNED-PAYLOAD is refused (a signature that covers no body authorizes any body)', () => {
  const signed = (e: Awaited<ReturnType<typeof emulator>>, body: string) =>
    signRequest(
      { method: 'POST', hostname: hostOf(e), path: '/event', headers: { host: hostOf(e), 'content-type': 'application/json', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body },
      { service: 'appsync', region: e.endpoints.appsync.region, credentials: e.endpoints.appsync.credentials, date: Date.now() },
    ).headers as Record<string, string>;

  it('on POST /event', async () => {
    const e = await emulator();
    const headers = signed(e, '{"channel":"/default/public","events":["1"]}');
    const r = await httpRequest(e.endpoints.appsync.httpEndpoint, { method: 'POST', headers, body: '{"channel":"/default/private","events":["1"]}' });
    expect(r.status).toBe(403);
    expect((r.json as { errors: Array<{ message: string }> }).errors[0]?.message).toContain('UNSIGNED-PAYLOAD');
  });

  it('on the realtime connect authorization', async () => {
    const e = await emulator();
    const s = await raw(e, signed(e, '{}'));
    expect(await s.next('connection_error')).toMatchObject({ errors: [{ errorType: 'UnauthorizedException', message: expect.stringContaining('UNSIGNED-PAYLOAD') }] });
  });
});
