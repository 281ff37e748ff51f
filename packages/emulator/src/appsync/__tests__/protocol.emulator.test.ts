import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { sleep, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator, hostOf, raw } from './_harness.js';

// The wire protocol of the emulated Event API, frame by frame, over real sockets.

describe('AppSync Events emulator: handshake', () => {
  it('selects the aws-appsync-event-ws subprotocol, acks connection_init with connectionTimeoutMs, then sends ka', async () => {
    const e = await emulator({ appsync: { keepAliveIntervalMs: 50, connectionTimeoutMs: 1234 } });
    const s = await raw(e);
    expect(s.protocol).toBe('aws-appsync-event-ws');
    s.send({ type: 'connection_init' });
    expect(await s.next('connection_ack')).toEqual({ type: 'connection_ack', connectionTimeoutMs: 1234 });
    await s.next('ka');
    await s.next('ka');
  });

  it('refuses upgrades without the subprotocol (400) or on other paths (404)', async () => {
    const e = await emulator();
    const status = (url: string, protocols: string[]) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, protocols);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => {});
      });
    expect(await status(e.endpoints.appsync.realtimeEndpoint, ['graphql-ws'])).toBe(400);
    expect(await status(e.endpoints.appsync.realtimeEndpoint.replace('/event/realtime', '/graphql/realtime'), ['aws-appsync-event-ws'])).toBe(404);
  });

  it('answers a bad connection auth with connection_error and closes with 1000', async () => {
    const e = await emulator();
    const s = await raw(e, { host: hostOf(e), 'x-api-key': 'da2-wrong' });
    expect(await s.next('connection_error')).toMatchObject({ errors: [{ errorType: 'UnauthorizedException' }] });
    expect(await waitFor(s.closed, 'the server to close the socket')).toMatchObject({ code: 1000 });
  });

  it('accepts auth from upgrade headers when there is no header- subprotocol', async () => {
    const e = await emulator();
    const ws = new WebSocket(e.endpoints.appsync.realtimeEndpoint, ['aws-appsync-event-ws'], { headers: { 'x-api-key': e.endpoints.appsync.apiKey } });
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)).type));
    await new Promise((r) => ws.once('open', r));
    ws.send('{"type":"connection_init"}');
    await waitFor(() => frames.length > 0, 'an answer to connection_init');
    expect(frames[0]).toBe('connection_ack');
    ws.terminate();
  });
});

