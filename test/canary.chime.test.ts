import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { type ChannelKitError, createClient, type Logger } from '@channelkit/transport';
import { chime } from '@channelkit/transport/chime';
import { createFrameLog } from '../packages/ui/src/frameLog.js';
import { FAST } from './_chime.js';

// Canary secrets for Chime: the secret access key and the session token (which travels in every
// presigned connect URL and every signed REST call), driven through every failure path and a
// successful session, then searched for in logs, errors, causes and details. Bearer ARNs and
// access key ids are identifiers, not secrets, and are not searched for.
const CANARY = {
  secretAccessKey: 'ChimeCanarySecret/9Xq2+Wm4Er6Ty8Ui0Op1As3Df5Gh7',
  sessionToken: 'ChimeCanarySessionTokenIQoJb3JpZ2luX2VjEHYaCXVz+/=',
};
const CREDS = { accessKeyId: 'AKIACHIMECANARY', ...CANARY };

type Path = 'logs' | 'messages' | 'json' | 'inspect' | 'stack' | 'cause' | 'details' | 'frames';
const outputs: Array<{ path: Path; scenario: string; text: string }> = [];
const emulators: RunningEmulator[] = [];

const record = (path: Path, scenario: string, text: unknown) => outputs.push({ path, scenario, text: typeof text === 'string' ? text : inspect(text, { depth: Number.POSITIVE_INFINITY }) });
const logger = (scenario: string): Logger => ({ log: (level, message, data) => record('logs', scenario, `${level} ${message} ${inspect(data, { depth: Number.POSITIVE_INFINITY })}`) });

