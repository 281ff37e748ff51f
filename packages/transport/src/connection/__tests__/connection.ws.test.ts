import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { sleep, statusIs, waitFor } from '../../__tests__/_waitFor.js';
import { createClient } from '../../client/createClient.js';
import type { RealtimeClient } from '../../client/RealtimeClient.js';
import type { ConnectionOptions } from '../ConnectionOptions.js';
import { type LiteOptions, liteProtocol } from './_liteProtocol.js';
import { type ScriptedServer, startScriptedServer } from './_scriptedServer.js';

// Real sockets, real timers: the transport against a `ws` server on loopback.

const servers: ScriptedServer[] = [];
const connections: RealtimeClient[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(behaviour: Parameters<typeof startScriptedServer>[0] = {}, lite: Partial<LiteOptions> = {}, options: Partial<ConnectionOptions> = {}) {
  const server = await startScriptedServer(behaviour);
  servers.push(server);
  const connection = createClient({
    backend: liteProtocol({ url: server.url, ...lite }),
    WebSocket: WebSocket,
    backoff: { delaysMs: [50, 100], minUptimeMs: 100 },
    ...options,
  });
  connections.push(connection);
  return { server, connection };
}

describe('Connection over a real ws server', () => {
  it('connect → drop → reconnect → resubscribe → outbox flush, each publish delivered exactly once in order', async () => {
    const { server, connection } = await setup();
    const received: unknown[] = [];
    const gaps: number[] = [];
    connection.channel('/room/1').subscribe({ onEvent: (d) => received.push(d), onDiscontinuity: () => gaps.push(Date.now()) });
    await statusIs(connection, 'connected');
    await connection.publish('/room/1', ['before']);
    await waitFor(() => received.length === 1, 'first event');

    // Record transitions: a reconnect can be faster than any polling interval.
    const seen: string[] = [];
    connection.status.subscribe(() => seen.push(connection.status.getSnapshot().status));
    server.dropAll();
    await waitFor(() => seen.includes('reconnecting'), 'reconnecting');
    // Published while the socket is down: must wait in the outbox.
    const queued = [connection.publish('/room/1', ['q1']), connection.publish('/room/1', ['q2', 'q3'])];
    await statusIs(connection, 'connected');
    await Promise.all(queued);
    await waitFor(
      () => received.length === 4,
      () => `flushed events (received ${JSON.stringify(received)})`,
    );

    expect(received).toEqual(['before', 'q1', 'q2', 'q3']);
    expect(server.connectionCount).toBe(2);
    expect(gaps).toHaveLength(1);
    // On the second connection the resubscribe precedes the flushed publishes.
    const second = server.received.filter((r) => r.conn === 2).map((r) => r.frame.type);
    expect(second).toEqual(['init', 'sub', 'pub', 'pub']);
    // Nothing was sent twice.
    const pubs = server.received.filter((r) => r.frame.type === 'pub').map((r) => JSON.stringify(r.frame.events));
    expect(pubs).toEqual(['["before"]', '["q1"]', '["q2","q3"]']);
  });

  it('shares one wire subscription between many subscribers and unsubscribes after the grace period', async () => {
    const { server, connection } = await setup({}, {}, { releaseGraceMs: 50 });
    const releases = Array.from({ length: 5 }, () => connection.channel('/shared').subscribe(() => {}));
    await statusIs(connection, 'connected');
    await waitFor(() => server.received.some((r) => r.frame.type === 'sub'), 'the sub frame');
    for (const r of releases) r();
    await waitFor(() => server.received.some((r) => r.frame.type === 'unsub'), 'the unsub frame after the grace period');
    expect(server.received.filter((r) => r.frame.type === 'sub')).toHaveLength(1);
  });

  it('re-authenticates after an auth refusal and connects with the fresh token', async () => {
    let n = 0;
    const { server, connection } = await setup({ validTokens: new Set(['good']) }, { token: async () => (n++ === 0 ? 'expired' : 'good') });
    connection.connect();
    await statusIs(connection, 'connected');
    expect(server.connectionCount).toBe(2);
  });

  it('stops with AUTH_FAILED when the upgrade is refused with 401 twice', async () => {
    const { server, connection } = await setup({ refuseUpgrade: 401 });
    connection.connect();
    await statusIs(connection, 'failed');
    expect(connection.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
    await sleep(300); // absence: no further attempt after failing
    expect(server.connectionCount).toBe(0);
  });

  it('reconnects when keep-alives stop arriving', async () => {
    const { server, connection } = await setup({ keepAliveMs: 0, announcedTimeoutMs: 200 });
    const codes: string[] = [];
    connection.status.subscribe(() => {
      const code = connection.status.getSnapshot().error?.code;
      if (code) codes.push(code);
    });
    connection.connect();
    await statusIs(connection, 'connected');
    await waitFor(() => server.connectionCount >= 2, 'a second connection');
    expect(codes[0]).toBe('CONNECTION_TIMEOUT');
  });

  it('survives a garbage frame from the server', async () => {
    const { server, connection } = await setup();
    const errors: string[] = [];
    connection.onError((e) => errors.push(e.code));
    const got: unknown[] = [];
    connection.channel('/g').subscribe((d) => got.push(d));
    await statusIs(connection, 'connected');
    server.broadcastRaw('\u0000\u0001 not json');
    await connection.publish('/g', ['still alive']);
    await waitFor(() => got.length === 1, 'the event after the garbage frame');
    expect(errors).toEqual(['PROTOCOL_ERROR']);
    expect(server.connectionCount).toBe(1);
  });
});
