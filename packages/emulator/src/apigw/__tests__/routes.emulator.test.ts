import { describe, expect, it } from 'vitest';
import { API_GATEWAY_DEFAULT_CHANNEL } from '@channelkit/transport/apigw';
import type { ApiGatewayEvent } from '../options.js';
import { sleep, statusIs, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator } from '../../appsync/__tests__/_harness.js';
import { apigwClient, connectionsClient, rawApigw } from './_apigw.js';

describe('API Gateway emulator: $connect, routes, $disconnect', () => {
  it('dispatches $connect, custom routes, $default and $disconnect with API Gateway-shaped events', async () => {
    const seen: ApiGatewayEvent[] = [];
    const e = await emulator({
      apigw: {
        connect: (event) => {
          seen.push(event);
          return event.queryStringParameters?.token === 'ok' ? { statusCode: 200 } : { statusCode: 403 };
        },
        disconnect: (event) => void seen.push(event),
        routes: {
          sendmessage: (event) => {
            seen.push(event);
            return { statusCode: 200, body: `route response to ${event.body}` };
          },
          $default: (event) => {
            seen.push(event);
            return { body: 'default route' };
          },
        },
      },
    });
    await expect(rawApigw(e, '?token=bad')).rejects.toMatchObject({ status: 403 });
    const c = await rawApigw(e, '?token=ok');
    c.ws.send(JSON.stringify({ action: 'sendmessage', text: 'hi' }));
    c.ws.send('not json at all');
    c.ws.send(JSON.stringify({ action: 'nosuchroute' }));
    await waitFor(
      () => c.inbox.length === 3,
      () => `three answers (inbox: ${JSON.stringify(c.inbox)})`,
    );
    expect(c.inbox).toEqual(['route response to {"action":"sendmessage","text":"hi"}', 'default route', 'default route']);
    c.ws.close(4321, 'bye');
    await waitFor(() => seen.some((s) => s.requestContext.eventType === 'DISCONNECT'), '$disconnect');
    const [refused, connect, message, , , disconnect] = seen;
    expect(refused!.requestContext).toMatchObject({ routeKey: '$connect', eventType: 'CONNECT', stage: 'prod' });
    expect(connect!.queryStringParameters).toEqual({ token: 'ok' });
    expect(connect!.headers?.['sec-websocket-version']).toBe('13');
    expect(message!.requestContext).toMatchObject({
      routeKey: 'sendmessage',
      eventType: 'MESSAGE',
      connectionId: connect!.requestContext.connectionId,
      domainName: new URL(e.endpoints.apigw.managementEndpoint).host,
      stage: 'prod',
      messageDirection: 'IN',
    });
    expect(message!.body).toBe('{"action":"sendmessage","text":"hi"}');
    expect(disconnect!.requestContext).toMatchObject({ routeKey: '$disconnect', eventType: 'DISCONNECT', disconnectStatusCode: 4321, disconnectReason: 'bye' });
  });

  it('answers unroutable messages with the gateway’s Forbidden message and handler crashes with Internal server error, keeping the socket', async () => {
    const e = await emulator({
      apigw: {
        routes: {
          boom: () => {
            throw new Error('lambda crashed');
          },
        },
      },
    });
    const c = await rawApigw(e);
    c.ws.send(JSON.stringify({ action: 'other' }));
    c.ws.send(JSON.stringify({ action: 'boom' }));
    await waitFor(
      () => c.inbox.length === 2,
      () => `two answers (inbox: ${JSON.stringify(c.inbox)})`,
    );
    expect(c.inbox[0]).toMatch(/^\{"message": "Forbidden", "connectionId":"[A-Za-z0-9+/]{15}=", "requestId":"[A-Za-z0-9+/]{15}="\}$/);
    expect(c.inbox[1]).toMatch(/^\{"message": "Internal server error", "connectionId":/);
    expect(c.closed()).toBeUndefined();
  });

  it('selects the subprotocol $connect returns, and refuses a handshake whose offered subprotocols were ignored', async () => {
    const e = await emulator({
      apigw: { connect: (event) => (event.headers?.['sec-websocket-protocol']?.includes('chat.v2') ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'chat.v2' } } : { statusCode: 200 }) },
    });
    const ok = await rawApigw(e, '', ['chat.v1', 'chat.v2']);
    expect(ok.protocol).toBe('chat.v2');
    await expect(rawApigw(e, '', ['chat.v1'])).rejects.toMatchObject({ status: 400 });
  });
});

