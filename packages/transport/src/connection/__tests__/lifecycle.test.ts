import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accept, harness, manualSignal, tick } from './_harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connection lifecycle', () => {
  it('walks idle → connecting → handshaking → connected and sends the init frame', async () => {
    const { connection, sockets, statuses } = harness({}, { token: async () => 'tok-abc' });
    expect(connection.status.getSnapshot().state).toBe('idle');
    expect(connection.status.getSnapshot().status).toBe('idle');
    connection.connect();
    expect(connection.status.getSnapshot().state).toBe('connecting');
    await tick();
    const socket = sockets.last();
    expect(socket.url).toBe('ws://lite.test/');
    expect(socket.protocols).toEqual(['lite']);
    socket.open();
    expect(connection.status.getSnapshot().state).toBe('handshaking');
    expect(socket.sent).toEqual([{ type: 'init', token: 'tok-abc' }]);
    socket.receive({ type: 'ack' });
    expect(connection.status.getSnapshot().state).toBe('connected');
    expect(statuses.map((s) => `${s.state}/${s.status}`)).toEqual(['connecting/connecting', 'handshaking/connecting', 'connected/connected']);
  });

  it('goes straight to connected when the protocol has no handshake', async () => {
    const { connection, sockets } = harness({}, { handshake: false });
    connection.connect();
    await tick();
    sockets.last().open();
    expect(connection.status.getSnapshot().state).toBe('connected');
  });

  it('times out a socket that never opens, and a handshake that never completes', async () => {
    const { connection, sockets } = harness({ connectTimeoutMs: 1000 });
    connection.connect();
    await tick(999);
    expect(connection.status.getSnapshot().state).toBe('connecting');
    await tick(1);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
    expect(connection.status.getSnapshot().error?.code).toBe('CONNECTION_TIMEOUT');
    expect(sockets.sockets[0]!.closedByClient).toBeDefined();
    await tick(250); // first backoff tier
    expect(sockets.sockets).toHaveLength(2);
    sockets.last().open();
    expect(connection.status.getSnapshot().state).toBe('handshaking');
    await tick(1000);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
    expect(connection.status.getSnapshot().error?.message).toMatch(/handshake did not complete within 1000 ms/);
  });

  it('reports reconnecting (not connecting) for outages after the first success', async () => {
    const { connection, sockets, statuses } = harness();
    connection.connect();
    await accept(sockets);
    sockets.last().serverClose(1006);
    expect(connection.status.getSnapshot().status).toBe('reconnecting');
    await tick(250);
    expect(connection.status.getSnapshot().state).toBe('connecting');
    expect(connection.status.getSnapshot().status).toBe('reconnecting');
    await accept(sockets);
    expect(statuses.at(-1)?.status).toBe('connected');
    expect(statuses.at(-1)?.error).toBeUndefined();
  });

  it('close() stops everything and connect() starts again', async () => {
    const { connection, sockets } = harness();
    connection.connect();
    const socket = await accept(sockets);
    connection.close();
    expect(connection.status.getSnapshot().state).toBe('closed');
    expect(socket.closedByClient).toEqual({ code: 1000, reason: 'closed' });
    await tick(60_000);
    expect(sockets.sockets).toHaveLength(1);
    connection.connect();
    await accept(sockets);
    expect(connection.status.getSnapshot().state).toBe('connected');
  });
});

describe('recovery from terminal states', () => {
  it('failed → connect() starts over with a clean slate; idle → close() is closed', async () => {
    const { connection, sockets } = harness();
    connection.connect();
    await tick();
    sockets.last().serverClose(1002, 'protocol error');
    expect(connection.status.getSnapshot().state).toBe('failed');
    connection.connect();
    expect(connection.status.getSnapshot().state).toBe('connecting');
    await accept(sockets);
    expect(connection.status.getSnapshot()).toMatchObject({ status: 'connected', error: undefined });

    const other = harness().connection;
    other.close();
    expect(other.status.getSnapshot().state).toBe('closed');
  });
});

