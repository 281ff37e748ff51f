import { inspect } from 'node:util';
import { type RunningEmulator, signJwt, startEmulator } from '@channelkit/emulator';
import type { ChannelKitError, Logger } from '@channelkit/transport';
import { apiKeyAuth, iamAuth, lambdaAuth, userPoolAuth } from '@channelkit/transport/appsync-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayConnection, appSyncClient, type Closable, managementClient } from './_backends.js';
import { countOutages, waitFor } from '../packages/transport/src/__tests__/_waitFor.js';

// Canary secrets: planted in every credential slot, driven through every failure path against
// the real emulator, then searched for in everything a developer or a log pipeline could see.
const CANARY = {
  apiKey: 'da2-canaryapikey7q3w9e1r5t2y8u',
  wrongApiKey: 'da2-canarywrongkey4z6x8c0v2b4n',
  secretAccessKey: 'CanarySecretKey/7Hs9+Qw3Er5Ty1Ui0Op2As4Df6Gh8Jk',
  sessionToken: 'CanarySessionTokenIQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQ',
  jwt: signJwt({ sub: 'canary-user', exp: Math.floor(Date.now() / 1000) + 3600 }, 'not-the-emulator-secret-canary'),
  lambdaToken: 'lambda-canary-token-5f1e9d3c7b',
  apigwToken: 'apigw-query-canary-token-8a2b4c6d',
  apigwBadToken: 'apigw-query-canary-refused-1z3y5x',
};
const IAM = { accessKeyId: 'AKIACANARYACCESSKEY', secretAccessKey: CANARY.secretAccessKey, sessionToken: CANARY.sessionToken };

type Path = 'logs' | 'messages' | 'json' | 'inspect' | 'stack' | 'cause' | 'details';
const PATHS: Path[] = ['logs', 'messages', 'json', 'inspect', 'stack', 'cause', 'details'];
const outputs: Array<{ path: Path; scenario: string; text: string }> = [];
const seen = new Set<unknown>();
const closables: Closable[] = [];
let emulator: RunningEmulator;

function record(path: Path, scenario: string, text: unknown): void {
  outputs.push({ path, scenario, text: typeof text === 'string' ? text : inspect(text, { depth: Number.POSITIVE_INFINITY }) });
}

function logger(scenario: string): Logger {
  return { log: (level, message, data) => record('logs', scenario, `${level} ${message} ${inspect(data, { depth: Number.POSITIVE_INFINITY })}`) };
}

/** Every rendering of an error and of each link of its cause chain. */
function captureError(scenario: string, error: unknown): void {
  if (seen.has(error)) return;
  seen.add(error);
  expect(error).toBeInstanceOf(Error);
  const e = error as ChannelKitError;
  record('messages', scenario, `${String(e)}\n${e.message}`);
  record('json', scenario, JSON.stringify(e));
  record('inspect', scenario, inspect(e, { depth: Number.POSITIVE_INFINITY }));
  record('stack', scenario, String(e.stack));
  record('details', scenario, e.details);
  let cause: unknown = e.cause;
  for (let i = 0; cause !== undefined && i < 20; i++) {
    const link = cause as Error;
    record('cause', scenario, cause instanceof Error ? `${String(link)}\n${link.stack}\n${inspect(link, { depth: Number.POSITIVE_INFINITY, showHidden: true })}` : cause);
    try {
      record('cause', scenario, JSON.stringify(cause));
    } catch {
      // A cause JSON cannot hold is still covered by the inspect rendering above.
    }
    cause = link.cause;
  }
}

async function failure(scenario: string, promise: Promise<unknown>): Promise<ChannelKitError> {
  const error = await promise.then(
    () => {
      throw new Error(`${scenario}: expected a failure`);
    },
    (e: unknown) => e,
  );
  captureError(scenario, error);
  return error as ChannelKitError;
}

function track<T extends Closable>(client: T): T {
  closables.push(client);
  return client;
}

/** Answers every request with `status` and a body echoing the request's headers six and more levels deep. */
function echoingFetch(status: number): typeof fetch {
  return async (_input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = {
      message: `refused request with ${JSON.stringify(headers)}`,
      errors: [
        {
          errorType: 'UnauthorizedException',
          message: `bad credentials ${Object.values(headers).join(' ')}`,
          errorInfo: { request: { trace: { hops: { first: { echo: { headers, body: init?.body } } } } } },
        },
      ],
    };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException' } });
  };
}

/** Throws like ky/ofetch do: an error carrying the failed request, its options and headers. */
function kyLikeFetch(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    throw Object.assign(new Error(`Request failed: ${request.method} ${request.url} (${request.headers.get('authorization') ?? request.headers.get('x-api-key')})`), {
      name: 'HTTPError',
      request,
      options: { ...init, headers: Object.fromEntries(request.headers.entries()) },
      response: { status: 500, headers: Object.fromEntries(request.headers.entries()) },
    });
  };
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    appsync: { apiKey: CANARY.apiKey },
    apigw: {
      // The $connect authorizer: refuses bad tokens with a body that echoes the token back.
      connect: (event) => (event.queryStringParameters?.token === CANARY.apigwToken ? { statusCode: 200 } : { statusCode: 401, body: `token ${event.queryStringParameters?.token} refused` }),
    },
  });
});

afterAll(async () => {
  for (const c of closables.splice(0)) c.close();
  await emulator.close();
});

