import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../errors/redact.js';
import { createPlatform } from '../../../lib/platform.js';
import { ConnectionsClient } from '../../../server/ConnectionsClient.js';
import { apiKeyAuth } from '../auth.js';
import { resolveAppSyncEndpoints } from '../endpoints.js';
import { postEvents } from '../httpPublish.js';

/** Mimics a browser's host function: it throws unless called detached or on the global object. */
function browserStrict<A extends unknown[], R>(impl: (...args: A) => R): (...args: A) => R {
  return function (this: unknown, ...args: A): R {
    if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
    return impl(...args);
  };
}

describe('injected host functions are called detached (issue 9.1)', () => {
  it('HTTP publish works with a fetch that refuses a foreign `this`', async () => {
    const calls: string[] = [];
    const fetch = browserStrict(async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ successful: [{ identifier: 'a', index: 0 }], failed: [] }), { status: 200 });
    });
    const endpoints = resolveAppSyncEndpoints('https://example.appsync-api.us-east-1.amazonaws.com/event');
    const result = await postEvents({ endpoints, auth: apiKeyAuth('da2-abcdefgh'), fetch, secrets: createRedactor() }, '/default/a', ['{"n":1}'], 0);
    expect(result.successful).toEqual([{ identifier: 'a', index: 0 }]);
    expect(calls).toEqual(['https://example.appsync-api.us-east-1.amazonaws.com/event']);
  });

  it('ConnectionsClient works with such a fetch and a provider that refuses a foreign `this`', async () => {
    const fetch = browserStrict(async () => new Response(null, { status: 200 }));
    const credentials = browserStrict(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key' }));
    const client = new ConnectionsClient({ endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1', credentials, fetch });
    await expect(client.post('abc=', 'x')).resolves.toBeUndefined();
  });

  it('createPlatform calls host timers and clocks detached', async () => {
    const platform = createPlatform({
      setTimeout: browserStrict((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms)),
      clearTimeout: browserStrict((handle: unknown) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)),
      now: browserStrict(() => 42),
      random: browserStrict(() => 0.25),
    });
    expect(platform.now()).toBe(42);
    expect(platform.random()).toBe(0.25);
    await new Promise<void>((resolve) => platform.setTimeout(resolve, 1));
    platform.clearTimeout(platform.setTimeout(() => {}, 1000));
  });
});
