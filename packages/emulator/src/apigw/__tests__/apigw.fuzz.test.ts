import { it } from 'vitest';
import { WebSocket } from 'ws';
import { presignUrl, signRequest } from '@channelkit/transport/sigv4';
import { sleep } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator } from '../../appsync/__tests__/_harness.js';
import {
  apiGatewayAnswersPing,
  checkHealth,
  deepText,
  fuzzUpgrade,
  garbageBytes,
  hostileJson,
  prng,
  randomString,
  randomValue,
  report,
  SCALE,
  SEED,
  Tally,
  within,
} from '../../core/__tests__/_fuzz.js';
import { httpRequest } from '../../core/__tests__/_wire.js';

// Fuzzer of the emulated API Gateway WebSocket API with its built-in channel router (issue 8):
// frames (structured, deep, garbage, binary, over 32 KB), @connections requests (signed and
// not, hostile paths and bodies) and upgrade targets. After every batch a fresh client must
// connect and get a pong.

const ROUTER_TYPES = new Set(['subscribed', 'subscribe_error', 'published', 'publish_error', 'pong', 'event']);
// ws's answers to bad framing and bad UTF-8; API Gateway's to binary and oversized frames.
const OK_CLOSES = new Set([1002, 1003, 1007, 1009]);

function frameProblem(text: string, secret: string): string | undefined {
  if (text.includes(secret)) return 'a secret appears in a frame';
  let f: Record<string, unknown>;
  try {
    f = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  if (f && typeof f === 'object' && ROUTER_TYPES.has(f.type as string)) return undefined;
  if (f && typeof f === 'object' && typeof f.message === 'string') {
    // The gateway's own messages (spec B1); "Internal server error" means the router threw.
    // The router's answer on $default (an action it does not know) has the same shape.
    if (typeof f.connectionId === 'string' && f.message.startsWith('Unknown action:')) return undefined;
    return f.message === 'Forbidden' && typeof f.connectionId === 'string' && typeof f.requestId === 'string' ? undefined : `gateway message ${text.slice(0, 120)}`;
  }
  return `unknown frame ${text.slice(0, 80)}`;
}

it('fuzz apigw: frames, @connections requests and upgrades never crash it or get a wrong answer', async () => {
  const r = prng(SEED + 1);
  const e = await emulator();
  const g = e.endpoints.apigw;
  const host = new URL(g.managementEndpoint).host;
  const port = Number(new URL(g.managementEndpoint).port);
  const tally = new Tally('apigw');
  const shape = {
    action: () => r.pick(['subscribe', 'unsubscribe', 'publish', 'ping', '$default', '$connect', 'constructor', '__proto__', 'toString', randomString(r)]),
    id: () => r.pick(['a', 'b', randomString(r)]),
    channel: () => r.pick(['room', 'a/b', '$x', '', 'x'.repeat(257), randomString(r)]),
    events: () => Array.from({ length: r.int(4) }, () => randomValue(r)),
  };
  const batches = Math.round(10 * SCALE);
  for (let batch = 0; batch < batches; batch++) {
    const sockets = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const ws = new WebSocket(`${g.webSocketUrl}${r.pick(['', '?token=%zz', '?a=1&a=2'])}`, { maxPayload: 64 * 1024 * 1024 });
        const state = { ws, sentBadUtf8: false, sentBig: false, closed: undefined as number | undefined };
        ws.on('message', (d) => {
          const problem = frameProblem(String(d), g.credentials.secretAccessKey);
          if (problem) tally.wrongAnswer(`frame: ${problem}`);
        });
        ws.on('close', (code) => {
          state.closed = code;
        });
        ws.on('error', () => {});
        await within(new Promise((resolve) => ws.once('open', resolve)), 3000, 'fuzz socket open');
        return state;
      }),
    );
    for (let i = 0; i < 60; i++) {
      const s = r.pick(sockets);
      if (s.ws.readyState !== WebSocket.OPEN) continue;
      tally.cases++;
      const kind = r.int(10);
      if (kind < 6) {
        const text = hostileJson(r, shape);
        s.sentBig ||= Buffer.byteLength(text) > 32 * 1024;
        s.ws.send(text);
      } else if (kind === 6) s.ws.send(garbageBytes(r), { binary: true });
      else if (kind === 7) s.ws.send(deepText(r, r.pick([100, 5000, 15_000])));
      else {
        const bytes = garbageBytes(r);
        s.sentBadUtf8 ||= !Buffer.from(bytes.toString('utf8')).equals(bytes);
        s.ws.send(bytes, { binary: false });
      }
    }
    // Grace for late answers and closes, which the checks below and the handlers above judge.
    // Nothing is waited for here: it only widens what the fuzzer sees, and a slow machine
    // narrows it without failing anything.
    await sleep(150);
    for (const s of sockets) {
      if (s.closed !== undefined && !OK_CLOSES.has(s.closed)) tally.wrongAnswer(`socket closed with ${s.closed}`);
    }
    const ids = e
      .connections()
      .filter((c) => c.backend === 'apigw')
      .map((c) => c.connectionId);
    for (const s of sockets) s.ws.terminate();

    // ── @connections ──
    for (let i = 0; i < 30; i++) {
      tally.cases++;
      const method = r.pick(['POST', 'GET', 'DELETE', 'PUT', 'PATCH']);
      const raw = r.chance(0.5) && ids.length ? r.pick(ids) : randomString(r);
      const id = raw.replace(/[\ud800-\udfff]/g, 'x'); // encodeURIComponent throws on lone surrogates
      const path = r.pick([
        `/${g.stage}/@connections/${encodeURIComponent(id)}`,
        `/${g.stage}/%40connections/${encodeURIComponent(id)}`,
        `/${g.stage}/@connections/`,
        '/%zz',
        '/other/@connections/x',
        `/${g.stage}/@connections/%E0%A4%A`,
      ]);
      const body = r.chance(0.1) ? Buffer.alloc(r.pick([200_000, 3_000_000]), 0x61) : r.chance(0.3) ? garbageBytes(r) : Buffer.from(hostileJson(r, shape));
      let headers: Record<string, string> = {};
      if (r.chance(0.7)) {
        try {
          headers = signRequest(
            { method, hostname: host, path, headers: { host }, body },
            { service: 'execute-api', region: g.region, credentials: r.chance(0.9) ? g.credentials : { ...g.credentials, secretAccessKey: 'wrong' }, date: Date.now() },
          ).headers as Record<string, string>;
        } catch {
          headers = {};
        }
      } else if (r.chance(0.5)) headers = { authorization: `AWS4-HMAC-SHA256 ${randomString(r).replace(/[^\x20-\x7e]/g, '')}` };
      try {
        const res = await httpRequest(g.managementEndpoint, { method, headers, body, path, timeoutMs: 5000 });
        if (res.status >= 500) tally.wrongAnswer(`@connections ${res.status} ${res.text.slice(0, 120)}`);
        else if (res.status >= 400 && res.status !== 410 && typeof (res.json as { message?: unknown })?.message !== 'string')
          tally.wrongAnswer(`@connections ${res.status} body ${res.text.slice(0, 120)}`);
        if (res.status >= 400 && typeof res.headers['x-amzn-errortype'] !== 'string') tally.wrongAnswer(`@connections ${res.status} without x-amzn-ErrorType`);
        if (res.text.includes(g.credentials.secretAccessKey)) tally.wrongAnswer('a secret appears in an HTTP answer');
      } catch (error) {
        tally.crash(`@connections ${method} ${path}: ${(error as Error).message}`);
      }
    }

    // ── upgrade targets ──
    for (let i = 0; i < 10; i++) {
      const target = r.pick([`/${g.stage}`, '//[', `http://[::1/${g.stage}`, `//%zz/${g.stage}`, `/${g.stage}?%zz=%zz`, `/${g.stage}/`, `/${randomString(r).replace(/[^\x21-\x7e]/g, '')}`]);
      await fuzzUpgrade(tally, port, target, r.pick([[], ['chat'], [randomString(r).replace(/[^\x21-\x7e]/g, 'x') || 'x']]));
    }

    await checkHealth(tally, batch, () => apiGatewayAnswersPing(g.webSocketUrl));
  }
  report(tally);
});