describe('backoff', () => {
  it('retries with the tier sequence, jittered, capped at the last tier', async () => {
    const { connection, sockets } = harness({ backoff: { delaysMs: [100, 200, 400], ceilingMs: 300 } });
    connection.connect();
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      await tick();
      sockets.last().serverClose(1006);
      const count = sockets.sockets.length;
      let waited = 0;
      while (sockets.sockets.length === count) {
        await tick(1);
        waited++;
      }
      gaps.push(waited);
    }
    // random() = 0.999999 → floor(0.999999 × bound); the 400 tier is capped at 300.
    expect(gaps).toEqual([99, 199, 299, 299, 299]);
  });

  it('uses the slower tier after the server signals throttling', async () => {
    const { connection, sockets } = harness({ backoff: { throttledDelaysMs: [5000] } });
    connection.connect();
    await tick();
    sockets.last().serverClose(4429, 'slow down');
    await tick(4998);
    expect(sockets.sockets).toHaveLength(1);
    await tick(1);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('resets the retry count only after the minimum uptime', async () => {
    const { connection, sockets } = harness({ backoff: { delaysMs: [100, 1000], minUptimeMs: 5000 } });
    connection.connect();
    await tick();
    sockets.last().serverClose(1006); // attempt 0 → 100 ms
    await tick(100);
    await accept(sockets);
    await tick(1000); // up only 1 s
    sockets.last().serverClose(1006);
    expect(connection.status.getSnapshot().attempt).toBe(2); // not reset: 1000 ms tier
    await tick(998);
    expect(sockets.sockets).toHaveLength(2);
    await tick(1);
    await accept(sockets);
    await tick(5000); // stable
    sockets.last().serverClose(1006);
    expect(connection.status.getSnapshot().attempt).toBe(1);
    await tick(99);
    expect(sockets.sockets).toHaveLength(4);
  });
});

describe('keep-alive watchdog', () => {
  it('tears down a silent socket and reconnects; keep-alive frames keep it open', async () => {
    const { connection, sockets } = harness({}, { liveness: { mode: 'keepalive', timeoutMs: 10_000 } });
    connection.connect();
    const socket = await accept(sockets);
    for (let i = 0; i < 5; i++) {
      await tick(9000);
      socket.receive({ type: 'ka' });
    }
    expect(connection.status.getSnapshot().state).toBe('connected');
    await tick(10_000);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
    expect(socket.closedByClient?.code).toBe(4000);
    expect(connection.status.getSnapshot().error?.code).toBe('CONNECTION_TIMEOUT');
    await tick(250);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('in keepalive mode, other traffic does not count as proof of life', async () => {
    const { connection, sockets } = harness({}, { liveness: { mode: 'keepalive', timeoutMs: 1000 } });
    connection.connect();
    const socket = await accept(sockets);
    await tick(600);
    socket.receive({ type: 'published', id: 'x' });
    await tick(400);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
  });

  it('honours the timeout the server announces in its ack', async () => {
    const { connection, sockets } = harness({}, { liveness: { mode: 'keepalive', timeoutMs: 1000 } });
    connection.connect();
    await accept(sockets, 60_000);
    await tick(59_000);
    expect(connection.status.getSnapshot().state).toBe('connected');
    await tick(1000);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
  });

  it('in ping mode sends pings and needs pongs', async () => {
    const { connection, sockets } = harness({}, { liveness: { mode: 'ping', timeoutMs: 3000, pingIntervalMs: 1000 } });
    connection.connect();
    const socket = await accept(sockets);
    await tick(1000);
    expect(socket.ofType('ping')).toHaveLength(1);
    socket.receive({ type: 'pong' });
    await tick(1000);
    socket.receive({ type: 'pong' });
    await tick(2999);
    expect(connection.status.getSnapshot().state).toBe('connected');
    expect(socket.ofType('ping')).toHaveLength(4); // at 1000, 2000, 3000 and 4000 ms
    await tick(1);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
  });

  it('in traffic mode any frame counts', async () => {
    const { connection, sockets } = harness({}, { liveness: { mode: 'traffic', timeoutMs: 1000 } });
    connection.connect();
    const socket = await accept(sockets);
    await tick(900);
    socket.receive({ type: 'published', id: 'nope' });
    await tick(900);
    expect(connection.status.getSnapshot().state).toBe('connected');
    await tick(100);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
  });
});

describe('connection lifetime cap', () => {
  it('reconnects proactively, without backoff, before the protocol’s maximum connection duration', async () => {
    const { connection, sockets } = harness({ backoff: { delaysMs: [60_000] } }, { maxConnectionMs: 7_000_000, liveness: { mode: 'none', timeoutMs: 0 } });
    connection.connect();
    const first = await accept(sockets);
    await tick(6_999_999);
    expect(sockets.sockets).toHaveLength(1);
    await tick(1);
    expect(first.closedByClient).toBeDefined();
    expect(connection.status.getSnapshot().state).not.toBe('connected');
    await tick(5);
    expect(connection.status.getSnapshot().state).toBe('connecting');
    expect(sockets.sockets).toHaveLength(2); // no 60 s backoff
    await accept(sockets);
    expect(connection.status.getSnapshot().state).toBe('connected');
  });

  it('ping mode with timeoutMs 0 sends pings but never expects an answer', async () => {
    const { connection, sockets } = harness({}, { liveness: { mode: 'ping', timeoutMs: 0, pingIntervalMs: 1000 } });
    connection.connect();
    const socket = await accept(sockets);
    await tick(10_500);
    expect(socket.ofType('ping')).toHaveLength(10);
    expect(connection.status.getSnapshot().state).toBe('connected');
  });
});

describe('network and visibility signals', () => {
  it('makes no attempts while offline and reconnects at once when the network returns', async () => {
    const network = manualSignal(true);
    const { connection, sockets } = harness({ network, backoff: { delaysMs: [30_000] } });
    connection.connect();
    await accept(sockets);
    network.set(false);
    expect(connection.status.getSnapshot().online).toBe(false);
    sockets.last().serverClose(1006);
    await tick(10 * 60_000);
    expect(sockets.sockets).toHaveLength(1);
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
    network.set(true);
    expect(connection.status.getSnapshot().state).toBe('connecting');
    await tick();
    expect(sockets.sockets).toHaveLength(2);
  });

  it('waits for the network before a first connect made offline', async () => {
    const network = manualSignal(false);
    const { connection, sockets } = harness({ network });
    connection.connect();
    await tick(60_000);
    expect(sockets.sockets).toHaveLength(0);
    network.set(true);
    await tick();
    expect(sockets.sockets).toHaveLength(1);
  });

  it('retries at once when the page becomes visible', async () => {
    const visibility = manualSignal(false);
    const { connection, sockets } = harness({ visibility, backoff: { delaysMs: [60_000] } });
    connection.connect();
    await accept(sockets);
    sockets.last().serverClose(1006);
    await tick(1000);
    expect(sockets.sockets).toHaveLength(1);
    visibility.set(true);
    await tick();
    expect(sockets.sockets).toHaveLength(2);
  });
});
