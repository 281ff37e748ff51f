// HTTP publish (`client.post`, `POST /event` through the browser's fetch) in Chromium.
// KNOWN RED until httpPublish.ts stops calling `fetch` as a method of another object (the
// browser throws "TypeError: Failed to execute 'fetch' on 'Window': Illegal invocation"); the
// fix is in progress on another branch. Kept in its own file so its failure is visible and
// separate; do not skip it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openHarness, RUN_BROWSER_TESTS } from './_harness.js';
import type { BackendName } from './page/backends.js';

const HTTP_BACKENDS: BackendName[] = ['appsync-apikey', 'appsync-iam'];

describe.skipIf(!RUN_BROWSER_TESTS)('HTTP publish in Chromium', { timeout: 30_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(HTTP_BACKENDS)('%s: client.post publishes over HTTP and the subscriber receives it', async (name) => {
    const { id, channel: base } = await h.call('open', name, h.endpoints);
    const channel = `${base}-http`;
    await h.call('subscribe', id, channel);
    await h.waitFor(id, 'subscribed', (s) => s.subscribed[channel] === 1);
    const posted = await h.call('post', id, channel, { text: 'over HTTP from Chromium' });
    // Shows the page-side error (code and message) when it fails.
    expect(posted.ok ? 'ok' : `${posted.error.code}: ${posted.error.message}`).toBe('ok');
    const s = await h.waitFor(id, 'the event', (x) => x.events[channel]?.length === 1);
    expect(s.events[channel]).toEqual([{ text: 'over HTTP from Chromium' }]);
    await h.call('close', id);
  });
});
