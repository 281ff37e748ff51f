import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedactor } from '../../../errors/redact.js';
import { presignUrl } from '../../../sigv4/presignUrl.js';
import { chimeChannelArn } from '../arns.js';
import { chime } from '../chime.js';
import { chimeCloseDecision } from '../closePolicy.js';
import { CHIME_EVENT_TYPES, messageData, parseChimeEnvelope } from '../envelope.js';
import { chimeTime } from '../types.js';

const APP = 'arn:aws:chime:us-east-1:123456789012:app-instance/694d2099-cb1e-463e-9d64-697ff5b8950e';
const USER = `${APP}/user/johndoe`;
const SPEC_CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const endpointFetch =
  (url: string): typeof fetch =>
  async () =>
    new Response(JSON.stringify({ Endpoint: { Url: url } }), { status: 200 });
const ctx = () => ({ attempt: 0, reauth: false, secrets: createRedactor(), signal: new AbortController().signal });
const frame = (type: string, payload?: unknown, extra: Record<string, string> = {}) =>
  JSON.stringify({ Headers: { 'x-amz-chime-event-type': type, 'x-amz-chime-message-type': 'SYSTEM', ...extra }, ...(payload === undefined ? {} : { Payload: JSON.stringify(payload) }) });

afterEach(() => {
  vi.useRealTimers();
});

describe('the presigned connect URL (spec A1.2, A1.3)', () => {
  it('reproduces the spec worked example signature', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2020, 11, 14, 17, 13, 59));
    const backend = chime({ region: 'us-east-1', appInstanceArn: APP, userArn: USER, credentials: SPEC_CREDS, sessionId: '1234567890', fetch: endpointFetch('node001.ue1.ws-messaging.chime.aws') });
    const { url } = await backend.connect(ctx());
    const u = new URL(url);
    expect(`${u.protocol}//${u.host}${u.pathname}`).toBe('wss://node001.ue1.ws-messaging.chime.aws/connect');
    expect(u.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20201214/us-east-1/chime/aws4_request');
    expect(u.searchParams.get('X-Amz-Expires')).toBe('10');
    expect(u.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(u.searchParams.get('prefetch-on')).toBe('connect');
    expect(u.searchParams.get('X-Amz-Signature')).toBe('6cd994a080db84d5d6e9f25f7e11404f1c118f54c9ff9dd066ca8ec4dfa2dfe6');
  });

  it('signs the session token into the canonical query, as DefaultSigV4 does; prefetch-sort-by is sent; fresh credentials per attempt', async () => {
    let calls = 0;
    const credentials = async () => {
      calls++;
      return { ...SPEC_CREDS, sessionToken: `token-${calls}` };
    };
    const backend = chime({ region: 'us-east-1', appInstanceArn: APP, userArn: USER, credentials, prefetch: { sortBy: 'unread' }, fetch: endpointFetch('h.example') });
    const secrets = createRedactor();
    const first = new URL((await backend.connect({ ...ctx(), secrets })).url);
    const second = new URL((await backend.connect({ ...ctx(), secrets })).url);
    expect(first.searchParams.get('X-Amz-Security-Token')).toBe('token-1');
    // The endpoint lookup fetches credentials too (token-2): every attempt signs with what the provider gives now.
    expect(second.searchParams.get('X-Amz-Security-Token')).toBe('token-3');
    expect(first.searchParams.get('prefetch-sort-by')).toBe('unread');
    expect(secrets.scrub(new Error('token-3 leaked')).message).not.toContain('token-3');
    const date = first.searchParams.get('X-Amz-Date')!;
    const at = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15));
    const query = Object.fromEntries(['userArn', 'sessionId', 'prefetch-on', 'prefetch-sort-by'].map((k) => [k, first.searchParams.get(k)!]));
    const resign = (signSessionToken: boolean) =>
      new URL(
        presignUrl(
          { method: 'GET', protocol: 'wss:', hostname: 'h.example', path: '/connect', query },
          { service: 'chime', region: 'us-east-1', credentials: { ...SPEC_CREDS, sessionToken: 'token-1' }, expiresIn: 10, date: at, signSessionToken },
        ),
      ).searchParams.get('X-Amz-Signature');
    expect(first.searchParams.get('X-Amz-Signature')).toBe(resign(true));
    expect(first.searchParams.get('X-Amz-Signature')).not.toBe(resign(false));
  });

  it('an http:// endpoint (the emulator) makes the socket ws://; the SDK default sessionId is a uint32', async () => {
    const backend = chime({ region: 'us-east-1', appInstanceArn: APP, userArn: USER, credentials: SPEC_CREDS, endpoint: 'http://127.0.0.1:9', fetch: endpointFetch('127.0.0.1:9') });
    const u = new URL((await backend.connect(ctx())).url);
    expect(u.protocol).toBe('ws:');
    expect(Number(u.searchParams.get('sessionId'))).toBeLessThan(2 ** 32);
  });
});

