import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelKitError } from '../../errors/ChannelKitError.js';
import type { Backend } from '../Backend.js';
import type { UnroutedEvent } from '../Subscriptions.js';
import { accept, harness, tick } from './_harness.js';

// The backend seam's newer members, driven through the lite backend on fake sockets.

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backend seam', () => {
  it('holds frames that arrive before the handshake completes and delivers them after it', async () => {
    const { connection, sockets } = harness();
    const got: unknown[] = [];
    const unrouted: UnroutedEvent[] = [];
    connection.onUnrouted((e) => unrouted.push(e));
    connection.channel('/room').subscribe((d) => got.push(d));
    await tick();
    const socket = sockets.last();
    socket.open();
    // Chime-style: channel events before the session is established.
    socket.receive({ type: 'cdata', channel: '/elsewhere', data: 'early' });
    expect(unrouted).toEqual([]);
    socket.receive({ type: 'ack' });
    await tick();
    expect(unrouted.map((e) => e.data)).toEqual(['early']);
    const sub = socket.ofType('sub')[0]!;
    socket.receive({ type: 'subscribed', id: sub.id });
    socket.receive({ type: 'data', id: sub.id, data: 'live' });
    expect(got).toEqual(['live']);
  });

  it('surfaces events of channels nobody subscribed to through onUnrouted', async () => {
    const { connection, sockets } = harness();
    const unrouted: UnroutedEvent[] = [];
    connection.onUnrouted((e) => unrouted.push(e));
    connection.connect();
    const socket = await accept(sockets);
    socket.receive({ type: 'cdata', channel: '/auto', data: { n: 1 } });
    socket.receive({ type: 'data', id: 'nobody', data: 2 });
    expect(unrouted).toEqual([
      { channel: '/auto', subscriptionId: undefined, id: undefined, data: { n: 1 }, meta: undefined },
      { channel: undefined, subscriptionId: 'nobody', id: undefined, data: 2, meta: undefined },
    ]);
  });

  it('events of a released channel still in its grace period go to onUnrouted, not nowhere', async () => {
    const { connection, sockets } = harness({ releaseGraceMs: 500 });
    const unrouted: UnroutedEvent[] = [];
    connection.onUnrouted((e) => unrouted.push(e));
    connection.connect();
    const socket = await accept(sockets);
    const got: unknown[] = [];
    const release = connection.channel('/room').subscribe((d) => got.push(d));
    const sub = socket.ofType('sub')[0]!;
    socket.receive({ type: 'subscribed', id: sub.id });
    socket.receive({ type: 'data', id: sub.id, data: 'live' });
    release();
    socket.receive({ type: 'data', id: sub.id, data: 'after release' });
    expect(got).toEqual(['live']);
    expect(unrouted.map((e) => [e.channel, e.data])).toEqual([['/room', 'after release']]);
    // Re-acquired within the grace: delivered to the subscriber again.
    connection.channel('/room').subscribe((d) => got.push(d));
    socket.receive({ type: 'data', id: sub.id, data: 'again' });
    expect(got).toEqual(['live', 'again']);
    expect(unrouted).toHaveLength(1);
  });

  it('passes a subscribe ack’s data to onSubscribed and ignores an ack naming another channel', async () => {
    const { connection, sockets } = harness();
    const acks: unknown[] = [];
    const errors: ChannelKitError[] = [];
    connection.onError((e) => errors.push(e));
    connection.channel('/a').subscribe({ onEvent: () => {}, onSubscribed: (data) => acks.push(data) });
    const socket = await accept(sockets);
    const id = socket.ofType('sub')[0]!.id;
    socket.receive({ type: 'subscribed', id, channel: '/b', data: 'wrong' });
    expect(acks).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['PROTOCOL_ERROR']);
    expect(connection.channel('/a').state.getSnapshot().status).toBe('subscribing');
    socket.receive({ type: 'subscribed', id, channel: '/a', data: { members: 3 } });
    expect(acks).toEqual([{ members: 3 }]);
    expect(connection.channel('/a').state.getSnapshot().status).toBe('subscribed');
  });

  it('keeps presence members in the channel state, deduplicated by id', async () => {
    const { connection, sockets } = harness();
    connection.channel('/room').subscribe(() => {});
    const socket = await accept(sockets);
    socket.receive({ type: 'subscribed', id: socket.ofType('sub')[0]!.id });
    const state = connection.channel('/room').state;
    socket.receive({ type: 'presence', channel: '/room', action: 'sync', members: [{ id: 'u1' }, { id: 'u2' }, { id: 'u1', data: 'again' }] });
    expect(state.getSnapshot().members).toEqual([{ id: 'u1', data: 'again' }, { id: 'u2' }]);
    socket.receive({ type: 'presence', channel: '/room', action: 'join', members: [{ id: 'u3' }] });
    socket.receive({ type: 'presence', channel: '/room', action: 'leave', members: [{ id: 'u1' }] });
    socket.receive({ type: 'presence', channel: '/room', action: 'update', members: [{ id: 'u2', data: 'typing' }] });
    expect(state.getSnapshot().members).toEqual([{ id: 'u2', data: 'typing' }, { id: 'u3' }]);
    expect(state.getServerSnapshot().members).toBeUndefined();
  });

  it('registers the session secret with the redactor and reconnects ahead of the session expiry', async () => {
    const { connection, sockets, logs } = harness({}, { liveness: { mode: 'none', timeoutMs: 0 } });
    const errors: ChannelKitError[] = [];
    connection.onError((e) => errors.push(e));
    connection.connect();
    await tick();
    const socket = sockets.last();
    socket.open();
    const secret = 'sess-secret-0123456789';
    socket.receive({ type: 'ack', session: { connectionId: 'c1', secret, expiresAt: Date.now() + 10 * 60_000 } });
    await tick();
    socket.receive({ type: 'error', message: `server echoed ${secret}` });
    expect(errors[0]!.message).not.toContain(secret);
    expect(JSON.stringify(logs)).not.toContain(secret);
    // 10 minutes left → reconnect one minute early, without backoff.
    await tick(9 * 60_000 - 10);
    expect(sockets.sockets).toHaveLength(1);
    await tick(20);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('ignores a session expiry that is already past instead of reconnecting in a loop', async () => {
    const { connection, sockets, logs } = harness({}, { liveness: { mode: 'none', timeoutMs: 0 } });
    connection.connect();
    await tick();
    const socket = sockets.last();
    socket.open();
    socket.receive({ type: 'ack', session: { connectionId: 'c1', secret: 'sess-secret-0123456789', expiresAt: Date.now() - 5_000 } });
    await tick(60_000);
    expect(sockets.sockets).toHaveLength(1);
    expect(connection.status.getSnapshot().status).toBe('connected');
    expect(logs.some((l) => l.level === 'warn' && /session expiry/.test(l.message))).toBe(true);
  });

  it('holds at most 1,000 frames before the handshake, dropping the oldest and saying so', async () => {
    const { connection, sockets } = harness();
    const unrouted: unknown[] = [];
    const errors: ChannelKitError[] = [];
    connection.onUnrouted((e) => unrouted.push(e.data));
    connection.onError((e) => errors.push(e));
    connection.connect();
    await tick();
    const socket = sockets.last();
    socket.open();
    for (let i = 0; i < 1_005; i++) socket.receive({ type: 'cdata', channel: '/x', data: i });
    socket.receive({ type: 'ack' });
    await tick();
    expect(unrouted).toHaveLength(1_000);
    expect(unrouted[0]).toBe(5);
    expect(errors).toHaveLength(5);
    expect(errors[0]!.message).toMatch(/more than 1000 frames before the handshake/);
  });

  it('admits a publish to the outbox all or nothing', async () => {
    const { connection, sockets } = harness({ outbox: { maxEvents: 1000 } }, { splitBatches: true, maxEventsPerPublish: 5 });
    const big = Array.from({ length: 2000 }, (_, i) => i);
    await expect(connection.publish('/a', big)).rejects.toMatchObject({ code: 'OUTBOX_FULL' });
    const small = connection.publish('/a', [1, 2, 3, 4, 5, 6, 7]);
    const socket = await accept(sockets);
    const pubs = socket.ofType('pub');
    // Only the admitted call's two requests went out: nothing of the refused 2,000.
    expect(pubs.map((p) => p.events)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7],
    ]);
    for (const p of pubs) socket.receive({ type: 'published', id: p.id });
    await expect(small).resolves.toEqual({ successful: [0, 1, 2, 3, 4, 5, 6].map((index) => ({ index })), failed: [] });
  });
});

