import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../startEmulator.js';
import { connect, refusedWith, sleep, start } from './_hotsock.js';

let e: RunningEmulator;
afterEach(() => e?.close());

const room = { channels: { room: { subscribe: true, messages: { '*': { publish: true } } } } };

describe('Hotsock emulator: limits and timers', () => {
  it('a message over 128 KB closes the socket with 1009; data over 32 KiB is refused with DATA_TOO_LARGE', async () => {
    e = await start();
    const p = await connect(e, room);
    p.send({ event: 'hotsock.subscribe', channel: 'room' });
    await p.next('hotsock.subscribed');
    p.send({ channel: 'room', event: 'big', data: 'x'.repeat(33 * 1024) });
    expect((await p.next()).error?.code).toBe('DATA_TOO_LARGE');
    p.send({ channel: 'room', event: 'huge', data: 'x'.repeat(130 * 1024) });
    expect((await p.closed).code).toBe(1009);
  });

  it('idle timeout and maximum duration close with 1001; keepAlive frames every interval; heartbeatTimeout enforced', async () => {
    e = await start({ idleTimeoutMs: 150, maxConnectionMs: 60_000, keepAliveIntervalMs: 40 });
    const idle = await connect(e);
    expect(await idle.closed).toEqual({ code: 1001, reason: 'Going away' });
    const kept = await connect(e, { keepAlive: true }); // keep-alive frames are traffic: no idle close
    await sleep(300);
    expect(kept.frames.filter((f) => f.event === 'hotsock.keepAlive').length).toBeGreaterThan(2);
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
    kept.ws.close();
    await e.close();
    e = await start({ maxConnectionMs: 200 });
    const capped = await connect(e, { keepAlive: true });
    expect(await capped.closed).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('heartbeatTimeout: a connection that stops sending hotsock.heartbeat is closed (1000, an emulator choice)', async () => {
    e = await start();
    const hb = await connect(e, { heartbeatTimeout: 5, keepAlive: true });
    hb.send({ event: 'hotsock.heartbeat' });
    expect(await hb.closed).toEqual({ code: 1000, reason: 'heartbeat timeout' });
  });
});

describe('Hotsock emulator: faults', () => {
  const fault = (body: Record<string, unknown>) => fetch(`${e.endpoints.admin}/faults`, { method: 'POST', body: JSON.stringify({ backend: 'hotsock', ...body }) });

  it('drop, close with a code, garbage, stopKeepAlive (no pongs), throttle, rejectAuth, refuseHandshake, delayHandshake, reset', async () => {
    e = await start();
    const a = await connect(e, room);
    await fault({ action: 'garbage' });
    expect((await a.next('<garbage>')).data).toContain('not json');
    await fault({ action: 'stopKeepAlive', connectionId: a.connected.data.connectionId });
    a.send({ event: 'hotsock.ping' });
    await sleep(50);
    expect(a.frames.filter((f) => f.event === 'hotsock.pong')).toEqual([]);
    await fault({ action: 'throttle' });
    a.send({ event: 'hotsock.subscribe', channel: 'room' });
    await a.next('hotsock.subscribed');
    a.send({ channel: 'room', event: 'x' });
    expect((await a.next()).error?.code).toBe('THROTTLED');
    await fault({ action: 'close', code: 4000, reason: 'bye' });
    expect(await a.closed).toEqual({ code: 4000, reason: 'bye' });
    const b = await connect(e);
    await fault({ action: 'drop' });
    expect((await b.closed).code).toBe(1006);
    await fault({ action: 'rejectAuth' });
    const url = `${e.endpoints.hotsock.webSocketUrl}?token=${(await import('./_hotsock.js')).mint(e, { scope: 'connect' })}`;
    expect(await refusedWith(url)).toBe(401);
    await fault({ action: 'reset' });
    await fault({ action: 'refuseHandshake', code: 503 });
    expect(await refusedWith(url)).toBe(503);
    await fault({ action: 'reset' });
    await fault({ action: 'delayHandshake', durationMs: 100 });
    const delayed = await connect(e); // held, then answered with hotsock.connected as usual
    expect(delayed.connected.data.connectionId).toMatch(/=$/);
    delayed.ws.close();
    expect(e.connections().filter((c) => c.backend === 'hotsock').length).toBeLessThanOrEqual(1);
  });
});