describe('close codes (spec A3.1 table)', () => {
  const decide = (code: number) => chimeCloseDecision({ code, reason: '', phase: 'connected' }).action;
  it.each([1001, 1006, 1011, 1012, 1014, 4000, 4001, 4004, 4005, 4400, 4999])('%i → retry', (code) => expect(decide(code)).toBe('retry'));
  it('1013 → retry, throttled', () => expect(chimeCloseDecision({ code: 1013, reason: '', phase: 'connected' })).toEqual({ action: 'retry', throttled: true }));
  it.each([1000, 1002, 1003, 1005, 1007, 1008, 1009, 1010, 3000, 4002, 4003, 4401])('%i → stop', (code) => expect(decide(code)).toBe('stop'));
  it('4003 and 4401 stop as AUTH_FAILED naming the code; 4002 as PROTOCOL_ERROR', () => {
    for (const [code, kind] of [
      [4003, 'AUTH_FAILED'],
      [4401, 'AUTH_FAILED'],
      [4002, 'PROTOCOL_ERROR'],
    ] as const) {
      const d = chimeCloseDecision({ code, reason: 'x', phase: 'handshaking' });
      expect(d.action === 'stop' && d.error.code).toBe(kind);
      expect(d.action === 'stop' && d.error.message).toContain(String(code));
    }
  });
});