describe('recovery after a reconnect', () => {
  async function setup(recover: NonNullable<Backend['recover']>) {
    const { connection, sockets } = harness({}, { recover });
    const got: unknown[] = [];
    let discontinuities = 0;
    connection.channel('/room').subscribe({ onEvent: (d) => got.push(d), onDiscontinuity: () => discontinuities++ });
    const first = await accept(sockets);
    const id1 = first.ofType('sub')[0]!.id;
    first.receive({ type: 'subscribed', id: id1 });
    first.receive({ type: 'data', id: id1, data: 'm1', eid: 'e1' });
    first.serverClose(1006);
    await tick(300);
    const second = await accept(sockets);
    const id2 = second.ofType('sub')[0]!.id;
    return { connection, got, second, id2, discontinuities: () => discontinuities };
  }

  it('fetches what was missed after the last id, delivers it in order before newer live events, each once', async () => {
    let resolveRecovery: (value: { events: Array<{ id: string; data: unknown }>; complete: boolean }) => void = () => {};
    const asked: Array<string | undefined> = [];
    const { connection, got, second, id2, discontinuities } = await setup(({ lastEventId }) => {
      asked.push(lastEventId);
      return new Promise((r) => {
        resolveRecovery = r;
      });
    });
    second.receive({ type: 'subscribed', id: id2 });
    // Live events arrive while history is being fetched: held, not delivered yet.
    second.receive({ type: 'data', id: id2, data: 'm3', eid: 'e3' });
    second.receive({ type: 'data', id: id2, data: 'm4', eid: 'e4' });
    expect(got).toEqual(['m1']);
    resolveRecovery({
      events: [
        { id: 'e2', data: 'm2' },
        { id: 'e3', data: 'm3' },
      ],
      complete: true,
    });
    await tick();
    expect(asked).toEqual(['e1']);
    expect(got).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(discontinuities()).toBe(0);
    expect(connection.channel('/room').state.getSnapshot()).toMatchObject({ lastEventId: 'e4', discontinuities: 0 });
    second.receive({ type: 'data', id: id2, data: 'dup', eid: 'e4' });
    expect(got).toHaveLength(4);
  });

  it('gives subscribers the event id in meta for live, held and recovered events (hooks merge history by it)', async () => {
    const { connection, sockets } = harness({}, { recover: async () => ({ events: [{ id: 'e2', data: 'm2', meta: { source: 'history' } }], complete: true }) });
    const metas: Array<Record<string, unknown>> = [];
    connection.channel('/room').subscribe({ onEvent: (_d, meta) => metas.push({ ...meta }) });
    const first = await accept(sockets);
    const id1 = first.ofType('sub')[0]!.id;
    first.receive({ type: 'subscribed', id: id1 });
    first.receive({ type: 'data', id: id1, data: 'm1', eid: 'e1' });
    first.receive({ type: 'data', id: id1, data: 'no-id' });
    first.serverClose(1006);
    await tick(300);
    const second = await accept(sockets);
    const id2 = second.ofType('sub')[0]!.id;
    second.receive({ type: 'subscribed', id: id2 });
    second.receive({ type: 'data', id: id2, data: 'm3', eid: 'e3' });
    await tick();
    expect(metas).toEqual([{ channel: '/room', id: 'e1' }, { channel: '/room' }, { channel: '/room', id: 'e2', source: 'history' }, { channel: '/room', id: 'e3' }]);
  });

  it('asks for everything since the last acknowledged subscribe when no event was seen before the outage', async () => {
    const { connection, sockets } = harness(
      {},
      {
        recover: async (request) => {
          asked.push(request);
          return { events: [{ id: 'e1', data: 'missed' }], complete: true };
        },
      },
    );
    const asked: Array<{ lastEventId: string | undefined; since: number }> = [];
    const got: unknown[] = [];
    let discontinuities = 0;
    connection.channel('/room').subscribe({ onEvent: (d) => got.push(d), onDiscontinuity: () => discontinuities++ });
    const first = await accept(sockets);
    const before = Date.now();
    first.receive({ type: 'subscribed', id: first.ofType('sub')[0]!.id });
    first.serverClose(1006);
    await tick(300);
    const second = await accept(sockets);
    second.receive({ type: 'subscribed', id: second.ofType('sub')[0]!.id });
    await tick();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.lastEventId).toBeUndefined();
    expect(asked[0]!.since).toBeGreaterThanOrEqual(before - 1000);
    expect(got).toEqual(['missed']);
    expect(discontinuities).toBe(0);
  });

  it('signals a discontinuity when recovery fails or is incomplete, and still delivers what it has', async () => {
    const failing = await setup(async () => {
      throw new Error('history unavailable');
    });
    failing.second.receive({ type: 'subscribed', id: failing.id2 });
    failing.second.receive({ type: 'data', id: failing.id2, data: 'live', eid: 'e9' });
    await tick();
    expect(failing.discontinuities()).toBe(1);
    expect(failing.got).toEqual(['m1', 'live']);

    const partial = await setup(async () => ({ events: [{ id: 'e2', data: 'm2' }], complete: false }));
    partial.second.receive({ type: 'subscribed', id: partial.id2 });
    await tick();
    expect(partial.got).toEqual(['m1', 'm2']);
    expect(partial.discontinuities()).toBe(1);
    expect(partial.connection.channel('/room').state.getSnapshot().discontinuities).toBe(1);
  });
});
