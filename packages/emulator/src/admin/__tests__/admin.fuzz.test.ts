import { it } from 'vitest';
import { emulator } from '../../appsync/__tests__/_harness.js';
import { apiGatewayAnswersPing, checkHealth, fuzzUpgrade, garbageBytes, hostileJson, prng, randomString, randomValue, report, SCALE, SEED, Tally } from '../../core/__tests__/_fuzz.js';
import { httpRequest } from '../../core/__tests__/_wire.js';
import type { RunningEmulator } from '../../startEmulator.js';

// Fuzzer of the admin API (issue 8): hostile bodies for every route, hostile paths, methods
// and upgrades. Every answer must be 2xx or a 4xx `{"error": string}`; after every batch the
// emulator is reset and must still serve the admin API and an AppSync client.

async function healthy(e: RunningEmulator): Promise<void> {
  const list = await httpRequest(`${e.endpoints.admin}/connections`, { timeoutMs: 3000 });
  if (list.status !== 200) throw new Error(`health: GET /connections ${list.status}`);
  await apiGatewayAnswersPing(e.endpoints.apigw.webSocketUrl);
}

it('fuzz admin: bodies, paths and upgrades never crash it or get a wrong answer', async () => {
  const r = prng(SEED + 2);
  const e = await emulator();
  const port = Number(new URL(e.endpoints.admin).port);
  const tally = new Tally('admin');
  const faultShape = {
    action: () => r.pick(['drop', 'close', 'stopKeepAlive', 'rejectAuth', 'throttle', 'garbage', 'delayHandshake', 'refuseHandshake', 'reset', randomString(r)]),
    backend: () => r.pick(['appsync', 'apigw', 'hotsock', 'chime', randomString(r)]),
    connectionId: () => randomString(r),
    code: () => r.pick([1000, 1011, 4000, 1005, 1006, 2999, 5000, 200, -1, 1.5]),
    reason: () => r.pick(['bye', 'x'.repeat(124), randomString(r)]),
    durationMs: () => r.pick([0, 10, -1, 1e308, 0.5]),
  };
  const broadcastShape = { channel: () => r.pick(['/default/a', randomString(r)]), event: () => r.pick(['1', randomString(r)]), count: () => r.pick([1, 0, -1, 1.5, 100, 1e9, '2']) };
  const batches = Math.round(10 * SCALE);
  for (let batch = 0; batch < batches; batch++) {
    for (let i = 0; i < 40; i++) {
      tally.cases++;
      const path = r.pick([
        '/_emulator/faults',
        '/_emulator/faults',
        '/_emulator/appsync/broadcast',
        '/_emulator/reset',
        '/_emulator/connections',
        '/_emulator/endpoints',
        '/_emulator/',
        '/%zz',
        '/_emulator/faults?%zz',
        `/${randomString(r).replace(/[^\x21-\x7e]/g, '')}`,
      ]);
      const method = r.pick(['POST', 'POST', 'GET', 'PUT', 'DELETE']);
      const body = r.chance(0.05)
        ? Buffer.alloc(r.pick([70_000, 1_000_000]), 0x20)
        : r.chance(0.2)
          ? garbageBytes(r)
          : Buffer.from(r.chance(0.1) ? JSON.stringify(randomValue(r)) : hostileJson(r, path.includes('broadcast') ? broadcastShape : faultShape));
      try {
        const res = await httpRequest(e.endpoints.admin, { method, path, body, timeoutMs: 5000 });
        if (res.status >= 500) tally.wrongAnswer(`${method} ${path} ${res.status} ${res.text.slice(0, 120)}`);
        else if (res.status >= 400 && typeof (res.json as { error?: unknown })?.error !== 'string') tally.wrongAnswer(`${method} ${path} ${res.status} body ${res.text.slice(0, 120)}`);
      } catch (error) {
        tally.crash(`${method} ${path}: ${(error as Error).message}`);
      }
    }
    for (let i = 0; i < 5; i++) {
      // The admin API takes no WebSocket at all: even its own path must be refused.
      await fuzzUpgrade(tally, port, r.pick(['/_emulator', '//[', 'http://[::1/_emulator', '//%zz/x']), [], false);
    }
    // Faults the fuzzer applied (refused handshakes, rejected auth...) must not outlive the batch.
    await httpRequest(`${e.endpoints.admin}/reset`, { method: 'POST' });
    await checkHealth(tally, batch, () => healthy(e));
  }
  report(tally);
});
