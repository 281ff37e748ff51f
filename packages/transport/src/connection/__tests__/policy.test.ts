import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultClosePolicy } from '../defaultClosePolicy.js';
import { accept, harness, tick } from './_harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('defaultClosePolicy', () => {
  it.each([
    [1000, undefined, 'retry'],
    [1001, undefined, 'retry'],
    [1006, undefined, 'retry'],
    [1011, undefined, 'retry'],
    [1012, undefined, 'retry'],
    [1013, undefined, 'retry(throttled)'],
    [4429, undefined, 'retry(throttled)'],
    [1006, 'Unexpected server response: 429', 'retry(throttled)'],
    [1008, undefined, 'reauth'],
    [4401, undefined, 'reauth'],
    [4403, undefined, 'reauth'],
    [1006, 'Unexpected server response: 401', 'reauth'],
    [1006, 'Unexpected server response: 403', 'reauth'],
    [1002, undefined, 'stop'],
    [1003, undefined, 'stop'],
    [1007, undefined, 'stop'],
    [1010, undefined, 'stop'],
  ])('close %i (%s) → %s', (code, error, expected) => {
    const d = defaultClosePolicy({ code, reason: '', phase: 'connected', ...(error ? { error } : {}) });
    expect(d.action === 'retry' && d.throttled ? 'retry(throttled)' : d.action).toBe(expected);
  });
});

describe('close-code policy in the connection', () => {
  it('re-authenticates once at once, then stops: auth failures never loop', async () => {
    let n = 0;
    const { connection, sockets, connects } = harness({}, { token: async () => `token-${++n}` });
    connection.connect();
    await tick();
    sockets.last().serverClose(4401, 'Unauthorized');
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
    await tick(); // zero delay for the re-auth retry
    expect(connects.map((c) => c.reauth)).toEqual([false, true]);
    sockets.last().open();
    expect(sockets.last().sent[0]).toEqual({ type: 'init', token: 'token-2' });
    sockets.last().serverClose(4401, 'Unauthorized');
    expect(connection.status.getSnapshot().state).toBe('failed');
    const { error, status } = connection.status.getSnapshot();
    expect(status).toBe('failed');
    expect(error?.code).toBe('AUTH_FAILED');
    expect(error?.message).toMatch(/twice in a row.*4401/);
    await tick(10 * 60_000);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('a successful connection re-arms the single re-auth', async () => {
    const { connection, sockets, connects } = harness();
    connection.connect();
    await tick();
    sockets.last().serverClose(4403);
    await accept(sockets);
    sockets.last().serverClose(4401); // token expired much later: allowed again
    await tick();
    expect(connects.map((c) => c.reauth)).toEqual([false, true, true]);
    expect(connection.status.getSnapshot().state).toBe('connecting');
  });

  it('an error frame with an auth decision triggers re-auth; a stop decision fails', async () => {
    const { connection, sockets } = harness();
    connection.connect();
    await tick();
    const s1 = sockets.last();
    s1.open();
    s1.receive({ type: 'error', message: 'token expired', fatal: 'auth' });
    expect(s1.closedByClient).toBeDefined();
    expect(connection.status.getSnapshot().state).toBe('reconnecting');
    await tick();
    const s2 = sockets.last();
    s2.open();
    s2.receive({ type: 'error', message: 'unsupported version', fatal: 'stop' });
    expect(connection.status.getSnapshot().state).toBe('failed');
    expect(connection.status.getSnapshot().error).toMatchObject({ code: 'PROTOCOL_ERROR', message: 'unsupported version' });
  });

  it('an auth provider that throws AuthError gets one retry, then fails', async () => {
    const { connection, connects } = harness(
      {},
      {
        token: async () => {
          throw new (await import('../../errors/errors.js')).AuthError('refresh token revoked');
        },
      },
    );
    connection.connect();
    await tick();
    await tick();
    expect(connects).toHaveLength(2);
    expect(connection.status.getSnapshot().state).toBe('failed');
    expect(connection.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
  });

  it('an auth provider failing for other reasons (offline) keeps retrying with backoff', async () => {
    let calls = 0;
    const { connection, connects } = harness(
      {},
      {
        token: async () => {
          calls++;
          throw new TypeError('fetch failed');
        },
      },
    );
    connection.connect();
    await tick(5000);
    // Default backoff, jitter pinned at the tier bound: attempts at 0, 250, 750, 1750 and 3750 ms.
    expect(calls).toBe(5);
    expect(connects.length).toBe(calls);
    expect(connection.status.getSnapshot().state).not.toBe('failed');
    expect(connection.status.getSnapshot().error?.message).toMatch(/fetch failed/);
  });

  it('a non-retryable close code fails with a typed error', async () => {
    const { connection, sockets } = harness();
    connection.connect();
    await accept(sockets);
    sockets.last().serverClose(1003, 'unsupported data');
    expect(connection.status.getSnapshot().state).toBe('failed');
    expect(connection.status.getSnapshot().error).toMatchObject({ code: 'PROTOCOL_ERROR', details: { closeCode: 1003 } });
  });

  it('fails clearly without any WebSocket implementation', async () => {
    const { connection } = harness({ WebSocket: undefined as never });
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = undefined;
    try {
      connection.connect();
      await tick();
      expect(connection.status.getSnapshot().state).toBe('failed');
      expect(connection.status.getSnapshot().error?.message).toMatch(/pass the `WebSocket` option/);
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });
});