describe('API Gateway emulator: limits and timers', () => {
  it('closes with 1003 on a binary frame and 1009 on a frame over 32 KB or a message over 128 KB', async () => {
    const e = await emulator();
    const binary = await rawApigw(e);
    binary.ws.send(Buffer.from([1, 2, 3]));
    await waitFor(binary.closed, 'the close after a binary frame');
    expect(binary.closed()!.code).toBe(1003);
    const big = await rawApigw(e);
    big.ws.send('x'.repeat(40 * 1024));
    await waitFor(big.closed, 'the close after a 40 KB frame');
    expect(big.closed()!.code).toBe(1009);
    const huge = await rawApigw(e);
    huge.ws.send('x'.repeat(130 * 1024));
    await waitFor(huge.closed, 'the close after a 130 KB message');
    expect(huge.closed()!.code).toBe(1009);
  });

  it('the client rejects oversized publishes before sending, naming the frame or message limit', async () => {
    const e = await emulator();
    const c = apigwClient(e);
    await expect(c.publish('room', ['x'.repeat(40 * 1024)])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'frameBytes', max: 32_768 });
    await expect(c.publish('room', ['x'.repeat(130 * 1024)])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'messageBytes', max: 131_072 });
    expect(() => c.channel('$default').subscribe(() => {})).not.toThrow();
    await expect(c.publish('$default', [1])).rejects.toMatchObject({ code: 'INVALID_CHANNEL' });
  });

  it('idle timeout: a silent connection is closed with 1001 Going away and $disconnect runs; the client’s pings keep it open', async () => {
    const disconnects: Array<ApiGatewayEvent['requestContext']> = [];
    const e = await emulator({ apigw: { idleTimeoutMs: 300, disconnect: (event) => void disconnects.push(event.requestContext) } });
    const silent = await rawApigw(e);
    const c = apigwClient(e, { keepAliveIntervalMs: 100 });
    c.connect();
    await waitFor(silent.closed, 'the idle connection closed');
    expect(silent.closed()).toEqual({ code: 1001, reason: 'Going away' });
    await waitFor(() => disconnects.length === 1, '$disconnect');
    expect(disconnects[0]).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: 'Going away' });
    await sleep(700); // absence: the pinging client outlives the idle timeout twice over
    expect(c.status.getSnapshot().status).toBe('connected');
    expect(e.connections().filter((x) => x.backend === 'apigw')).toHaveLength(1);
  });

  it('maximum duration: the server closes at the cap; the client reconnects on its own schedule before it', async () => {
    const e = await emulator({ apigw: { maxConnectionMs: 400 } });
    const raw = await rawApigw(e);
    const c = apigwClient(e, { maxConnectionMs: 200 });
    const codes: string[] = [];
    c.status.subscribe(() => {
      const err = c.status.getSnapshot().error;
      if (err) codes.push(err.message);
    });
    const ids = new Set<string>();
    c.connect();
    // Sample the connection ids until the raw socket hit the cap and the client lived through
    // three generations (raw + 3 ids). Its reconnects are break-then-make, so its status is only
    // waited for, never sampled at an arbitrary instant (it may be mid-reconnect then).
    await waitFor(
      () => {
        for (const x of e.connections()) if (x.backend === 'apigw') ids.add(x.connectionId);
        return raw.closed() && ids.size >= 4;
      },
      () => `the raw socket closed at the cap and 3 client generations (ids seen: ${ids.size}, raw closed: ${JSON.stringify(raw.closed())})`,
    );
    expect(raw.closed()).toEqual({ code: 1001, reason: 'Going away' });
    // Every reconnect was the client's own, ahead of the cap: the server never had to close it.
    expect(codes.length).toBeGreaterThanOrEqual(2);
    expect(codes.every((m) => /ahead of the connection duration limit/.test(m))).toBe(true);
    await statusIs(c, 'connected');
  });
});