describe('canary secrets never leak', () => {
  it('AppSync Events: rejected auth in every mode, over the socket and over HTTP', async () => {
    const modes = {
      apiKey: apiKeyAuth(CANARY.wrongApiKey),
      userPool: userPoolAuth(async () => CANARY.jwt),
      lambda: lambdaAuth(() => CANARY.lambdaToken),
      iam: iamAuth({ region: emulator.endpoints.appsync.region, credentials: IAM }),
    };
    for (const [mode, auth] of Object.entries(modes)) {
      const scenario = `appsync ${mode} rejected`;
      const client = track(appSyncClient(emulator, auth, { logger: logger(scenario) }));
      client.onError((e) => captureError(scenario, e));
      client.channel('/default/room').subscribe({ onEvent: () => {}, onError: (e) => captureError(scenario, e) });
      client.connect();
      await waitFor(() => client.status.getSnapshot().status === 'failed', `${scenario}: failed`);
      captureError(scenario, client.status.getSnapshot().error);
      expect((await failure(`${scenario} post`, client.publish('/default/room', [{ n: 1 }], { via: 'http' }))).code).toBe('AUTH_FAILED');
      expect((await failure(`${scenario} post echo`, appSyncClient(emulator, auth, { fetch: echoingFetch(401) }).publish('/default/room', [{ n: 1 }], { via: 'http' }))).code).toBe('AUTH_FAILED');
      expect((await failure(`${scenario} post ky`, appSyncClient(emulator, auth, { fetch: kyLikeFetch() }).publish('/default/room', [{ n: 1 }], { via: 'http' }))).code).toBe('CONNECTION_LOST');
    }
  });

  it('AppSync Events: socket closes and drops whose reason echoes the key', async () => {
    const scenario = 'appsync socket close';
    const client = track(appSyncClient(emulator, apiKeyAuth(CANARY.apiKey), { logger: logger(scenario) }));
    client.onError((e) => captureError(scenario, e));
    client.channel('/default/room').subscribe({ onEvent: () => {}, onError: (e) => captureError(scenario, e) });
    const outages = countOutages(client);
    client.connect();
    await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected');
    emulator.faults.apply({ backend: 'appsync', action: 'close', code: 4000, reason: `bye x-api-key: ${CANARY.apiKey}` });
    // Reconnects take ~20 ms: count the outage from the store's notifications, not by polling.
    await waitFor(() => outages() === 1 && client.status.getSnapshot().status === 'connected', 'closed and reconnected');
    emulator.faults.apply({ backend: 'appsync', action: 'drop' });
    await waitFor(() => outages() === 2 && client.status.getSnapshot().status === 'connected', 'dropped and reconnected');
    const error = client.status.getSnapshot().error;
    if (error) captureError(scenario, error);
  });

  it('API Gateway WebSocket: a $connect refusal that echoes the query token, and closes', async () => {
    const refused = 'apigw connect refused';
    const bad = track(apiGatewayConnection(emulator, { token: CANARY.apigwBadToken }, { logger: logger(refused) }));
    bad.onError((e) => captureError(refused, e));
    bad.connect();
    await waitFor(() => bad.status.getSnapshot().status === 'failed', 'refused connection failed');
    captureError(refused, bad.status.getSnapshot().error);

    const closed = 'apigw socket close';
    const good = track(apiGatewayConnection(emulator, { token: CANARY.apigwToken }, { logger: logger(closed) }));
    good.onError((e) => captureError(closed, e));
    const outages = countOutages(good);
    good.connect();
    await waitFor(() => good.status.getSnapshot().status === 'connected', 'apigw connected');
    emulator.faults.apply({ backend: 'apigw', action: 'close', code: 4000, reason: `token=${CANARY.apigwToken}` });
    await waitFor(() => outages() === 1 && good.status.getSnapshot().status === 'connected', 'apigw closed and reconnected');
  });

  it('@connections client: refused signature, an echoing error body, a ky-like fetch error, fan-out failures', async () => {
    const canaryCredentials = { credentials: IAM };
    const id = 'canaryConnId=';
    expect((await failure('connections refused', managementClient(emulator, canaryCredentials).post(id, 'hi'))).code).toBe('AUTH_FAILED');
    expect((await failure('connections echo', managementClient(emulator, { ...canaryCredentials, fetch: echoingFetch(403) }).post(id, 'hi'))).code).toBe('AUTH_FAILED');
    expect((await failure('connections ky', managementClient(emulator, { ...canaryCredentials, fetch: kyLikeFetch() }).get(id))).code).toBe('CONNECTION_LOST');
    const fanned = await managementClient(emulator, { ...canaryCredentials, fetch: echoingFetch(500) }).fanOut([id, 'other='], { hello: 'world' });
    expect(fanned.failed).toHaveLength(2);
    for (const { error } of fanned.failed) captureError('connections fanOut', error);
  });

  afterAll(() => {
    const leaks: string[] = [];
    const forms = Object.entries(CANARY).flatMap(([name, value]) => [[name, value] as const, [`${name} (URL-encoded)`, encodeURIComponent(value)] as const]);
    for (const { path, scenario, text } of outputs) {
      for (const [name, value] of forms) if (text.includes(value)) leaks.push(`${name} in ${path} (${scenario}): ${text.slice(0, 300)}`);
    }
    const covered = PATHS.filter((p) => outputs.some((o) => o.path === p));
    console.log(`canary: searched ${outputs.length} outputs across paths [${covered.join(', ')}], ${leaks.length} leaks`);
    expect(covered).toEqual(PATHS);
    expect(leaks).toEqual([]);
  });
});
