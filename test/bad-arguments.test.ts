import { ChannelKitError, createRedactor, redact } from '@channelkit/transport';
import { ConnectionsClient } from '@channelkit/transport/server';
import { cachingCredentials, presignUrl, signRequest, signRequestAsync, staticCredentials, toCredentialsProvider } from '@channelkit/transport/sigv4';
import { createChannelRouter, memoryStore } from '@channelkit/server';
import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from '../packages/transport/src/lib/base64url.js';

// Every wrong argument to the public functions below fails with a ChannelKitError
// INVALID_ARGUMENT whose message starts with the argument's name and states the rule — never
// a raw TypeError, and never after a network call.

type Row = readonly [label: string, call: () => unknown, argument: string];

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ok = { service: 'execute-api', region: 'us-east-1', credentials: creds };
const req = { url: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/' };
const HUGE = 'x'.repeat(100_000);
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
const any = (v: unknown) => v as never;

const signerRows = (name: string, sign: (request: unknown, options: unknown) => unknown): Row[] => [
  [`${name}: request undefined`, () => sign(undefined, ok), 'request'],
  [`${name}: request null`, () => sign(null, ok), 'request'],
  [`${name}: request number`, () => sign(42, ok), 'request'],
  [`${name}: request of the wrong shape`, () => sign({ hostname: 'h' }, ok), 'request'],
  [`${name}: url empty`, () => sign({ url: '' }, ok), 'request.url'],
  [`${name}: url relative`, () => sign({ url: '/prod' }, ok), 'request.url'],
  [`${name}: path relative`, () => sign({ method: 'GET', hostname: 'h', path: 'relative' }, ok), 'request.path'],
  [`${name}: method number`, () => sign({ ...req, method: 1 }, ok), 'request.method'],
  [`${name}: method huge`, () => sign({ ...req, method: HUGE }, ok), 'request.method'],
  [`${name}: body number`, () => sign({ ...req, body: 7 }, ok), 'request.body'],
  [`${name}: header value number`, () => sign({ ...req, headers: { 'x-n': 1 } }, ok), 'request.headers.x-n'],
  [`${name}: options undefined`, () => sign(req, undefined), 'options'],
  [`${name}: options null`, () => sign(req, null), 'options'],
  [`${name}: options number`, () => sign(req, 5), 'options'],
  [`${name}: options empty`, () => sign(req, {}), 'SigV4 service'],
  [`${name}: region empty`, () => sign(req, { ...ok, region: '' }), 'SigV4 region'],
  [`${name}: region huge`, () => sign(req, { ...ok, region: HUGE }), 'SigV4 region'],
  [`${name}: region number`, () => sign(req, { ...ok, region: 1 }), 'SigV4 region'],
  [`${name}: credentials undefined`, () => sign(req, { ...ok, credentials: undefined }), 'SigV4 credentials'],
  [`${name}: credentials of the wrong shape`, () => sign(req, { ...ok, credentials: { accessKeyId: 1, secretAccessKey: 'x' } }), 'SigV4 credentials'],
  [`${name}: credentials empty strings`, () => sign(req, { ...ok, credentials: { accessKeyId: '', secretAccessKey: '' } }), 'SigV4 credentials'],
  [`${name}: session token number`, () => sign(req, { ...ok, credentials: { ...creds, sessionToken: 5 } }), 'SigV4 credentials'],
  [`${name}: date invalid`, () => sign(req, { ...ok, date: new Date('nope') }), 'SigV4 date'],
];

const fetches: unknown[] = [];
const spyFetch: typeof fetch = async (input) => {
  fetches.push(input);
  return new Response(null, { status: 200 });
};
const client = new ConnectionsClient({ endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1', credentials: creds, fetch: spyFetch });
const clientOptions = { endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1', credentials: creds, fetch: spyFetch };

const ROWS: Row[] = [
  ...signerRows('signRequest', (r, o) => signRequest(any(r), any(o))),
  ...signerRows('signRequestAsync', (r, o) => signRequestAsync(any(r), any(o))),
  ...signerRows('presignUrl', (r, o) => presignUrl(any(r), any(o))),
  ['presignUrl: expiresIn 0', () => presignUrl(req, { ...ok, expiresIn: 0 }), 'expiresIn'],
  ['presignUrl: expiresIn beyond 7 days', () => presignUrl(req, { ...ok, expiresIn: 604_801 }), 'expiresIn'],
  ['presignUrl: expiresIn fractional', () => presignUrl(req, { ...ok, expiresIn: 1.5 }), 'expiresIn'],
  ['presignUrl: expiresIn string', () => presignUrl(req, { ...ok, expiresIn: any('60') }), 'expiresIn'],

  ['staticCredentials: undefined', () => staticCredentials(any(undefined)), 'credentials'],
  ['staticCredentials: null', () => staticCredentials(any(null)), 'credentials'],
  ['staticCredentials: number', () => staticCredentials(any(1)), 'credentials'],
  ['staticCredentials: wrong shape', () => staticCredentials(any({ key: 'a' })), 'credentials'],
  ['staticCredentials: empty strings', () => staticCredentials({ accessKeyId: '', secretAccessKey: '' }), 'credentials'],
  ['toCredentialsProvider: undefined', () => toCredentialsProvider(any(undefined)), 'credentials'],
  ['toCredentialsProvider: string', () => toCredentialsProvider(any('AKID:secret')), 'credentials'],
  ['cachingCredentials: provider undefined', () => cachingCredentials(any(undefined)), 'provider'],
  ['cachingCredentials: provider object', () => cachingCredentials(any(creds)), 'provider'],
  ['cachingCredentials: refreshBeforeMs negative', () => cachingCredentials(async () => creds, { refreshBeforeMs: -1 }), 'refreshBeforeMs'],
  ['cachingCredentials: refreshBeforeMs huge', () => cachingCredentials(async () => creds, { refreshBeforeMs: 1e15 }), 'refreshBeforeMs'],
  ['cachingCredentials: now not a function', () => cachingCredentials(async () => creds, { now: any(5) }), 'now'],

  ['ConnectionsClient: options undefined', () => new ConnectionsClient(any(undefined)), 'endpoint'],
  ['ConnectionsClient: options null', () => new ConnectionsClient(any(null)), 'endpoint'],
  ['ConnectionsClient: options number', () => new ConnectionsClient(any(3)), 'endpoint'],
  ['ConnectionsClient: endpoint empty', () => new ConnectionsClient({ ...clientOptions, endpoint: '' }), 'endpoint'],
  ['ConnectionsClient: endpoint wss', () => new ConnectionsClient({ ...clientOptions, endpoint: 'wss://x/prod' }), 'endpoint'],
  ['ConnectionsClient: endpoint number', () => new ConnectionsClient({ ...clientOptions, endpoint: any(8080) }), 'endpoint'],
  ['ConnectionsClient: region missing', () => new ConnectionsClient({ ...clientOptions, region: any(undefined) }), 'region'],
  ['ConnectionsClient: region huge', () => new ConnectionsClient({ ...clientOptions, region: HUGE }), 'region'],
  ['ConnectionsClient: credentials missing', () => new ConnectionsClient({ ...clientOptions, credentials: any(undefined) }), 'credentials'],
  ['ConnectionsClient: credentials wrong shape', () => new ConnectionsClient({ ...clientOptions, credentials: any({ id: 'a' }) }), 'credentials'],
  ['ConnectionsClient: fetch not a function', () => new ConnectionsClient({ ...clientOptions, fetch: any('fetch') }), 'fetch'],
  ['ConnectionsClient: sleep not a function', () => new ConnectionsClient({ ...clientOptions, sleep: any(10) }), 'sleep'],
  ['ConnectionsClient: maxRetries negative', () => new ConnectionsClient({ ...clientOptions, maxRetries: -1 }), 'maxRetries'],
  ['ConnectionsClient: maxRetries huge', () => new ConnectionsClient({ ...clientOptions, maxRetries: 1e9 }), 'maxRetries'],
  ['ConnectionsClient: retryBaseMs fractional', () => new ConnectionsClient({ ...clientOptions, retryBaseMs: 0.5 }), 'retryBaseMs'],
  ...(['post', 'get', 'delete'] as const).flatMap((method): Row[] => {
    const call = (id: unknown) => (method === 'post' ? client.post(any(id), 'hi') : client[method](any(id)));
    return [
      [`ConnectionsClient.${method}: connectionId undefined`, () => call(undefined), 'connectionId'],
      [`ConnectionsClient.${method}: connectionId null`, () => call(null), 'connectionId'],
      [`ConnectionsClient.${method}: connectionId number`, () => call(42), 'connectionId'],
      [`ConnectionsClient.${method}: connectionId empty`, () => call(''), 'connectionId'],
      [`ConnectionsClient.${method}: connectionId huge`, () => call(HUGE), 'connectionId'],
    ];
  }),
  ['ConnectionsClient.post: data undefined', () => client.post('abc=', any(undefined)), 'data'],
  ['ConnectionsClient.post: data null', () => client.post('abc=', any(null)), 'data'],
  ['ConnectionsClient.post: data number', () => client.post('abc=', any(5)), 'data'],
  ['ConnectionsClient.post: data with a BigInt', () => client.post('abc=', { n: 1n }), 'data'],
  ['ConnectionsClient.post: data cyclic', () => client.post('abc=', cyclic), 'data'],
  ['ConnectionsClient.fanOut: ids undefined', () => client.fanOut(any(undefined), 'hi'), 'connectionIds'],
  ['ConnectionsClient.fanOut: ids number', () => client.fanOut(any(7), 'hi'), 'connectionIds'],
  ['ConnectionsClient.fanOut: ids a string', () => client.fanOut(any('abc='), 'hi'), 'connectionIds'],
  ['ConnectionsClient.fanOut: data cyclic', () => client.fanOut(['abc='], cyclic), 'data'],
  ['ConnectionsClient.fanOut: concurrency 0', () => client.fanOut(['abc='], 'hi', { concurrency: 0 }), 'concurrency'],
  ['ConnectionsClient.fanOut: concurrency string', () => client.fanOut(['abc='], 'hi', { concurrency: any('4') }), 'concurrency'],

  ['createRedactor: a string', () => createRedactor(any('secret-value')), 'initial'],
  ['createRedactor: number', () => createRedactor(any(4)), 'initial'],
  ['createRedactor: null', () => createRedactor(any(null)), 'initial'],
  ['createRedactor: a number among the secrets', () => createRedactor(any([1234])), 'secret'],
  ['Redactor.add: number', () => createRedactor().add(any(12345)), 'secret'],
  ['Redactor.add: object', () => createRedactor().add(any({ token: 'x' })), 'secret'],
  ['Redactor.text: undefined', () => createRedactor().text(any(undefined)), 'text'],
  ['Redactor.scrub: a string', () => createRedactor().scrub(any('boom')), 'error'],
  ['Redactor.scrub: null', () => createRedactor().scrub(any(null)), 'error'],
  ['redact: text undefined', () => redact(any(undefined)), 'text'],
  ['redact: text number', () => redact(any(42)), 'text'],
  ['redact: secrets number', () => redact('x', any(42)), 'secrets'],
  ['redact: secrets null', () => redact('x', any(null)), 'secrets'],
  ['createChannelRouter: undefined', () => createChannelRouter(any(undefined)), 'options'],
  ['createChannelRouter: no store', () => createChannelRouter(any({})), 'options.store'],
  ['createChannelRouter: a store missing methods', () => createChannelRouter(any({ store: { getConnection() {} } })), 'options.store'],
  ['createChannelRouter: authorize not a function', () => createChannelRouter(any({ store: memoryStore(), authorize: true })), 'options.authorize'],
  ['createChannelRouter: identify not a function', () => createChannelRouter(any({ store: memoryStore(), identify: HUGE })), 'options.identify'],
  ['createChannelRouter: concurrency 0', () => createChannelRouter({ store: memoryStore(), concurrency: 0 }), 'options.concurrency'],
  ['createChannelRouter: region huge', () => createChannelRouter({ store: memoryStore(), region: HUGE }), 'options.region'],
  ['createChannelRouter: anonymous a string', () => createChannelRouter(any({ store: memoryStore(), anonymous: 'yes' })), 'options.anonymous'],
  ['a router: an event without requestContext', () => createChannelRouter({ store: memoryStore() })(any({ body: '{}' })), 'event'],
  ['base64UrlEncode: undefined', () => base64UrlEncode(any(undefined)), 'input'],
  ['base64UrlEncode: null', () => base64UrlEncode(any(null)), 'input'],
  ['base64UrlEncode: number', () => base64UrlEncode(any(42)), 'input'],
  ['base64UrlEncode: array of numbers', () => base64UrlEncode(any([1, 2, 3])), 'input'],
];

async function outcome(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('bad arguments become INVALID_ARGUMENT naming the argument and the rule', () => {
  it.each(ROWS)('%s', async (_label, call, argument) => {
    fetches.length = 0;
    const error = await outcome(call);
    expect(error).toBeInstanceOf(ChannelKitError);
    const e = error as ChannelKitError;
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message.startsWith(`${argument} `)).toBe(true);
    expect(e.details).toMatchObject({ argument, rule: expect.stringMatching(/\S{3}/) });
    expect(e.message).not.toContain(HUGE.slice(0, 100)); // the value is never quoted back
    expect(fetches).toEqual([]);
  });

  it('huge inputs that are legitimate stay accepted; oversized bodies are a LIMIT_EXCEEDED naming the limit', async () => {
    expect(base64UrlEncode(HUGE)).toHaveLength(Math.ceil((HUGE.length * 4) / 3));
    expect(signRequest({ ...req, method: 'POST', body: HUGE }, ok).signature).toMatch(/^[0-9a-f]{64}$/);
    const error = await outcome(() => client.post('abc=', 'x'.repeat(200_000)));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'messageBytes', max: 131_072 } });
    expect(fetches).toEqual([]);
  });
});
