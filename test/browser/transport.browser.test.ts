// The transport in real Chromium against the emulator (docs/testing.md, layer 5): the browser's
// own WebSocket and fetch, no Node globals, SigV4 with the plain-JS hash. HTTP publish is in
// httpPublish.browser.test.ts. Chromium: /usr/bin/chromium or CHROMIUM_PATH; without one the
// suite is skipped with a loud message, except in CI where it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openHarness, RUN_BROWSER_TESTS } from './_harness.js';
import type { BackendName } from './page/backends.js';

const BACKENDS: Array<{ name: BackendName; emulated: 'appsync' | 'apigw' }> = [
  { name: 'appsync-apikey', emulated: 'appsync' },
  { name: 'appsync-iam', emulated: 'appsync' },
  { name: 'apigw', emulated: 'apigw' },
];

describe.skipIf(!RUN_BROWSER_TESTS)('transport in Chromium', { timeout: 30_000 }, () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await openHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('runs the browser code paths: native WebSocket, no Node process, plain-JS SHA-256 by default', async () => {
    const env = await h.call('environment');
    expect(env).toMatchObject({ hasNodeProcess: false, nativeWebSocket: true, pureHasher: true });
    expect(env.userAgent).toMatch(/Chrome\//);
  });

  describe.each(BACKENDS)('$name', ({ name, emulated }) => {
    it('connects, subscribes, publishes over the socket and receives', async () => {
      const { id, channel: base } = await h.call('open', name, h.endpoints);
      const channel = `${base}-${++n}`;
      await h.call('subscribe', id, channel);
      await h.waitFor(id, 'subscribed', (s) => s.subscribed[channel] === 1);
      expect((await h.call('snapshot', id)).status).toBe('connected');
      const published = await h.call('publish', id, channel, { text: 'hello from Chromium', n: 1 });
      expect(published).toMatchObject({ ok: true });
      const s = await h.waitFor(id, 'the event', (x) => x.events[channel]?.length === 1);
      expect(s.events[channel]).toEqual([{ text: 'hello from Chromium', n: 1 }]);
      expect(s.errors).toEqual([]);
      await h.call('close', id);
      expect(h.pageErrors).toEqual([]);
    });

    it('after a drop fault (admin API): reconnects, resubscribes, reports a discontinuity, delivers again', async () => {
      const { id, channel: base } = await h.call('open', name, h.endpoints);
      const channel = `${base}-${++n}`;
      await h.call('subscribe', id, channel);
      await h.waitFor(id, 'subscribed', (s) => s.subscribed[channel] === 1);
      const before = h.emulator
        .connections()
        .filter((c) => c.backend === emulated)
        .map((c) => c.connectionId);
      expect(before).toHaveLength(1);

      expect(await h.fault({ backend: emulated, action: 'drop' })).toEqual({ affected: 1 });
      const s = await h.waitFor(id, 'resubscribed after the drop', (x) => x.subscribed[channel] === 2 && x.status === 'connected');
      expect(s.discontinuities[channel]).toBe(1);
      const after = h.emulator.connections().filter((c) => c.backend === emulated);
      expect(after).toHaveLength(1);
      expect(before).not.toContain(after[0]!.connectionId);

      expect(await h.call('publish', id, channel, { text: 'after the outage' })).toMatchObject({ ok: true });
      const done = await h.waitFor(id, 'the event after reconnecting', (x) => x.events[channel]?.length === 1);
      expect(done.events[channel]).toEqual([{ text: 'after the outage' }]);
      await h.call('close', id);
      expect(h.pageErrors).toEqual([]);
    });
  });

  it('the IAM namespace really requires IAM: an API-key subscription to /iam/* is refused', async () => {
    const { id } = await h.call('open', 'appsync-apikey', h.endpoints);
    await h.call('subscribe', id, '/iam/refused');
    const s = await h.waitFor(id, 'the refusal', (x) => x.errors.length > 0);
    expect(s.subscribed['/iam/refused']).toBe(0);
    expect(s.errors[0]!.code).toBe('AUTH_FAILED');
    await h.call('close', id);
  });
});
