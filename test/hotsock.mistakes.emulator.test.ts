import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelKitError } from '@channelkit/transport';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { sleep, waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { hotsockClient } from './_hotsock.js';

// App mistakes that only show once a socket is involved: token providers returning something
// that is not a JWT, a throwing storage observer. Each is one typed error naming the culprit,
// never `token.split is not a function` and never an endless CONNECTION_LOST loop.

let e: RunningEmulator;
const closers: Array<{ close(): void }> = [];
beforeEach(async () => {
  e = await startEmulator({ port: 0 });
});
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await e.close();
});

describe('Hotsock token providers that return no JWT', () => {
  it.each<[string, unknown]>([
    ['a number', 42],
    ['whitespace', '   '],
    ['a JWT with a space in it', 'eyJhbGciOiJIUzI1NiJ9. eyJzdWIiOiJ4In0.c2ln'],
    ['URL-breaking characters', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln&connectionId=x#y'],
    ['an object', { token: 'eyJ' }],
  ])('connectToken returning %s fails once as INVALID_ARGUMENT naming the provider', async (_what, token) => {
    let calls = 0;
    const c = hotsockClient(e, {
      backend: {
        connectToken: () => {
          calls++;
          return token as string;
        },
      },
    });
    closers.push(c);
    c.connect();
    const status = await waitFor(
      () => (c.status.getSnapshot().status === 'failed' ? c.status.getSnapshot() : undefined),
      () => `failed (now ${JSON.stringify(c.status.getSnapshot())}, calls ${calls})`,
    );
    expect(status.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^options\.connectToken\(\) must return a JWT/) });
    expect(status.error!.message).not.toMatch(/split|not a function/);
    await sleep(200); // no retry loop behind the failure
    expect(calls).toBe(1);
    expect(e.connections()).toEqual([]);
  });

  it('subscribeToken returning a number fails that subscription with INVALID_ARGUMENT naming the provider; the connection stays', async () => {
    let calls = 0;
    const c = hotsockClient(e, {
      backend: {
        subscribeToken: () => {
          calls++;
          return 42 as unknown as string;
        },
      },
    });
    closers.push(c);
    const errors: ChannelKitError[] = [];
    c.channel('room').subscribe({ onEvent: () => {}, onError: (error) => void errors.push(error) });
    await waitFor(() => c.channel('room').state.getSnapshot().status === 'failed', 'failed');
    expect(c.channel('room').state.getSnapshot().error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^options\.subscribeToken\(\) must return a JWT .*got number/) });
    expect(errors.map((x) => x.message).join()).not.toMatch(/split|not a function/);
    expect(c.status.getSnapshot().status).toBe('connected');
    await sleep(200); // failed once, not retried in a loop
    expect(calls).toBe(1);
  });

  it('a subscribeToken of undefined still subscribes with the connect grants', async () => {
    const c = hotsockClient(e, { backend: { subscribeToken: () => undefined } });
    closers.push(c);
    c.channel('room').subscribe(() => {});
    await waitFor(() => c.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
  });
});

describe('Hotsock storage observers', () => {
  it('a throwing observer is reported as LISTENER_ERROR and the value still reaches the others', async () => {
    const c = hotsockClient(e);
    closers.push(c);
    const errors: ChannelKitError[] = [];
    c.onError((error) => void errors.push(error));
    const seen: unknown[] = [];
    const room = c.channel('s');
    room.subscribe(() => {});
    room.storage!.observe!('topic', () => {
      throw new Error('observer bug');
    });
    room.storage!.observe!('topic', (value) => void seen.push(value));
    c.hotsock.onStorage(({ key, data }) => void seen.push(`${key}=${String(data)}`));
    await waitFor(() => room.state.getSnapshot().status === 'subscribed', 'subscribed');
    await room.storage!.set('topic', 'Launch');
    await waitFor(() => seen.length === 2, 'both other observers');
    expect(seen).toEqual(['Launch', 'topic=Launch']);
    await waitFor(() => errors.length === 1, 'the error reported');
    expect(errors[0]).toMatchObject({ code: 'LISTENER_ERROR', message: expect.stringMatching(/storage observer of s threw: observer bug/) });
    expect(errors.some((x) => x.code === 'PROTOCOL_ERROR')).toBe(false);
  });
});