function captureError(scenario: string, error: unknown): ChannelKitError {
  expect(error).toBeInstanceOf(Error);
  const e = error as ChannelKitError;
  record('messages', scenario, `${String(e)}\n${e.message}`);
  record('json', scenario, JSON.stringify(e));
  record('inspect', scenario, inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
  record('stack', scenario, String(e.stack));
  record('details', scenario, e.details);
  let cause: unknown = e.cause;
  for (let i = 0; cause !== undefined && i < 20; i++) {
    record('cause', scenario, cause instanceof Error ? `${String(cause)}\n${cause.stack}\n${inspect(cause, { depth: Number.POSITIVE_INFINITY, showHidden: true })}` : cause);
    cause = (cause as Error).cause;
  }
  return e;
}

async function failure(scenario: string, promise: Promise<unknown>): Promise<ChannelKitError> {
  const error = await promise.then(
    () => {
      throw new Error(`${scenario}: expected a failure`);
    },
    (e: unknown) => e,
  );
  return captureError(scenario, error);
}

/** Answers 403 with a body and error type echoing the request's URL, headers and body. */
const echoingFetch: typeof fetch = async (input, init) => {
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  const echo = `${String(input)} ${JSON.stringify(headers)} ${String(init?.body ?? '')}`;
  return new Response(JSON.stringify({ Code: 'Forbidden', Message: `refused ${echo}`, echo: { deep: { headers } } }), {
    status: 403,
    headers: { 'x-amzn-errortype': `ForbiddenException:${echo.slice(0, 400)}` },
  });
};

async function emulator(accepts: typeof CREDS | undefined) {
  // The canary pair (with its session token) is the emulator's shared pair here, allowed to act
  // as ada through the documented quick-start shortcut: this file is about secrets, not roles.
  const e = await startEmulator({ port: 0, chime: accepts ? { credentials: accepts, users: ['ada'], sharedCredentialsActAsAnyUser: true } : { users: ['ada'] } });
  emulators.push(e);
  const c = e.endpoints.chime;
  const ada = `${c.appInstanceArn}/user/ada`;
  const room = e.chime.model.createChannel(ada, { AppInstanceArn: c.appInstanceArn, Name: 'room', ChannelId: 'room' }).ChannelArn;
  const backend = (fetchImpl?: typeof fetch) =>
    chime({ region: c.region, appInstanceArn: c.appInstanceArn, userArn: ada, credentials: CREDS, endpoint: c.endpoint, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return { e, room, backend };
}

describe('canary secrets never reach logs or errors (Chime)', () => {
  it('rejected credentials: connect, publish, history, channel list, recovery-facing calls', async () => {
    const { backend } = await emulator(undefined);
    const b = backend();
    const client = createClient({ backend: b, ...FAST, logger: logger('rejected') });
    try {
      client.connect();
      await new Promise<void>((resolve) => {
        const check = () => client.status.getSnapshot().status === 'failed' && resolve();
        client.status.subscribe(check);
        check();
      });
      captureError('rejected connect', client.status.getSnapshot().error);
      await failure('rejected publish', client.channel('room').publish({ n: 1 }));
      await failure('rejected history', client.channel('room').history!.list());
      await failure('rejected channel list', b.channels.refresh());
      await failure('rejected read marker', b.channels.markRead(`${b.api.bearer.split('/user/')[0]}/channel/room`));
    } finally {
      client.close();
    }
  });

  it('a fetch that echoes the signed request into the error body and error type', async () => {
    const { backend } = await emulator(CREDS);
    const b = backend(echoingFetch);
    const client = createClient({ backend: b, ...FAST, fetch: echoingFetch, logger: logger('echo') });
    try {
      client.connect();
      await new Promise<void>((resolve) => {
        const check = () => client.status.getSnapshot().status === 'failed' && resolve();
        client.status.subscribe(check);
        check();
      });
      captureError('echo connect', client.status.getSnapshot().error);
      await failure('echo publish', client.channel('room').publish('hi'));
      await failure('echo history', client.channel('room').history!.list({ limit: 5 }));
      await failure('echo channel list', b.channels.refresh());
    } finally {
      client.close();
    }
  });

  it('a working session: the session token is in every presigned URL, never in a log line', async () => {
    const { e, backend } = await emulator(CREDS);
    const client = createClient({ backend: backend(), ...FAST, logger: logger('working') });
    try {
      const got: unknown[] = [];
      client.channel('room').subscribe((d) => got.push(d));
      await new Promise<void>((resolve) => {
        const check = () => client.channel('room').state.getSnapshot().status === 'subscribed' && resolve();
        client.channel('room').state.subscribe(check);
        check();
      });
      await client.channel('room').publish('hello');
      e.faults.apply({ backend: 'chime', action: 'drop' });
      e.faults.apply({ backend: 'chime', action: 'close', code: 4401 });
      await new Promise<void>((resolve) => {
        const check = () => got.length >= 1 && client.status.getSnapshot().status !== 'connecting' && resolve();
        client.status.subscribe(check);
        check();
      });
    } finally {
      client.close();
    }
  });

  it('the devtools frame log: the presigned URL, and a close reason quoting the session token', async () => {
    const { e, backend } = await emulator(CREDS);
    const frames = createFrameLog({ WebSocket: FAST.WebSocket as unknown as typeof globalThis.WebSocket, limit: 500 });
    const client = createClient({ backend: backend(), ...FAST, WebSocket: frames.WebSocket as never, logger: logger('frame log') });
    try {
      client.channel('room').subscribe(() => {});
      await new Promise<void>((resolve) => {
        const check = () => client.status.getSnapshot().status === 'connected' && resolve();
        client.status.subscribe(check);
        check();
      });
      e.faults.apply({ backend: 'chime', action: 'close', code: 4010, reason: `session ${CANARY.sessionToken} expired` });
      await new Promise<void>((resolve) => {
        const check = () => frames.getSnapshot().filter((f) => f.direction === 'open').length === 2 && client.status.getSnapshot().status === 'connected' && resolve();
        client.status.subscribe(check);
        frames.subscribe(check);
        check();
      });
      const log = frames.getSnapshot();
      expect(log.filter((f) => f.direction === 'open')).toHaveLength(2);
      expect(log.find((f) => f.direction === 'close')?.text).toBe('4010 session [REDACTED] expired');
      for (const f of log) record('frames', 'frame log', `${f.direction} ${f.text}`);
    } finally {
      client.close();
    }
  });

  afterAll(async () => {
    for (const e of emulators) await e.close();
    const leaks: string[] = [];
    const forms = Object.entries(CANARY).flatMap(([name, value]) => [[name, value] as const, [`${name} (URL-encoded)`, encodeURIComponent(value)] as const]);
    for (const { path, scenario, text } of outputs) for (const [name, value] of forms) if (text.includes(value)) leaks.push(`${name} in ${path} (${scenario}): ${text.slice(0, 300)}`);
    const covered = [...new Set(outputs.map((o) => o.path))].sort();
    console.log(`canary chime: searched ${outputs.length} outputs across paths [${covered.join(', ')}], ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    expect(outputs.some((o) => o.path === 'logs')).toBe(true);
    expect(outputs.some((o) => o.path === 'frames')).toBe(true);
  });
});
