import { describe, expect, it } from 'vitest';
import { emulator } from '../../appsync/__tests__/_harness.js';
import { httpRequest, oneConnection } from '../../core/__tests__/_wire.js';

describe('admin API', () => {
  it('404 lists every route, plugin routes included', async () => {
    const e = await emulator();
    const r = await httpRequest(`${e.endpoints.admin}/nope`);
    expect(r.status).toBe(404);
    const error = (r.json as { error: string }).error;
    for (const route of ['GET /_emulator/connections', 'GET /_emulator/endpoints', 'POST /_emulator/faults', 'POST /_emulator/reset', 'POST /_emulator/appsync/broadcast']) {
      expect(error).toContain(route);
    }
  });

  it('after a 1 MB body is refused (413), the next request on the same connection works', async () => {
    const e = await emulator();
    const agent = oneConnection();
    const big = await httpRequest(`${e.endpoints.admin}/faults`, { method: 'POST', body: Buffer.alloc(1024 * 1024, 0x20), agent });
    expect(big.status).toBe(413);
    expect((big.json as { error: string }).error).toContain('65536 bytes');
    const next = await httpRequest(`${e.endpoints.admin}/connections`, { agent });
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(true);
    agent.destroy();
  });

  it('a target new URL() cannot parse is 400; a fault body of null is 400 naming the field', async () => {
    const e = await emulator();
    expect((await httpRequest(e.endpoints.admin, { path: 'http://[::1/_emulator/connections' })).status).toBe(400);
    const r = await httpRequest(`${e.endpoints.admin}/faults`, { method: 'POST', body: 'null' });
    expect(r.status).toBe(400);
    expect((r.json as { error: string }).error).toMatch(/^fault\.action must be one of/);
  });

  it('broadcast validates its body and delivers', async () => {
    const e = await emulator();
    const bad = await httpRequest(`${e.endpoints.admin}/appsync/broadcast`, { method: 'POST', body: '{"channel":"/default/a","event":"1","count":"2"}' });
    expect(bad.status).toBe(400);
    const ok = await httpRequest(`${e.endpoints.admin}/appsync/broadcast`, { method: 'POST', body: '{"channel":"/default/a","event":"1","count":2}' });
    expect(ok).toMatchObject({ status: 200, json: { sent: 0 } });
  });
});