describe('envelope decoding (spec A2)', () => {
  const room = `${APP}/channel/room`;
  const message = { ChannelArn: room, MessageId: 'm1', Content: 'hi', CreatedTimestamp: '2024-01-01T00:00:00.500Z', Sender: { Arn: USER } };
  it('decodes every documented event type to its kind', () => {
    const kinds: Record<string, string> = {};
    for (const t of CHIME_EVENT_TYPES) {
      const payload =
        t.includes('MESSAGE') && !t.includes('MEMBERSHIP')
          ? message
          : t.includes('MEMBERSHIP')
            ? { ChannelArn: room, Member: { Arn: USER } }
            : t === 'CHANNEL_DETAILS'
              ? { Channel: { ChannelArn: room } }
              : t === 'SESSION_ESTABLISHED'
                ? undefined
                : { ChannelArn: room };
      kinds[t] = parseChimeEnvelope(frame(t, payload)).kind;
    }
    expect(kinds).toEqual({
      SESSION_ESTABLISHED: 'session',
      CREATE_CHANNEL_MESSAGE: 'message',
      REDACT_CHANNEL_MESSAGE: 'message',
      UPDATE_CHANNEL_MESSAGE: 'message',
      DELETE_CHANNEL_MESSAGE: 'message',
      PENDING_CREATE_CHANNEL_MESSAGE: 'message',
      PENDING_UPDATE_CHANNEL_MESSAGE: 'message',
      FAILED_CREATE_CHANNEL_MESSAGE: 'message',
      FAILED_UPDATE_CHANNEL_MESSAGE: 'message',
      DENIED_CREATE_CHANNEL_MESSAGE: 'message',
      DENIED_UPDATE_CHANNEL_MESSAGE: 'message',
      CHANNEL_DETAILS: 'details',
      UPDATE_CHANNEL: 'channel',
      DELETE_CHANNEL: 'channel',
      BATCH_CREATE_CHANNEL_MEMBERSHIP: 'membership',
      CREATE_CHANNEL_MEMBERSHIP: 'membership',
      DELETE_CHANNEL_MEMBERSHIP: 'membership',
      UPDATE_CHANNEL_MEMBERSHIP: 'membership',
    });
  });

  it('message types STANDARD, CONTROL and SYSTEM, the event reason, and "N/A" or absent payloads', () => {
    for (const mt of ['STANDARD', 'CONTROL', 'SYSTEM']) {
      const e = parseChimeEnvelope(frame('CREATE_CHANNEL_MESSAGE', message, { 'x-amz-chime-message-type': mt }));
      expect(e.kind === 'message' && e.messageType).toBe(mt);
    }
    const reason = parseChimeEnvelope(frame('DELETE_CHANNEL_MEMBERSHIP', { ChannelArn: room, Member: { Arn: USER } }, { 'x-amz-chime-event-reason': 'subchannel_DELETED' }));
    expect(reason).toMatchObject({ kind: 'membership', action: 'delete', reason: 'subchannel_DELETED' });
    expect(parseChimeEnvelope('{"Headers":{"x-amz-chime-event-type":"SESSION_ESTABLISHED"},"Payload":"N/A"}').kind).toBe('session');
  });

  it('timestamps: ISO strings and epoch seconds both become epoch ms', () => {
    const e = parseChimeEnvelope(frame('CREATE_CHANNEL_MESSAGE', message));
    expect(e.kind === 'message' && e.message.CreatedTimestamp).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 500));
    expect(chimeTime(1704067200.5)).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 500));
    expect(chimeTime('garbage')).toBeUndefined();
  });

  it('unknown event types are tolerated; non-envelopes are ProtocolErrors', () => {
    expect(parseChimeEnvelope(frame('CREATE_CHANNEL', { ChannelArn: room }))).toMatchObject({ kind: 'unknown', eventType: 'CREATE_CHANNEL' });
    for (const bad of ['nope', '[]', '{}', '{"Headers":{}}', '{"Headers":{"x-amz-chime-event-type":"CREATE_CHANNEL_MESSAGE"},"Payload":"{"}', frame('CREATE_CHANNEL_MESSAGE', { Content: 'no id' })]) {
      expect(() => parseChimeEnvelope(bad)).toThrowError(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
    }
  });

  it('content: ChannelKit JSON is parsed, anything else is the Content string', () => {
    expect(messageData({ MessageId: 'a', Content: '{"n":1}', ContentType: 'application/json' })).toEqual({ n: 1 });
    expect(messageData({ MessageId: 'a', Content: '{"n":1}' })).toBe('{"n":1}');
    expect(messageData({ MessageId: 'a', Content: '{bad', ContentType: 'application/json' })).toBe('{bad');
  });

  it('only a created, SENT message carries an id (edits are not duplicates); CHANNEL_DETAILS syncs presence', () => {
    const backend = chime({ region: 'us-east-1', appInstanceArn: APP, userArn: USER, credentials: SPEC_CREDS });
    expect(backend.decode(frame('CREATE_CHANNEL_MESSAGE', message))).toMatchObject({ type: 'event', channel: room, id: 'm1', data: 'hi' });
    expect(backend.decode(frame('UPDATE_CHANNEL_MESSAGE', message))).not.toHaveProperty('id');
    expect(backend.decode(frame('PENDING_CREATE_CHANNEL_MESSAGE', message))).not.toHaveProperty('id');
    expect(backend.decode(frame('CHANNEL_DETAILS', { Channel: { ChannelArn: room }, ChannelMemberships: [{ Member: { Arn: USER, Name: 'John' } }] }))).toEqual({
      type: 'presence',
      channel: room,
      action: 'sync',
      members: [{ id: USER, data: { name: 'John' } }],
    });
    expect(backend.decode(frame('SESSION_ESTABLISHED'))).toMatchObject({ type: 'connected' });
  });
});

describe('channel names', () => {
  it('an id and the full ARN are one channel', () => {
    expect(chimeChannelArn('room', APP)).toBe(`${APP}/channel/room`);
    expect(chimeChannelArn(`${APP}/channel/room`, APP)).toBe(`${APP}/channel/room`);
  });
});
