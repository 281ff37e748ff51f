import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelKitError } from '../../errors/ChannelKitError.js';
import { accept, harness, tick } from './_harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

// Known secret values of every kind the transport handles.
const API_KEY = 'da2-abcdefghijklmnopqrstuvwxyz';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl';
const OPAQUE = 'opaque-lambda-token-7f3c9a';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SESSION = 'IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQ';
const ALL = [API_KEY, JWT, OPAQUE, SECRET_KEY, SESSION];

describe('secrets never leak', () => {
  it('no log line, status error, rejection or reported error contains a secret', async () => {
    let n = 0;
    const tokens = [OPAQUE, JWT, OPAQUE];
    const { connection, sockets, logs } = harness({ secrets: [API_KEY, SECRET_KEY, SESSION] }, { token: async () => tokens[n++ % tokens.length]! });
    const captured: string[] = [];
    const errors: ChannelKitError[] = [];
    connection.onError((e) => errors.push(e));
    const rejections: unknown[] = [];
    connection.channel('/a').subscribe({ onEvent: () => {}, onError: (e) => errors.push(e) });
    connection.publish('/a', [{ apiKey: API_KEY }]).catch((e: unknown) => rejections.push(e));
    await tick();
    let socket = sockets.last();
    socket.open();
    // The server echoes secrets back in every place it can.
    socket.receive({ type: 'error', message: `bad token ${OPAQUE} for key ${API_KEY}` });
    socket.receive(`garbage with ${SECRET_KEY} and ${SESSION}`);
    socket.receive({ type: 'ack' });
    await tick();
    socket.receive({ type: 'sub_error', id: socket.ofType('sub')[0]!.id, message: `Authorization: Bearer ${JWT}` });
    const pub = socket.ofType('pub')[0]!;
    socket.receive({ type: 'published', id: pub.id, error: `x-api-key=${API_KEY} rejected; X-Amz-Security-Token=${encodeURIComponent(SESSION)}` });
    socket.serverClose(4401, `token ${OPAQUE} expired`, `Unexpected server response: 401 ${JWT}`);
    await tick();
    socket = sockets.last();
    socket.serverClose(4403, `denied ${JWT} / ${SECRET_KEY}`);
    expect(connection.status.getSnapshot().state).toBe('failed');

    for (const line of logs) captured.push(line.message, JSON.stringify(line.data ?? {}));
    for (const e of errors) captured.push(e.message, JSON.stringify(e), String((e.cause as Error | undefined)?.message));
    for (const r of rejections) captured.push(String((r as Error).message), JSON.stringify(r));
    const snapshot = connection.status.getSnapshot();
    captured.push(snapshot.error?.message ?? '', JSON.stringify(snapshot.error));

    // Exact, so that every line the scenario produces is known to be among those checked below:
    // connecting, the echoed error, the undecodable frame, connected, the subscribe refusal, the
    // 4401 loss, the retry, the re-auth attempt, the 4403 loss, the final failure.
    expect(logs).toHaveLength(10);
    expect(errors.map((e) => e.code)).toEqual(['PROTOCOL_ERROR', 'PROTOCOL_ERROR', 'SUBSCRIBE_FAILED', 'AUTH_FAILED']);
    expect(rejections).toHaveLength(1);
    const text = captured.join('\n');
    expect(text).toContain('[REDACTED]');
    for (const secret of ALL) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
  });

  it('redacts secrets of known shapes that were never registered', async () => {
    const { connection, sockets, logs } = harness();
    const errors: ChannelKitError[] = [];
    connection.onError((e) => errors.push(e));
    connection.connect();
    const socket = await accept(sockets);
    const leaked = `GET /?X-Amz-Signature=abcdef0123456789abcdef&X-Amz-Security-Token=${SESSION} with ${JWT} header-eyJob3N0IjoiYSJ9aaaa`;
    socket.receive({ type: 'error', message: leaked });
    const failed = connection.publish('/a', [1]);
    socket.receive({ type: 'published', id: socket.ofType('pub')[0]!.id, error: `Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=${'a'.repeat(64)}` });
    const rejection = await failed.catch((e: Error) => e);
    const text = [...errors.map((e) => e.message), (rejection as Error).message, ...logs.map((l) => l.message)].join('\n');
    expect(errors).toHaveLength(1);
    for (const secret of [SESSION, JWT, 'abcdef0123456789abcdef', 'a'.repeat(64), 'eyJob3N0IjoiYSJ9aaaa']) expect(text).not.toContain(secret);
  });
});