describe('AppSync Events emulator: subscribe, data, unsubscribe', () => {
  it('routes exact and wildcard subscriptions, one data frame per event with the event as a JSON string', async () => {
    const e = await emulator();
    const s = await raw(e);
    s.send({ type: 'connection_init' });
    await s.next('connection_ack');
    s.send({ type: 'subscribe', id: 'exact', channel: '/default/a', authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    s.send({ type: 'subscribe', id: 'wild', channel: '/default/*', authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    await s.next('subscribe_success', 'exact');
    await s.next('subscribe_success', 'wild');
    s.send({ type: 'publish', id: 'p1', channel: 'default/a', events: ['{"n":1}', '"two"'], authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    const ok = await s.next('publish_success', 'p1');
    expect(ok).toMatchObject({ successful: [{ index: 0 }, { index: 1 }], failed: [] });
    expect((ok.successful as Array<{ identifier: string }>)[0]!.identifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(await s.next('data', 'exact')).toEqual({ type: 'data', id: 'exact', event: '{"n":1}' });
    expect(await s.next('data', 'exact')).toEqual({ type: 'data', id: 'exact', event: '"two"' });
    await s.next('data', 'wild');
    await s.next('data', 'wild');
    // The wildcard matches deeper channels but not the bare namespace.
    s.send({ type: 'publish', id: 'p2', channel: '/default/x/y/z', events: ['1'], authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    await s.next('publish_success', 'p2');
    expect(await s.next('data', 'wild')).toMatchObject({ event: '1' });
    s.send({ type: 'publish', id: 'p3', channel: '/default', events: ['2'], authorization: { 'x-api-key': e.endpoints.appsync.apiKey } });
    await s.next('publish_success', 'p3');
    await sleep(50); // absence: no data frame for the bare namespace arrives late either
    expect(s.inbox.filter((f) => f.type === 'data')).toEqual([]);
  });

  it('unsubscribe stops delivery; unknown ids get unsubscribe_error UnknownOperationError', async () => {
    const e = await emulator();
    const s = await raw(e);
    const auth = { 'x-api-key': e.endpoints.appsync.apiKey };
    s.send({ type: 'subscribe', id: 's1', channel: '/default/a', authorization: auth });
    await s.next('subscribe_success', 's1');
    s.send({ type: 'unsubscribe', id: 's1' });
    await s.next('unsubscribe_success', 's1');
    s.send({ type: 'unsubscribe', id: 'nope' });
    expect(await s.next('unsubscribe_error', 'nope')).toMatchObject({ errors: [{ errorType: 'UnknownOperationError', message: 'Unknown operation id nope' }] });
    s.send({ type: 'publish', id: 'p', channel: '/default/a', events: ['1'], authorization: auth });
    await s.next('publish_success', 'p');
    await sleep(50); // absence: no data frame for the unsubscribed id arrives late either
    expect(s.inbox.filter((f) => f.type === 'data')).toEqual([]);
  });

  it('rejects bad subscribes with subscribe_error: duplicate id, bad id, bad channel, unknown namespace, cap reached', async () => {
    const e = await emulator({ appsync: { maxSubscriptionsPerConnection: 2 } });
    const s = await raw(e);
    const auth = { 'x-api-key': e.endpoints.appsync.apiKey };
    const sub = (id: string, channel: string) => s.send({ type: 'subscribe', id, channel, authorization: auth });
    sub('a', '/default/a');
    await s.next('subscribe_success', 'a');
    sub('a', '/default/b');
    expect(await s.next('subscribe_error', 'a')).toMatchObject({ errors: [{ message: expect.stringMatching(/duplicated/) }] });
    sub('bad id!', '/default/b');
    expect(await s.next('subscribe_error', 'bad id!')).toMatchObject({ errors: [{ errorType: 'BadRequestException' }] });
    sub('c', '/default/-bad-');
    expect(await s.next('subscribe_error', 'c')).toMatchObject({ errors: [{ errorType: 'BadRequestException' }] });
    sub('d', '/nowhere/a');
    expect(await s.next('subscribe_error', 'd')).toMatchObject({ errors: [{ errorType: 'ResourceNotFound' }] });
    sub('e', '/default/e');
    await s.next('subscribe_success', 'e');
    sub('f', '/default/f');
    expect(await s.next('subscribe_error', 'f')).toMatchObject({ errors: [{ errorType: 'MaxSubscriptionsReachedError' }] });
  });
});

describe('AppSync Events emulator: publish limits and errors', () => {
  it('enforces events per publish, event size, request size, JSON events and no wildcard publishing', async () => {
    const e = await emulator();
    const s = await raw(e);
    const auth = { 'x-api-key': e.endpoints.appsync.apiKey };
    const pub = (id: string, events: unknown, channel = '/default/a') => s.send({ type: 'publish', id, channel, events, authorization: auth });
    pub('six', ['1', '2', '3', '4', '5', '6']);
    expect(await s.next('publish_error', 'six')).toMatchObject({ errors: [{ errorType: 'BadRequestException', message: expect.stringMatching(/at most 5/) }] });
    pub('big', [JSON.stringify('x'.repeat(250 * 1024))]);
    expect(await s.next('publish_error', 'big')).toMatchObject({ errors: [{ message: expect.stringMatching(/event 0 is \d+ bytes; the limit is 245760/) }] });
    // Quote-heavy events: each under 240 KiB, but escaped into the request they exceed 1.2 MiB.
    const quotes = JSON.stringify('"'.repeat(100 * 1024));
    pub('request', [quotes, quotes, quotes, quotes, quotes]);
    expect(await s.next('publish_error', 'request')).toMatchObject({ errors: [{ message: expect.stringMatching(/exceeds 1258291 bytes/) }] });
    pub('notjson', ['{nope']);
    expect(await s.next('publish_error', 'notjson')).toMatchObject({ errors: [{ message: 'event 0 is not valid JSON' }] });
    pub('wild', ['1'], '/default/*');
    expect(await s.next('publish_error', 'wild')).toMatchObject({ errors: [{ errorType: 'BadRequestException' }] });
    pub('ns', ['1'], '/missing/a');
    expect(await s.next('publish_error', 'ns')).toMatchObject({ errors: [{ errorType: 'ResourceNotFound' }] });
    expect(s.closed()).toBeUndefined();
  });

  it('answers unknown operations and invalid JSON with error frames and keeps the socket', async () => {
    const e = await emulator();
    const s = await raw(e);
    s.send({ type: 'start', id: 'x1' });
    expect(await s.next('error', 'x1')).toMatchObject({ errors: [{ errorType: 'UnsupportedOperation' }] });
    s.send('{not json');
    expect(await s.next('error')).toMatchObject({ errors: [{ errorType: 'InvalidInputError' }] });
    s.send({ type: 'connection_init' });
    await s.next('connection_ack');
  });

  it('runs namespace handlers: onPublish can fail or drop events, onSubscribe can refuse', async () => {
    const e = await emulator({
      appsync: {
        namespaces: {
          default: {
            onPublish: ({ events }) => events.map((event) => (event.includes('bad') ? { error: 'rejected by handler', code: 422 } : event.includes('drop') ? { drop: true as const } : { event })),
            onSubscribe: ({ channel }) => !channel.includes('secret'),
          },
        },
      },
    });
    const s = await raw(e);
    const auth = { 'x-api-key': e.endpoints.appsync.apiKey };
    s.send({ type: 'subscribe', id: 'ok', channel: '/default/a', authorization: auth });
    await s.next('subscribe_success', 'ok');
    s.send({ type: 'subscribe', id: 'no', channel: '/default/secret', authorization: auth });
    expect(await s.next('subscribe_error', 'no')).toMatchObject({ errors: [{ errorType: 'Unauthorized' }] });
    s.send({ type: 'publish', id: 'p', channel: '/default/a', events: ['"good"', '"bad"', '"drop"'], authorization: auth });
    const result = await s.next('publish_success', 'p');
    expect(result).toMatchObject({ successful: [{ index: 0 }, { index: 2 }], failed: [{ index: 1, code: 422, message: 'rejected by handler' }] });
    expect(await s.next('data', 'ok')).toMatchObject({ event: '"good"' });
    await sleep(50); // absence: the failed and the dropped events are never delivered
    expect(s.inbox.filter((f) => f.type === 'data')).toEqual([]);
  });
});

describe('AppSync Events emulator: HTTP publish', () => {
  const post = (url: string, body: unknown, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('publishes with per-event results and the documented error statuses', async () => {
    const e = await emulator();
    const url = e.endpoints.appsync.httpEndpoint;
    const key = { 'x-api-key': e.endpoints.appsync.apiKey };
    const ok = await post(url, { channel: 'default/a', events: ['{"a":1}', '2'] }, key);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(await ok.json()).toMatchObject({ failed: [], successful: [{ index: 0 }, { index: 1 }] });
    const cases: Array<[unknown, Record<string, string>, number, string]> = [
      [{ channel: 'default/a', events: Array(8).fill('1') }, key, 400, 'BadRequestException'],
      [{ channel: `default/${'x'.repeat(51)}`, events: ['1'] }, key, 400, 'BadRequestException'],
      ['{broken', key, 400, 'BadRequestException'],
      [{ channel: 'nope/a', events: ['1'] }, key, 404, 'ResourceNotFound'],
      [{ channel: 'default/a', events: ['1'] }, { 'x-api-key': 'da2-wrong' }, 401, 'UnauthorizedException'],
      [{ channel: 'default/a', events: ['1'] }, {}, 401, 'UnauthorizedException'],
    ];
    for (const [body, headers, status, errorType] of cases) {
      const res = await post(url, body, headers);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(await res.json()).toMatchObject({ errors: [{ errorType }] });
    }
    const preflight = await fetch(url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });
});
