import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelKitError } from '../../errors/ChannelKitError.js';
import { accept, harness, tick } from './_harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('channel subscriptions', () => {
  it('N subscribers of one channel share one wire subscription and all get its events', async () => {
    const { connection, sockets } = harness();
    const a: unknown[] = [];
    const b: unknown[] = [];
    connection.channel('/room/1').subscribe((d) => a.push(d));
    connection.channel('/room/1').subscribe((d) => b.push(d));
    const socket = await accept(sockets);
    const subs = socket.ofType('sub');
    expect(subs).toHaveLength(1);
    socket.receive({ type: 'subscribed', id: subs[0]!.id });
    socket.receive({ type: 'data', id: subs[0]!.id, data: { n: 1 } });
    expect(a).toEqual([{ n: 1 }]);
    expect(b).toEqual([{ n: 1 }]);
  });

  it('auto-connects on the first subscribe', async () => {
    const { connection, sockets } = harness();
    connection.channel('/a').subscribe(() => {});
    expect(connection.status.getSnapshot().state).toBe('connecting');
    await tick();
    expect(sockets.sockets).toHaveLength(1);
  });

  it('unsubscribes only after the grace period following the last release', async () => {
    const { connection, sockets } = harness({ releaseGraceMs: 500 });
    connection.connect();
    const socket = await accept(sockets);
    const r1 = connection.channel('/a').subscribe(() => {});
    const r2 = connection.channel('/a').subscribe(() => {});
    const id = socket.ofType('sub')[0]!.id;
    socket.receive({ type: 'subscribed', id });
    r1();
    r1(); // idempotent: must not release r2's lease
    await tick(1000);
    expect(socket.ofType('unsub')).toHaveLength(0);
    r2();
    await tick(499);
    expect(socket.ofType('unsub')).toHaveLength(0);
    await tick(1);
    expect(socket.ofType('unsub')).toEqual([{ type: 'unsub', id }]);
  });

  it('a StrictMode-style release + re-acquire within the grace costs nothing on the wire', async () => {
    const { connection, sockets } = harness({ releaseGraceMs: 500 });
    connection.connect();
    const socket = await accept(sockets);
    const release = connection.channel('/a').subscribe(() => {});
    socket.receive({ type: 'subscribed', id: socket.ofType('sub')[0]!.id });
    release();
    const subscribed = vi.fn();
    connection.channel('/a').subscribe({ onEvent: () => {}, onSubscribed: subscribed });
    await tick(5000);
    expect(socket.ofType('sub')).toHaveLength(1);
    expect(socket.ofType('unsub')).toHaveLength(0);
    expect(subscribed).toHaveBeenCalledTimes(1); // told at once: the channel is already live
  });

  it('resubscribes every live channel after a reconnect, with fresh ids, and signals discontinuity', async () => {
    const { connection, sockets } = harness();
    const gaps = vi.fn();
    const events: unknown[] = [];
    connection.channel('/a').subscribe({ onEvent: (d) => events.push(d), onDiscontinuity: gaps });
    connection.channel('/b').subscribe(() => {});
    const first = await accept(sockets);
    for (const s of first.ofType('sub')) first.receive({ type: 'subscribed', id: s.id });
    expect(gaps).not.toHaveBeenCalled();
    first.serverClose(1006);
    await tick(250);
    const second = await accept(sockets);
    const resubs = second.ofType('sub');
    expect(resubs.map((s) => s.channel).sort()).toEqual(['/a', '/b']);
    expect(resubs.map((s) => s.id)).not.toContain(first.ofType('sub')[0]!.id);
    for (const s of resubs) second.receive({ type: 'subscribed', id: s.id });
    expect(gaps).toHaveBeenCalledTimes(1);
    const aId = resubs.find((s) => s.channel === '/a')!.id;
    second.receive({ type: 'data', id: aId, data: 'after' });
    // Events for the old subscription id are not delivered twice or to the wrong place.
    second.receive({ type: 'data', id: first.ofType('sub')[0]!.id, data: 'stale' });
    expect(events).toEqual(['after']);
  });

  it('close() leaves every leased channel idle with CONNECTION_CLOSED and tells its subscribers; connect() brings it back', async () => {
    const { connection, sockets } = harness();
    const errors: ChannelKitError[] = [];
    const room = connection.channel('/a');
    room.subscribe({ onEvent: () => {}, onError: (e) => errors.push(e) });
    const first = await accept(sockets);
    first.receive({ type: 'subscribed', id: first.ofType('sub')[0]!.id });
    expect(room.state.getSnapshot().status).toBe('subscribed');
    connection.close();
    expect(room.state.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'CONNECTION_CLOSED' } });
    expect(errors.map((e) => e.code)).toEqual(['CONNECTION_CLOSED']);
    await tick(1500);
    expect(room.state.getSnapshot().status).toBe('idle');
    // A channel released before close (in its grace period) is not left looking live either.
    connection.connect();
    expect(room.state.getSnapshot()).toMatchObject({ status: 'subscribing', error: undefined });
    const second = await accept(sockets);
    expect(room.state.getSnapshot()).toMatchObject({ status: 'subscribing', error: undefined });
    second.receive({ type: 'subscribed', id: second.ofType('sub')[0]!.id });
    expect(room.state.getSnapshot().status).toBe('subscribed');
  });

  it('a channel released in its grace period goes idle on close(), not subscribed', async () => {
    const { connection, sockets } = harness();
    const room = connection.channel('/g');
    const release = room.subscribe(() => {});
    const first = await accept(sockets);
    first.receive({ type: 'subscribed', id: first.ofType('sub')[0]!.id });
    release();
    connection.close();
    expect(room.state.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'CONNECTION_CLOSED' } });
    await tick(1500);
    expect(room.state.getSnapshot().status).toBe('idle');
  });

  it('reports subscribe errors and ack timeouts to the subscriber', async () => {
    const { connection, sockets } = harness({ ackTimeoutMs: 2000 });
    const errors: ChannelKitError[] = [];
    connection.channel('/denied').subscribe({ onEvent: () => {}, onError: (e) => errors.push(e) });
    connection.channel('/silent').subscribe({ onEvent: () => {}, onError: (e) => errors.push(e) });
    const socket = await accept(sockets);
    const denied = socket.ofType('sub').find((s) => s.channel === '/denied')!;
    socket.receive({ type: 'sub_error', id: denied.id, message: 'Unauthorized' });
    await tick(2000);
    expect(errors.map((e) => e.code)).toEqual(['SUBSCRIBE_FAILED', 'ACK_TIMEOUT']);
  });

  it('a channel whose subscribe encodes to nothing is live at once and not waited for', async () => {
    const { connection, sockets } = harness();
    const subscribed = vi.fn();
    connection.channel('/local').subscribe({ onEvent: () => {}, onSubscribed: subscribed });
    const socket = await accept(sockets);
    expect(socket.ofType('sub')).toHaveLength(0);
    expect(subscribed).toHaveBeenCalledTimes(1);
    void connection.publish('/a', [1]).catch(() => {});
    expect(socket.ofType('pub')).toHaveLength(1); // the outbox flushed without a subscribe ack
  });

  it('rejects invalid channel names synchronously with a typed error', () => {
    const { connection } = harness();
    expect(() => connection.channel('/Bad_Name').subscribe(() => {})).toThrowError(expect.objectContaining({ code: 'INVALID_CHANNEL' }));
    expect(connection.status.getSnapshot().state).toBe('idle');
  });

  it('keeps delivering to other listeners when one throws, and reports it', async () => {
    const { connection, sockets } = harness();
    const reported: ChannelKitError[] = [];
    connection.onError((e) => reported.push(e));
    const got: unknown[] = [];
    connection.channel('/a').subscribe(() => {
      throw new Error('listener bug');
    });
    connection.channel('/a').subscribe((d) => got.push(d));
    const socket = await accept(sockets);
    const id = socket.ofType('sub')[0]!.id;
    socket.receive({ type: 'subscribed', id });
    socket.receive({ type: 'data', id, data: 1 });
    socket.receive({ type: 'data', id, data: 2 });
    expect(got).toEqual([1, 2]);
    expect(reported).toHaveLength(2);
    expect(reported[0]!.message).toMatch(/listener bug/);
    expect(connection.status.getSnapshot().state).toBe('connected');
  });

  it('survives garbage frames', async () => {
    const { connection, sockets } = harness();
    const reported: ChannelKitError[] = [];
    connection.onError((e) => reported.push(e));
    connection.connect();
    const socket = await accept(sockets);
    socket.receive('}{ not json');
    socket.receive({ type: 'mystery' });
    expect(reported.map((e) => e.code)).toEqual(['PROTOCOL_ERROR', 'PROTOCOL_ERROR']);
    expect(connection.status.getSnapshot().state).toBe('connected');
  });

  it('keeps frame order when subscribe encoding is async (per-subscribe signing)', async () => {
    const { connection, sockets } = harness({}, { asyncSubscribeMs: 50 });
    connection.connect();
    const socket = await accept(sockets);
    connection.channel('/a').subscribe(() => {});
    void connection.publish('/a', [1]).catch(() => {});
    connection.channel('/b').subscribe(() => {});
    await tick(200);
    expect(socket.sent.slice(1).map((f) => `${f.type}:${f.channel}`)).toEqual(['sub:/a', 'pub:/a', 'sub:/b']);
  });
});