describe('API Gateway channel convention, end to end', () => {
  it('two clients pub/sub through the built-in router; a drop reconnects and resubscribes; the outbox flushes once', async () => {
    const e = await emulator();
    const alice = apigwClient(e, {}, { backoff: { delaysMs: [800] }, platform: { random: () => 0.99 } });
    const bob = apigwClient(e, {}, { backoff: { delaysMs: [20] }, platform: { random: () => 0.99 } });
    const got: unknown[] = [];
    const gaps: number[] = [];
    bob.channel('room').subscribe({ onEvent: (d) => got.push(d), onDiscontinuity: () => gaps.push(1) });
    alice.connect();
    await waitFor(() => e.connections().some((x) => x.channels.includes('room')), 'bob subscribed on the emulator');
    await alice.publish('room', [{ n: 1 }, { n: 2 }]);
    await waitFor(
      () => got.length === 2,
      () => `two events (got ${JSON.stringify(got)})`,
    );
    e.faults.apply({ action: 'drop', backend: 'apigw' });
    await statusIs(alice, 'reconnecting');
    const queued = alice.publish('room', [{ n: 3 }]);
    await waitFor(() => gaps.length === 1, 'bob resubscribed');
    await queued;
    await waitFor(
      () => got.length === 3,
      () => `three events (got ${JSON.stringify(got)})`,
    );
    await sleep(100); // absence: no duplicate arrives late
    expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('a backend’s own messages (outside the envelope) arrive on the $default channel; gateway errors are reported', async () => {
    const e = await emulator();
    const c = apigwClient(e);
    const raw: unknown[] = [];
    const errors: string[] = [];
    c.onError((err) => errors.push(err.message));
    c.channel(API_GATEWAY_DEFAULT_CHANNEL).subscribe((d) => raw.push(d));
    c.connect();
    const id = await waitFor(() => e.connections().find((x) => x.backend === 'apigw')?.connectionId, 'the apigw connection');
    await statusIs(c, 'connected');
    const api = connectionsClient(e);
    await api.post(id, 'plain text');
    await api.post(id, { notification: 'legacy shape' });
    await api.post(id, `{"message": "Forbidden", "connectionId":"${id}", "requestId":"abc="}`);
    await waitFor(
      () => raw.length === 2 && errors.length === 1,
      () => `two messages and one error (raw ${JSON.stringify(raw)}, errors ${JSON.stringify(errors)})`,
    );
    expect(raw).toEqual(['plain text', { notification: 'legacy shape' }]);
    expect(errors[0]).toMatch(/API Gateway: Forbidden \(no route matched/);
  });

  it('an auth refusal on $connect (401) gets one re-auth with a fresh token, then stops', async () => {
    const e = await emulator({ apigw: { connect: (event) => ({ statusCode: event.queryStringParameters?.token === 'fresh' ? 200 : 401 }) } });
    const reauths: boolean[] = [];
    const c = apigwClient(e, {
      query: ({ reauth }) => {
        reauths.push(reauth);
        return { token: reauth ? 'fresh' : 'stale' };
      },
    });
    c.connect();
    await statusIs(c, 'connected');
    expect(reauths).toEqual([false, true]);
    const never = apigwClient(e, { query: { token: 'stale' } });
    never.connect();
    await statusIs(never, 'failed');
    expect(never.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
  });

  it('faults: rejectAuth refuses upgrades with 401, refuseHandshake with 503, stopKeepAlive silences pongs', async () => {
    const e = await emulator();
    e.faults.apply({ action: 'rejectAuth', backend: 'apigw' });
    await expect(rawApigw(e)).rejects.toMatchObject({ status: 401 });
    e.faults.apply({ action: 'reset' });
    e.faults.apply({ action: 'refuseHandshake', backend: 'apigw' });
    await expect(rawApigw(e)).rejects.toMatchObject({ status: 503 });
    e.faults.apply({ action: 'reset' });
    const c = apigwClient(e, { keepAliveIntervalMs: 50, pongTimeoutMs: 500 });
    const timeouts: string[] = [];
    c.status.subscribe(() => {
      const err = c.status.getSnapshot().error;
      if (err?.code === 'CONNECTION_TIMEOUT') timeouts.push(err.code);
    });
    c.connect();
    await statusIs(c, 'connected');
    await sleep(800); // absence: pongs flowing, no timeout
    expect(timeouts).toEqual([]);
    e.faults.apply({ action: 'stopKeepAlive', backend: 'apigw', durationMs: 800 });
    await waitFor(() => timeouts.length > 0, 'watchdog timeout');
    await statusIs(c, 'connected');
  });

  it('faults: close with a code, garbage frames, and a delayed $connect', async () => {
    const e = await emulator();
    const c = apigwClient(e, {}, { connectTimeoutMs: 300 });
    const raw: unknown[] = [];
    const closes: string[] = [];
    c.status.subscribe(() => {
      const err = c.status.getSnapshot().error;
      if (err && closes.at(-1) !== err.message) closes.push(err.message);
    });
    c.channel(API_GATEWAY_DEFAULT_CHANNEL).subscribe((d) => raw.push(d));
    await statusIs(c, 'connected');
    e.faults.apply({ backend: 'apigw', action: 'close', code: 1011, reason: 'internal' });
    await waitFor(
      () => closes.some((m) => m.includes('1011')),
      () => `a 1011 close (errors: ${JSON.stringify(closes)})`,
    );
    await statusIs(c, 'connected');
    // Garbage (a binary frame): API Gateway relays whatever backends post, so it is not an error.
    e.faults.apply({ backend: 'apigw', action: 'garbage' });
    await waitFor(() => raw.length === 1, 'the garbage frame relayed');
    expect(c.status.getSnapshot().status).toBe('connected');
    e.faults.apply({ backend: 'apigw', action: 'delayHandshake', durationMs: 1000 });
    e.faults.apply({ backend: 'apigw', action: 'drop' });
    await waitFor(
      () => closes.some((m) => /did not complete within 300 ms/.test(m)),
      () => `a connect timeout (errors: ${JSON.stringify(closes)})`,
    );
    e.faults.apply({ action: 'reset' });
    await statusIs(c, 'connected');
  });
});
