import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutboxFullError } from '../../errors/errors.js';
import { Outbox } from '../Outbox.js';
import { accept, harness, tick } from './_harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox', () => {
  const entry = (events: unknown[], bytes: number) => ({ channel: '/a', events, bytes, resolve: () => {}, reject: () => {} });

  it('refuses what would exceed either bound and keeps what it holds', () => {
    const outbox = new Outbox({ maxEvents: 3, maxBytes: 100 });
    outbox.push(entry([1, 2], 10));
    expect(() => outbox.push(entry([3, 4], 10))).toThrowError(OutboxFullError);
    expect(() => outbox.push(entry([3], 91))).toThrowError(/maxBytes would be 101, the bound is 100/);
    outbox.push(entry([3], 90));
    expect(outbox.events).toBe(3);
    expect(outbox.bytes).toBe(100);
    expect(outbox.drain()).toHaveLength(2);
    expect(outbox.events).toBe(0);
  });
});

describe('publishing through the connection', () => {
  it('queues while disconnected and flushes in order after resubscribe acks', async () => {
    const { connection, sockets } = harness();
    connection.channel('/a').subscribe(() => {});
    const results = [connection.publish('/a', [1]), connection.publish('/b', [2]), connection.publish('/a', [3, 4])];
    const socket = await accept(sockets);
    expect(socket.ofType('pub')).toHaveLength(0); // waiting for the subscribe ack
    socket.receive({ type: 'subscribed', id: socket.ofType('sub')[0]!.id });
    const pubs = socket.ofType('pub');
    expect(pubs.map((p) => p.events)).toEqual([[1], [2], [3, 4]]);
    for (const p of pubs) socket.receive({ type: 'published', id: p.id });
    await expect(Promise.all(results)).resolves.toHaveLength(3);
  });

  it('rejects with OUTBOX_FULL over the event bound and over the byte bound', async () => {
    const { connection } = harness({ outbox: { maxEvents: 3, maxBytes: 1024 } }, { maxEventsPerPublish: 10 });
    const ok = connection.publish('/a', [1, 2]);
    await expect(connection.publish('/a', [3, 4])).rejects.toMatchObject({ code: 'OUTBOX_FULL', details: { limit: 'maxEvents', max: 3 } });
    await expect(connection.publish('/a', ['x'.repeat(2000)])).rejects.toMatchObject({ code: 'OUTBOX_FULL', details: { limit: 'maxBytes' } });
    connection.close();
    await expect(ok).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('defaults to 1,000 events', async () => {
    const { connection } = harness({}, { maxEventsPerPublish: 1000 });
    const first = connection.publish(
      '/a',
      Array.from({ length: 1000 }, (_, i) => i),
    );
    await expect(connection.publish('/a', [1])).rejects.toBeInstanceOf(OutboxFullError);
    connection.close();
    await expect(first).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('validates before queueing: limits and channel rules are typed errors', async () => {
    const { connection } = harness();
    await expect(connection.publish('/a', [1, 2, 3, 4, 5, 6])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await expect(connection.publish('bad name', [1])).rejects.toMatchObject({ code: 'INVALID_CHANNEL' });
    await expect(connection.publish('/a', [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('rejects unacknowledged publishes with CONNECTION_LOST when the socket drops, and requeues unsent ones', async () => {
    const { connection, sockets } = harness();
    connection.connect();
    const socket = await accept(sockets);
    const sent = connection.publish('/a', ['sent']);
    expect(socket.ofType('pub')).toHaveLength(1);
    socket.serverClose(1006);
    await expect(sent).rejects.toMatchObject({ code: 'CONNECTION_LOST', retryable: true });
    const later = connection.publish('/a', ['later']);
    await tick(250);
    const next = await accept(sockets);
    const pub = next.ofType('pub');
    expect(pub.map((p) => p.events)).toEqual([['later']]);
    next.receive({ type: 'published', id: pub[0]!.id });
    await expect(later).resolves.toEqual({ successful: [{ index: 0 }], failed: [] });
  });

  it('times out a publish the server never acknowledges, and surfaces server refusals', async () => {
    const { connection, sockets } = harness({ ackTimeoutMs: 3000 });
    connection.connect();
    const socket = await accept(sockets);
    const silent = connection.publish('/a', [1]).catch((e: unknown) => e);
    const refused = connection.publish('/a', [2]);
    socket.receive({ type: 'published', id: socket.ofType('pub')[1]!.id, error: 'denied' });
    await expect(refused).rejects.toMatchObject({ code: 'PUBLISH_FAILED' });
    await tick(3000);
    await expect(silent).resolves.toMatchObject({ code: 'ACK_TIMEOUT' });
  });

  it('rejects queued publishes with the fatal error when the connection fails', async () => {
    const { connection, sockets } = harness();
    const queued = connection.publish('/a', [1]);
    await tick();
    sockets.last().serverClose(1002, 'protocol error');
    expect(connection.status.getSnapshot().state).toBe('failed');
    await expect(queued).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
    await expect(connection.publish('/a', [2])).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
  });
});
