import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { createClient } from '@channelkit/transport';
import { sleep, statusIs, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { client, emulator, raw, recordErrors } from './_harness.js';

// Every fault of DESIGN.md, through the admin API or `faults`, and how the client recovers.

describe('faults', () => {
  it('drop: every socket dies without a close frame; the client reconnects and resubscribes', async () => {
    const e = await emulator();
    const c = client(e);
    c.channel('/default/a').subscribe(() => {});
    await statusIs(c, 'connected');
    await waitFor(() => e.connections()[0]?.channels.length === 1, 'the subscription on the emulator');
    const first = e.connections()[0]!.connectionId;
    expect(e.faults.apply({ action: 'drop', backend: 'appsync' })).toEqual({ affected: 1 });
    await waitFor(
      () => e.connections()[0] && e.connections()[0]!.connectionId !== first && e.connections()[0]!.channels.length === 1,
      () => `resubscribed on a new connection (connections: ${JSON.stringify(e.connections())})`,
    );
    expect(c.status.getSnapshot().status).toBe('connected');
  });

  it('close with a code: 1011 is retried, 1003 stops with a protocol error', async () => {
    const e = await emulator();
    const c = client(e);
    const errors = recordErrors(c);
    c.connect();
    await statusIs(c, 'connected');
    e.faults.apply({ action: 'close', code: 1011, reason: 'internal' });
    await waitFor(
      () => errors.some((x) => x.message.includes('1011')),
      () => `a 1011 error (errors: ${JSON.stringify(errors)})`,
    );
    await statusIs(c, 'connected');
    e.faults.apply({ action: 'close', code: 1003 });
    await statusIs(c, 'failed');
    expect(c.status.getSnapshot().error).toMatchObject({ code: 'PROTOCOL_ERROR', details: { closeCode: 1003 } });
  });

  it('stopKeepAlive: the client watchdog notices the silence (connectionTimeoutMs) and reconnects', async () => {
    // Generous margins (ka every 50 ms, dead after 800 ms) so a loaded CI machine cannot fake a timeout.
    const e = await emulator({ appsync: { keepAliveIntervalMs: 50, connectionTimeoutMs: 800 } });
    const c = client(e);
    const errors = recordErrors(c);
    const codes = { includes: (code: string) => errors.some((x) => x.code === code) };
    c.connect();
    await statusIs(c, 'connected');
    await sleep(1000); // absence: keep-alives flowing, still connected past the timeout
    expect(errors).toEqual([]);
    e.faults.apply({ action: 'stopKeepAlive', backend: 'appsync', durationMs: 1000 });
    await waitFor(
      () => codes.includes('CONNECTION_TIMEOUT'),
      () => `CONNECTION_TIMEOUT (errors: ${JSON.stringify(errors)})`,
    );
    await statusIs(c, 'connected');
  });

  it('rejectAuth: new connections are refused until the fault ends; the client stops with AUTH_FAILED', async () => {
    const e = await emulator();
    e.faults.apply({ action: 'rejectAuth', backend: 'appsync', durationMs: 60_000 });
    const c = client(e);
    c.connect();
    await statusIs(c, 'failed');
    expect(c.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
    e.faults.apply({ action: 'reset' });
    c.connect();
    await statusIs(c, 'connected');
  });

  it('throttle: WebSocket publishes fail THROTTLED and HTTP publishes get 429', async () => {
    const e = await emulator();
    const c = client(e);
    e.faults.apply({ action: 'throttle', backend: 'appsync', durationMs: 60_000 });
    await expect(c.publish('/default/a', [1])).rejects.toMatchObject({ code: 'THROTTLED', retryable: true });
    await expect(c.publish('/default/a', [1], { via: 'http' })).rejects.toMatchObject({ code: 'THROTTLED', details: { status: 429 } });
    e.faults.apply({ action: 'reset' });
    await expect(c.publish('/default/a', [1])).resolves.toMatchObject({ failed: [] });
  });

  it('garbage: the client reports a protocol error and keeps the connection', async () => {
    const e = await emulator();
    const c = client(e);
    const errors: string[] = [];
    c.onError((err) => errors.push(err.code));
    c.connect();
    await statusIs(c, 'connected');
    e.faults.apply({ action: 'garbage', backend: 'appsync' });
    await waitFor(() => errors.length === 1, 'the garbage frame reported');
    expect(errors).toEqual(['PROTOCOL_ERROR']);
    await expect(c.publish('/default/a', [1])).resolves.toMatchObject({ failed: [] });
    expect(e.connections()).toHaveLength(1);
  });

  it('delayHandshake: a late ack times the client out; it recovers once the fault is reset', async () => {
    const e = await emulator();
    e.faults.apply({ action: 'delayHandshake', durationMs: 2000 });
    const c = client(e, { connectTimeoutMs: 200 });
    const errors = recordErrors(c);
    c.connect();
    await waitFor(
      () => errors.some((x) => x.code === 'CONNECTION_TIMEOUT'),
      () => `CONNECTION_TIMEOUT (errors: ${JSON.stringify(errors)})`,
    );
    e.faults.apply({ action: 'reset' });
    await statusIs(c, 'connected');
  });

  it('refuseHandshake: upgrades get HTTP 503; the client retries until they are accepted again', async () => {
    const e = await emulator();
    e.faults.apply({ action: 'refuseHandshake', backend: 'appsync' });
    const c = client(e);
    const errors = recordErrors(c);
    c.connect();
    await waitFor(
      () => errors.some((x) => /503/.test(x.message)),
      () => `an HTTP 503 error (errors: ${JSON.stringify(errors)})`,
    );
    expect(c.status.getSnapshot().status).toBe('connecting');
    e.faults.apply({ action: 'reset' });
    await statusIs(c, 'connected');
  });

  it('targets one connection by id and leaves the others alone', async () => {
    const e = await emulator();
    const a = await raw(e);
    const b = await raw(e);
    await waitFor(() => e.connections().length === 2, 'two connections');
    const [first] = e.connections();
    e.faults.apply({ action: 'close', connectionId: first!.connectionId, code: 4000, reason: 'only you' });
    await waitFor(() => a.closed() ?? b.closed(), 'the targeted socket closed');
    await sleep(50); // absence: the other socket stays open
    expect([a.closed(), b.closed()].filter(Boolean)).toEqual([{ code: 4000, reason: 'only you' }]);
  });
});

describe('admin API', () => {
  it('lists connections, applies and validates faults, resets', async () => {
    const e = await emulator();
    const c = client(e);
    c.channel('/default/a').subscribe(() => {});
    await statusIs(c, 'connected');
    const admin = e.endpoints.admin;
    const list = (await (await fetch(`${admin}/connections`)).json()) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ backend: 'appsync', connectionId: expect.any(String), connectedAt: expect.any(String) });
    const bad = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ action: 'explode' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/fault.action must be one of/) });
    const badCode = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ action: 'close', code: 1006 }) });
    expect(badCode.status).toBe(400);
    const drop = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ action: 'drop', backend: 'appsync' }) });
    expect(await drop.json()).toEqual({ affected: 1 });
    await waitFor(() => c.status.getSnapshot().status === 'reconnecting' || e.connections().length === 1, 'the client to notice the drop (or be back already)');
    expect((await fetch(`${admin}/reset`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${admin}/nope`)).status).toBe(404);
    expect(await (await fetch(`${admin}/endpoints`)).json()).toMatchObject({ ready: true, appsync: { apiKey: e.endpoints.appsync.apiKey } });
  });
});

interface ReadyLine {
  ready: boolean;
  apigw: { webSocketUrl: string };
  appsync: { httpEndpoint: string; realtimeEndpoint: string; apiKey: string };
  tls: { certificatePem: string };
}

describe('CLI', () => {
  const cli = resolve(import.meta.dirname, '../../cli.ts');
  function start(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@channelkit/source', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = new Promise<ReadyLine>((resolveReady, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolveReady(JSON.parse(out.split('\n')[0]!));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    return { child, ready };
  }

  it('prints one JSON ready line with every endpoint and exits 0 on SIGTERM', async () => {
    const { child, ready } = start(['--port', '0']);
    const line = await ready;
    expect(line).toMatchObject({
      ready: true,
      appsync: {
        httpEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/event$/),
        realtimeEndpoint: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/event\/realtime$/),
        region: 'us-east-1',
        apiKey: expect.stringMatching(/^da2-/),
      },
      apigw: {
        webSocketUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/),
        managementEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/prod$/),
        region: 'us-east-1',
        credentials: { accessKeyId: expect.any(String) },
      },
      admin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/_emulator$/),
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--tls serves wss/https with a generated certificate the client can trust', async () => {
    const { child, ready } = start(['--port', '0', '--tls']);
    try {
      const line = await ready;
      expect(line.appsync.httpEndpoint).toMatch(/^https:/);
      expect(line.appsync.realtimeEndpoint).toMatch(/^wss:/);
      const ca = line.tls.certificatePem as string;
      class TrustingWebSocket extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { ca });
        }
      }
      const c = createClient({ backend: appSyncEvents({ httpEndpoint: line.appsync.httpEndpoint, auth: apiKeyAuth(line.appsync.apiKey) }), WebSocket: TrustingWebSocket });
      const got: unknown[] = [];
      c.channel('/default/tls').subscribe((d) => got.push(d));
      await statusIs(c as never, 'connected');
      await c.publish('/default/tls', ['secure']);
      await waitFor(() => got.length === 1, 'the event over TLS');
      c.close();
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('rejects bad arguments with a usage message', async () => {
    const { child, ready } = start(['--port', 'abc']);
    ready.catch(() => {}); // it exits before any ready line, as it should
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--port must be a whole number/);
  });
});