it('fuzz apigw with AWS_IAM $connect: hostile presigned-URL parameters are refused (4xx), never crash it, and a good signature still connects', async () => {
  const r = prng(SEED + 2);
  const e = await emulator({ apigw: { connectAuthorization: 'AWS_IAM' } });
  const g = e.endpoints.apigw;
  const port = Number(new URL(g.webSocketUrl).port);
  const tally = new Tally('apigw-iam');
  const good = new URL(presignUrl({ url: g.webSocketUrl }, { service: 'execute-api', region: g.region, credentials: g.credentials, expiresIn: 60 }));
  const params = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];
  const hostile = () =>
    r.pick([
      '',
      '%zz',
      'x'.repeat(9000),
      '-1',
      '99999999999999999999',
      'AWS4-HMAC-SHA512',
      `${g.credentials.accessKeyId}/20260101/us-east-1/execute-api/aws4_request`,
      'AKIA/////',
      '19700101T000000Z',
      'host;x-amz-date;;',
      randomString(r),
    ]);
  const batches = Math.round(4 * SCALE);
  for (let batch = 0; batch < batches; batch++) {
    for (let i = 0; i < 25; i++) {
      const q = new URLSearchParams(good.search);
      for (let k = 0; k <= r.int(3); k++) {
        const name = r.pick(params);
        if (r.int(4) === 0) q.delete(name);
        else q.set(name, hostile());
      }
      if (r.int(5) === 0) q.append('X-Amz-Signature', hostile());
      // A session token appended after signing is a valid presigned form (the SigV4 suite's
      // omit_session_token), and a mutation may have left the signed part as it was: then
      // either answer is right; any other change must be refused.
      const signedPart = (p: URLSearchParams) => [...p].filter(([k]) => k !== 'X-Amz-Security-Token').join('&');
      const untouched = signedPart(q) === signedPart(new URLSearchParams(good.search));
      await fuzzUpgrade(tally, port, `/${g.stage}?${q.toString()}`, [], untouched);
    }
    // The absolute-form request target is legal HTTP/1.1 (it once answered 500 here).
    await fuzzUpgrade(tally, port, `http://127.0.0.1:${port}/${g.stage}${good.search}`, [], true);
    await checkHealth(tally, batch, async () => {
      const fresh = presignUrl({ url: g.webSocketUrl }, { service: 'execute-api', region: g.region, credentials: g.credentials, expiresIn: 60 });
      await apiGatewayAnswersPing(fresh);
    });
  }
  report(tally);
});
