import { inspect } from 'node:util';
import { type RunningEmulator, signJwt, startEmulator } from '@channelkit/emulator';
import type { ChannelKitError, Logger } from '@channelkit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@channelkit/transport';
import { hotsock } from '@channelkit/transport/hotsock';
import { WebSocket } from 'ws';
import { createFrameLog } from '../packages/ui/src/frameLog.js';
import { hotsockClient, OPEN_CHANNEL } from './_hotsock.js';
import { countOutages, waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

// Canary secrets of Hotsock: the installation's signing secret, connect/subscribe/umd tokens and
// each connection's connectionSecret, driven through every failure path against the emulator
// and searched for in logs, messages, JSON, inspect, stacks, causes and details.
const SIGNING_SECRET = 'hotsock-canary-signing-secret-9d8c7b6a5f';
const CANARY: Record<string, string> = {
  signingSecret: SIGNING_SECRET,
  wrongKeyToken: signJwt({ scope: 'connect', exp: Math.floor(Date.now() / 1000) + 3600, jti: 'canary-wrong' }, 'not-the-installation-key-canary'),
};
const connectToken = (claims: Record<string, unknown>) => {
  const token = signJwt({ scope: 'connect', exp: Math.floor(Date.now() / 1000) + 60, jti: `canary-${Object.keys(CANARY).length}`, ...claims }, { alg: 'HS256', secret: SIGNING_SECRET, kid: 'canary' });
  CANARY[`connectToken${Object.keys(CANARY).length}`] = token;
  return token;
};

type Path = 'logs' | 'messages' | 'json' | 'inspect' | 'stack' | 'cause' | 'details' | 'frames';
const PATHS: Path[] = ['logs', 'messages', 'json', 'inspect', 'stack', 'cause', 'details', 'frames'];
const outputs: Array<{ path: Path; scenario: string; text: string }> = [];
const closables: Array<{ close(): void }> = [];
let e: RunningEmulator;

const record = (path: Path, scenario: string, text: unknown) => outputs.push({ path, scenario, text: typeof text === 'string' ? text : inspect(text, { depth: Number.POSITIVE_INFINITY }) });
const logger = (scenario: string): Logger => ({ log: (level, message, data) => record('logs', scenario, `${level} ${message} ${inspect(data, { depth: Number.POSITIVE_INFINITY })}`) });

function captureError(scenario: string, error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  const err = error as ChannelKitError;
  record('messages', scenario, `${String(err)}\n${err.message}`);
  record('json', scenario, JSON.stringify(err));
  record('inspect', scenario, inspect(err, { depth: Number.POSITIVE_INFINITY }));
  record('stack', scenario, String(err.stack));
  record('details', scenario, err.details);
  let cause: unknown = err.cause;
  for (let i = 0; cause !== undefined && i < 20; i++) {
    record('cause', scenario, cause instanceof Error ? `${String(cause)}\n${cause.stack}\n${inspect(cause, { depth: Number.POSITIVE_INFINITY, showHidden: true })}` : cause);
    cause = (cause as Error).cause;
  }
}

async function failure(scenario: string, promise: Promise<unknown>): Promise<ChannelKitError> {
  const error = await promise.then(
    () => {
      throw new Error(`${scenario}: expected a failure`);
    },
    (x: unknown) => x,
  );
  captureError(scenario, error);
  return error as ChannelKitError;
}

/** Answers with `status` and a body echoing the request URL (with its connectionSecret), headers and body, deep. */
function echoingFetch(status: number): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const body = { error: { code: 'ECHO', message: `refused ${url} ${String(init?.body)}` }, trace: { a: { b: { c: { d: { url, body: init?.body } } } } } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

/** Throws like ky/ofetch: the error carries the request (its URL holds the connectionSecret). */
function kyLikeFetch(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    throw Object.assign(new Error(`Request failed: ${request.method} ${request.url}`), { name: 'HTTPError', request, options: { ...init, url: request.url } });
  };
}

/** A client whose connectionSecret joins the canaries once it is known. */
async function connected(scenario: string, options: Parameters<typeof hotsockClient>[1] = {}) {
  const client = hotsockClient(e, {
    logger: logger(scenario),
    claims: () => ({ uid: 'canary', channels: { '*': OPEN_CHANNEL } }),
    ...options,
    backend: { connectToken: () => connectToken({ uid: 'canary', channels: { '*': OPEN_CHANNEL } }), ...options.backend },
  });
  closables.push(client);
  client.onError((x) => captureError(scenario, x));
  client.channel('presence.room').subscribe({ onEvent: () => {}, onError: (x) => captureError(scenario, x) });
  await waitFor(() => client.channel('presence.room').state.getSnapshot().status === 'subscribed', `${scenario}: subscribed`);
  for (const conn of e.hotsock.hub.conns.values()) CANARY[`connectionSecret ${conn.id}`] = conn.secret;
  return client;
}

beforeAll(async () => {
  e = await startEmulator({ port: 0, hotsock: { issuer: { alg: 'HS256', secret: SIGNING_SECRET, kid: 'canary' } } });
});

afterAll(async () => {
  for (const c of closables.splice(0)) c.close();
  await e.close();
});

describe('Hotsock canary secrets never leak', () => {
  it('a connect token signed with the wrong key: refused upgrades, re-auth, failed', async () => {
    const scenario = 'hotsock wrong key';
    const client = hotsockClient(e, { logger: logger(scenario), backend: { connectToken: () => CANARY.wrongKeyToken! } });
    closables.push(client);
    client.onError((x) => captureError(scenario, x));
    client.channel('room').subscribe({ onEvent: () => {}, onError: (x) => captureError(scenario, x) });
    await waitFor(() => client.status.getSnapshot().status === 'failed', 'failed');
    captureError(scenario, client.status.getSnapshot().error);
  });

  it('closes whose reason echoes the token and connectionSecret; HTTP failures that echo the URL', async () => {
    const scenario = 'hotsock close and HTTP';
    const client = await connected(scenario);
    const [conn] = [...e.hotsock.hub.conns.values()];
    const outages = countOutages(client);
    e.faults.apply({ backend: 'hotsock', action: 'close', code: 4000, reason: `secret ${conn!.secret}`.slice(0, 100) });
    await waitFor(() => outages() === 1 && client.status.getSnapshot().status === 'connected' && client.channel('presence.room').state.getSnapshot().status === 'subscribed', 'reconnected');
    const lastError = client.status.getSnapshot().error;
    if (lastError) captureError(scenario, lastError);
    for (const c of e.hotsock.hub.conns.values()) CANARY[`connectionSecret ${c.id}`] = c.secret;

    for (const [name, fetchImpl, code] of [
      ['echo 401', echoingFetch(401), 'AUTH_FAILED'],
      ['echo 500', echoingFetch(500), 'PUBLISH_FAILED'],
      ['ky', kyLikeFetch(), 'CONNECTION_LOST'],
    ] as const) {
      const s = `${scenario} ${name}`;
      const c = await connected(s, { fetch: fetchImpl, backend: { umdToken: () => connectToken({ scope: 'umd' }) } });
      expect((await failure(`${s} publish`, c.publish('presence.room', [{ n: 1 }], { via: 'http' }))).code).toBe(code);
      await failure(`${s} history`, c.channel('presence.room').history!.list());
      await failure(`${s} storage`, c.channel('presence.room').storage!.get('k'));
      await failure(`${s} presence`, c.channel('presence.room').presence!.update({ away: true }));
    }
  });

  it('a refused subscribe token', async () => {
    const scenario = 'hotsock subscribe token';
    const subscribeToken = connectToken({ scope: 'subscribe', uid: 'someone-else' });
    const client = await connected(scenario, { backend: { subscribeToken: ({ channel }) => (channel === 'private' ? subscribeToken : undefined) } });
    const errors: unknown[] = [];
    client.channel('private').subscribe({ onEvent: () => {}, onError: (x) => errors.push(x) });
    await waitFor(() => errors.length === 1, 'refused');
    captureError(scenario, errors[0]);
  });

  it('the devtools frame log: connect URL, subscribe token, connectionSecret, and a hotsock.error and close reason quoting them', async () => {
    const scenario = 'hotsock frame log';
    const frames = createFrameLog({ WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, limit: 500 });
    const subscribeToken = connectToken({ scope: 'subscribe', uid: 'canary', channels: { private: { subscribe: true } } });
    const client = createClient({
      backend: hotsock({
        webSocketUrl: e.endpoints.hotsock.webSocketUrl,
        httpApiUrl: e.endpoints.hotsock.httpApiUrl,
        connectToken: () => connectToken({ uid: 'canary', channels: { '*': OPEN_CHANNEL } }),
        subscribeToken: ({ channel }) => (channel === 'private' ? subscribeToken : undefined),
      }),
      WebSocket: frames.WebSocket as never,
      backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
      logger: logger(scenario),
    });
    closables.push(client);
    client.onError((x) => captureError(scenario, x));
    client.channel('private').subscribe({ onEvent: () => {}, onError: (x) => captureError(scenario, x) });
    await waitFor(() => client.channel('private').state.getSnapshot().status === 'subscribed', 'subscribed');
    const conn = [...e.hotsock.hub.conns.values()].at(-1)!;
    CANARY[`connectionSecret ${conn.id}`] = conn.secret;
    // What a server may say: an error quoting the subscribe token (a JWT) it refused, and a
    // close whose reason quotes the connection's secret.
    conn.send({ event: 'hotsock.error', channel: 'private', error: { code: 'INVALID_SUBSCRIBE_TOKEN', message: `token ${subscribeToken} is not valid here` } });
    await waitFor(() => frames.getSnapshot().some((f) => f.text.includes('INVALID_SUBSCRIBE_TOKEN')), 'the error frame logged');
    const outages = countOutages(client);
    e.faults.apply({ backend: 'hotsock', connectionId: conn.id, action: 'close', code: 4000, reason: `secret ${conn.secret}`.slice(0, 100) });
    await waitFor(() => outages() === 1 && client.status.getSnapshot().status === 'connected', 'reconnected');
    const log = frames.getSnapshot();
    expect(log.map((f) => f.direction)).toEqual(expect.arrayContaining(['open', 'out', 'in', 'close']));
    expect(log.find((f) => f.direction === 'close')?.text).toMatch(/^4000 secret \[REDACTED\]/);
    for (const f of log) record('frames', scenario, `${f.direction} ${f.text}`);
  });

  afterAll(() => {
    const leaks: string[] = [];
    const forms = Object.entries(CANARY).flatMap(([name, value]) => [[name, value] as const, [`${name} (URL-encoded)`, encodeURIComponent(value)] as const]);
    for (const { path, scenario, text } of outputs) for (const [name, value] of forms) if (text.includes(value)) leaks.push(`${name} in ${path} (${scenario}): ${text.slice(0, 300)}`);
    const covered = PATHS.filter((p) => outputs.some((o) => o.path === p));
    console.log(`canary hotsock: ${Object.keys(CANARY).length} planted secrets, searched ${outputs.length} outputs across paths [${covered.join(', ')}], ${leaks.length} leaks`);
    expect(covered).toEqual(PATHS);
    expect(leaks).toEqual([]);
  });
});
