import { it } from 'vitest';
import { WebSocket } from 'ws';
import { checkHealth, deepText, fuzzUpgrade, garbageBytes, hostileJson, prng, randomString, randomValue, report, SCALE, SEED, Tally, within } from '../../core/__tests__/_fuzz.js';
import { httpRequest } from '../../core/__tests__/_wire.js';
import type { RunningEmulator } from '../../startEmulator.js';
import { sleep, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator, hostOf } from './_harness.js';

// Fuzzer of the emulated AppSync Events API (issue 8): realtime frames (structured, deep,
// garbage, binary, oversized, out of protocol order), HTTP /event bodies and upgrades. After
// every batch a fresh client must connect, subscribe and publish.

const FRAME_TYPES = new Set([
  'connection_ack',
  'connection_error',
  'ka',
  'subscribe_success',
  'subscribe_error',
  'unsubscribe_success',
  'unsubscribe_error',
  'publish_success',
  'publish_error',
  'data',
  'broadcast_error',
  'error',
]);
const OK_CLOSES = new Set([1002, 1007, 1009]); // ws's own answers to invalid framing, bad UTF-8, oversize

function frameProblem(text: string, secrets: string[]): string | undefined {
  let f: { type?: unknown; errors?: unknown };
  try {
    f = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  if (!f || typeof f !== 'object' || !FRAME_TYPES.has(f.type as string)) return `unknown frame ${text.slice(0, 80)}`;
  if (String(f.type).endsWith('error')) {
    const errors = f.errors as Array<{ errorType?: unknown; message?: unknown }>;
    if (!Array.isArray(errors) || errors.length === 0 || !errors.every((e) => typeof e.errorType === 'string' && typeof e.message === 'string' && e.message.length < 1000))
      return `bad error frame ${text.slice(0, 120)}`;
    if (errors.some((e) => e.errorType === 'InternalFailure')) return `internal failure ${text.slice(0, 120)}`;
  }
  if (secrets.some((s) => text.includes(s))) return 'a secret appears in a frame';
  return undefined;
}

async function healthy(e: RunningEmulator): Promise<void> {
  const a = e.endpoints.appsync;
  const header = `header-${Buffer.from(JSON.stringify({ host: hostOf(e), 'x-api-key': a.apiKey })).toString('base64url')}`;
  const ws = new WebSocket(a.realtimeEndpoint, ['aws-appsync-event-ws', header]);
  try {
    const inbox: string[] = [];
    ws.on('message', (d) => inbox.push(String(d)));
    ws.on('error', () => {});
    await within(new Promise((resolve) => ws.once('open', resolve)), 3000, 'health: open');
    ws.send(JSON.stringify({ type: 'connection_init' }));
    ws.send(JSON.stringify({ type: 'subscribe', id: 'health', channel: '/default/health', authorization: { 'x-api-key': a.apiKey } }));
    await waitFor(
      () => inbox.some((m) => m.includes('subscribe_success')),
      () => `health: subscribe_success (got ${inbox.join(' ').slice(0, 200)})`,
    );
    const r = await httpRequest(a.httpEndpoint, { method: 'POST', headers: { 'x-api-key': a.apiKey }, body: '{"channel":"/default/health","events":["1"]}', timeoutMs: 3000 });
    if (r.status !== 200) throw new Error(`health: HTTP publish ${r.status}`);
  } finally {
    ws.terminate();
  }
}

it('fuzz appsync: frames, HTTP bodies and upgrades never crash it or get a wrong answer', async () => {
  const r = prng(SEED);
  const e = await emulator({ appsync: { namespaces: { default: {}, other: {} } } });
  const a = e.endpoints.appsync;
  const secrets = [a.apiKey, a.credentials.secretAccessKey, a.jwt.secret];
  const tally = new Tally('appsync');
  const channel = () => r.pick(['/default/a', '/default/*', 'default/a/b', '/other/x', '/nope/a', randomString(r)]);
  const frameShape = {
    type: () => r.pick(['connection_init', 'subscribe', 'unsubscribe', 'publish', 'ka', 'data', randomString(r)]),
    id: () => r.pick(['a', 'b', 'x'.repeat(129), randomString(r)]),
    channel,
    events: () => Array.from({ length: r.int(7) }, () => r.pick(['1', '{"a":1}', 'not json', randomString(r), randomValue(r)])),
    authorization: () => r.pick([{ 'x-api-key': a.apiKey }, { 'x-api-key': 'da2-wrong' }, { Authorization: randomString(r) }, randomValue(r)]),
  };
  const batches = Math.round(10 * SCALE);
  for (let batch = 0; batch < batches; batch++) {
    // ── realtime frames, on a few sockets (some unauthorized, some never initialised) ──
    const sockets = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const good = i !== 3;
        const header = `header-${Buffer.from(JSON.stringify({ host: hostOf(e), 'x-api-key': good ? a.apiKey : 'da2-wrong' })).toString('base64url')}`;
        const ws = new WebSocket(a.realtimeEndpoint, ['aws-appsync-event-ws', header], { maxPayload: 64 * 1024 * 1024 });
        const state = { ws, good, sentBadUtf8: false, closed: undefined as number | undefined };
        ws.on('message', (d) => {
          const problem = frameProblem(String(d), secrets);
          if (problem) tally.wrongAnswer(`frame: ${problem}`);
        });
        ws.on('close', (code) => {
          state.closed = code;
        });
        ws.on('error', () => {});
        await within(new Promise((resolve) => ws.once('open', resolve)), 3000, 'fuzz socket open');
        if (r.chance(0.5)) ws.send(JSON.stringify({ type: 'connection_init' }));
        return state;
      }),
    );
    for (let i = 0; i < 80; i++) {
      const s = r.pick(sockets);
      if (s.ws.readyState !== WebSocket.OPEN) continue;
      tally.cases++;
      const kind = r.int(10);
      if (kind < 6) s.ws.send(hostileJson(r, frameShape));
      else if (kind === 6) s.ws.send(garbageBytes(r), { binary: true });
      else if (kind === 7) s.ws.send(deepText(r, r.pick([100, 20_000])));
      else if (kind === 8)
        s.ws.send(JSON.stringify({ type: 'connection_init' })); // double init
      else {
        const bytes = garbageBytes(r);
        // Sent as a text frame: may be invalid UTF-8, which ws answers with close 1007.
        s.sentBadUtf8 ||= !Buffer.from(bytes.toString('utf8')).equals(bytes);
        s.ws.send(bytes, { binary: false });
      }
    }
    // Grace for late answers and closes, which the checks below and the handlers above judge.
    // Nothing is waited for here: it only widens what the fuzzer sees, and a slow machine
    // narrows it without failing anything.
    await sleep(150);
    for (const s of sockets) {
      if (s.closed === undefined) continue;
      const expected = (!s.good && s.closed === 1000) || OK_CLOSES.has(s.closed);
      if (!expected || (s.closed === 1007 && !s.sentBadUtf8)) tally.wrongAnswer(`socket closed with ${s.closed} (authorized: ${s.good})`);
    }
    for (const s of sockets) s.ws.terminate();

    // ── HTTP /event ──
    for (let i = 0; i < 40; i++) {
      tally.cases++;
      const method = r.pick(['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE']);
      const body = r.chance(0.15) ? garbageBytes(r) : r.chance(0.05) ? Buffer.alloc(r.pick([1_300_000, 3_000_000]), 0x20) : Buffer.from(hostileJson(r, { channel, events: frameShape.events }));
      const headers: Record<string, string> = r.chance(0.8) ? { 'x-api-key': a.apiKey } : r.chance(0.5) ? { authorization: randomString(r).replace(/[^\x20-\x7e]/g, '') } : {};
      const path = r.pick(['/event', '/event', '/event/realtime', '/', '/event?x=%zz', '/%zz']);
      try {
        const res = await httpRequest(a.httpEndpoint, { method, headers, body, path, timeoutMs: 5000 });
        const json = res.json as { errors?: Array<{ errorType?: unknown; message?: unknown }>; successful?: unknown };
        if (res.status >= 500) tally.wrongAnswer(`HTTP ${res.status} ${res.text.slice(0, 120)}`);
        else if (res.status >= 400 && !(Array.isArray(json?.errors) && json.errors.every((x) => typeof x.errorType === 'string' && typeof x.message === 'string')))
          tally.wrongAnswer(`HTTP ${res.status} body ${res.text.slice(0, 120)}`);
        else if (res.status === 200 && !Array.isArray(json?.successful)) tally.wrongAnswer(`HTTP 200 body ${res.text.slice(0, 120)}`);
        if (secrets.some((s) => res.text.includes(s))) tally.wrongAnswer('a secret appears in an HTTP answer');
      } catch (error) {
        tally.crash(`HTTP ${method} ${path}: ${(error as Error).message}`);
      }
    }

    // ── upgrades: hostile targets and subprotocols ──
    const port = Number(new URL(a.realtimeEndpoint).port);
    for (let i = 0; i < 12; i++) {
      const target = r.pick(['/event/realtime', '//[', 'http://[::1/event/realtime', '//%zz/event/realtime', '/event/realtime?%zz', `/${randomString(r).replace(/[^\x21-\x7e]/g, '')}`]);
      const protocols = r.pick([
        [],
        ['aws-appsync-event-ws'],
        ['aws-appsync-event-ws', `header-${Buffer.from(JSON.stringify(randomValue(r))).toString('base64url')}`],
        ['aws-appsync-event-ws', 'header-!!!'],
        ['aws-appsync-event-ws', 'header-e30='],
      ]);
      await fuzzUpgrade(tally, port, target, protocols);
    }

    await checkHealth(tally, batch, () => healthy(e));
  }
  report(tally);
});
