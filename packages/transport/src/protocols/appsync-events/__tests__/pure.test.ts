import { describe, expect, it } from 'vitest';
import { appSyncConfigFromAmplify } from '../amplifyConfig.js';
import { appSyncError } from '../appSyncErrors.js';
import { appSyncChannel, channelMatches } from '../channelPath.js';
import { decodeAppSyncFrame, publishResult } from '../codec.js';
import { resolveAppSyncEndpoints } from '../endpoints.js';
import { APPSYNC_LIMITS } from '../limits.js';
import { encodeEvents, splitIntoRequests } from '../publishBatches.js';

describe('appSyncChannel', () => {
  it.each([
    ['default/room', 'publish', '/default/room'],
    ['/default/room/', 'publish', '/default/room'],
    ['/a/b/c/d/e', 'publish', '/a/b/c/d/e'],
    ['/default/*', 'subscribe', '/default/*'],
    ['/a/b/c/d/*', 'subscribe', '/a/b/c/d/*'],
    ['/x-1/Y-2', 'subscribe', '/x-1/Y-2'],
  ] as const)('%s (%s) → %s', (input, use, expected) => {
    expect(appSyncChannel(input, use)).toBe(expected);
  });

  it.each([
    ['', 'publish', /at least a namespace/],
    ['/', 'publish', /at least a namespace/],
    ['/default/*', 'publish', /only be subscribed to/],
    ['/*', 'subscribe', /namespace before it/],
    ['/a/b/c/d/e/f', 'publish', /at most 5 segments/],
    ['/a/b/c/d/e/*', 'subscribe', /at most 4 segments/],
    ['/a//b', 'publish', /segment 2 is empty/],
    ['/a/b*', 'subscribe', /whole last segment/],
    [`/a/${'x'.repeat(51)}`, 'publish', /51 characters; at most 50/],
    ['/a/-b', 'publish', /may not start or end with "-"/],
    ['/a/b_c', 'publish', /only hold A-Z/],
  ] as const)('rejects %s (%s)', (input, use, rule) => {
    expect(() => appSyncChannel(input, use)).toThrowError(expect.objectContaining({ code: 'INVALID_CHANNEL', details: expect.objectContaining({ rule: expect.stringMatching(rule) }) }));
  });

  it('matches wildcards on one or more extra segments only', () => {
    expect(channelMatches('/default/*', '/default/a')).toBe(true);
    expect(channelMatches('/default/*', '/default/a/b')).toBe(true);
    expect(channelMatches('/default/*', '/default')).toBe(false);
    expect(channelMatches('/default/*', '/defaultx/a')).toBe(false);
    expect(channelMatches('/default/a', '/default/a')).toBe(true);
  });
});

describe('limits and splitting', () => {
  it('encodes events as JSON strings and refuses non-serialisable or oversized ones', () => {
    expect(encodeEvents([{ a: 1 }, 'x', 2, null])).toEqual(['{"a":1}', '"x"', '2', 'null']);
    expect(() => encodeEvents([])).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => encodeEvents([undefined])).toThrowError(/not JSON-serializable/);
    expect(() => encodeEvents(['é'.repeat(120_001)])).toThrowError(expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: 'eventBytes' }));
  });

  it('splits into ≤5 events and ≤1.2 MB per request, in order, with offsets', () => {
    const twelve = encodeEvents(Array.from({ length: 12 }, (_, i) => i));
    expect(splitIntoRequests('/d/a', twelve).map((c) => [c.offset, c.events.length])).toEqual([
      [0, 5],
      [5, 5],
      [10, 2],
    ]);
    const big = 'x'.repeat(APPSYNC_LIMITS.eventBytes - 10);
    const chunks = splitIntoRequests('/d/a', Array(6).fill(JSON.stringify(big)));
    expect(chunks.map((c) => c.events.length)).toEqual([4, 2]); // 5 × 240 KB would exceed 1.2 MB
    for (const c of chunks) expect(JSON.stringify({ channel: '/d/a', events: c.events }).length).toBeLessThanOrEqual(APPSYNC_LIMITS.requestBytes);
  });
});

describe('endpoints', () => {
  it('derives the realtime URL like the official clients, keeping ws:// for a local emulator', () => {
    expect(resolveAppSyncEndpoints('https://abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com/event')).toEqual({
      httpUrl: 'https://abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com/event',
      realtimeUrl: 'wss://abcdefghijklmnopqrstuvwxyz.appsync-realtime-api.us-east-1.amazonaws.com/event/realtime',
      host: 'abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com',
    });
    expect(resolveAppSyncEndpoints('api.example.com').realtimeUrl).toBe('wss://api.example.com/event/realtime');
    expect(resolveAppSyncEndpoints('http://127.0.0.1:4011/event')).toMatchObject({ realtimeUrl: 'ws://127.0.0.1:4011/event/realtime', host: '127.0.0.1:4011' });
    expect(() => resolveAppSyncEndpoints('ftp://x/event')).toThrowError(/https:/);
  });
});

describe('codec and errors', () => {
  it('decodes every server frame type', () => {
    expect(decodeAppSyncFrame('{"type":"data","id":"s1","event":"{\\"n\\":1}"}')).toEqual({ type: 'event', subscriptionId: 's1', data: { n: 1 } });
    expect(decodeAppSyncFrame('{"type":"connection_ack","connectionTimeoutMs":300000}')).toEqual({ type: 'connected', keepAliveTimeoutMs: 300000 });
    expect(decodeAppSyncFrame('{"type":"ka"}')).toEqual({ type: 'keepalive' });
    expect(decodeAppSyncFrame('{"type":"subscribe_success","id":"s1"}')).toEqual({ type: 'subscribed', subscriptionId: 's1' });
    expect(decodeAppSyncFrame('{"type":"subscribe_error","id":"s1","errors":[{"errorType":"Unauthorized","message":"no"}]}')).toMatchObject({
      type: 'subscribe_failed',
      error: { code: 'AUTH_FAILED' },
    });
    expect(decodeAppSyncFrame('{"type":"publish_success","id":"p","successful":[{"identifier":"i","index":0}],"failed":[]}')).toMatchObject({
      type: 'publish_result',
      detail: { successful: [{ index: 0 }] },
    });
    expect(decodeAppSyncFrame('{"type":"publish_error","id":"p","errors":[{"errorType":"LimitExceededError"}]}')).toMatchObject({ error: { code: 'THROTTLED', retryable: true } });
    expect(decodeAppSyncFrame('{"type":"broadcast_error","id":"s1","errors":[{"errorType":"MessageProcessingError"}]}')).toMatchObject({ type: 'channel_error', subscriptionId: 's1' });
    expect(decodeAppSyncFrame('{"type":"connection_error","errors":[{"errorType":"UnauthorizedException"}]}')).toMatchObject({ type: 'error', decision: { action: 'reauth' } });
    expect(decodeAppSyncFrame('{"type":"error","id":"x","errors":[]}')).toMatchObject({ type: 'operation_error', id: 'x' });
    expect(decodeAppSyncFrame('{"type":"error","errors":[]}')).toMatchObject({ type: 'error' });
    expect(decodeAppSyncFrame('{"type":"unsubscribe_success","id":"s1"}')).toEqual({ type: 'ignore' });
    expect(() => decodeAppSyncFrame('{"type":"surprise"}')).toThrowError(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });

  it('reads failed items in both spellings the official clients disagree on, and offsets indices', () => {
    expect(
      publishResult(
        {
          failed: [
            { identifier: 'a', index: 1, code: 400, message: 'x' },
            { identifier: 'b', index: 2, errorCode: 401, errorMessage: 'y' },
          ],
        },
        10,
      ).failed,
    ).toEqual([
      { identifier: 'a', index: 11, code: 400, message: 'x' },
      { identifier: 'b', index: 12, code: 401, message: 'y' },
    ]);
  });

  it('maps errorTypes to codes', () => {
    expect(appSyncError([{ errorType: 'MaxSubscriptionsReachedError' }], 'SUBSCRIBE_FAILED').code).toBe('LIMIT_EXCEEDED');
    expect(appSyncError([{ errorType: 'ResourceNotFound' }], 'SUBSCRIBE_FAILED').code).toBe('INVALID_CHANNEL');
    expect(appSyncError([{ errorType: 'BadRequestException', message: 'signature mismatch' }], 'PUBLISH_FAILED').code).toBe('AUTH_FAILED');
    expect(appSyncError([{ errorType: 'X', message: 'Token has expired.' }], 'PUBLISH_FAILED').code).toBe('AUTH_FAILED');
    expect(appSyncError(undefined, 'PUBLISH_FAILED')).toMatchObject({ code: 'PUBLISH_FAILED', message: 'UnknownError: no message' });
  });
});

describe('appSyncConfigFromAmplify', () => {
  it('reads amplify_outputs.json (custom.events) and Amplify.getConfig() (API.Events)', () => {
    expect(appSyncConfigFromAmplify({ custom: { events: { url: 'https://x/event', aws_region: 'eu-west-1', default_authorization_type: 'AMAZON_COGNITO_USER_POOLS' } } })).toEqual({
      httpEndpoint: 'https://x/event',
      region: 'eu-west-1',
      defaultAuthMode: 'AMAZON_COGNITO_USER_POOLS',
    });
    expect(appSyncConfigFromAmplify({ API: { Events: { endpoint: 'https://y/event', region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey: 'da2-k' } } })).toEqual({
      httpEndpoint: 'https://y/event',
      region: 'us-east-1',
      defaultAuthMode: 'API_KEY',
      apiKey: 'da2-k',
    });
    expect(appSyncConfigFromAmplify({ API: { Events: { endpoint: 'e', region: 'r', defaultAuthMode: 'identityPool' } } }).defaultAuthMode).toBe('AWS_IAM');
    expect(() => appSyncConfigFromAmplify({})).toThrowError(/no Event API in this Amplify config/);
    expect(() => appSyncConfigFromAmplify({ API: { Events: { endpoint: 'e', region: 'r', defaultAuthMode: 'magic' } } })).toThrowError(/unsupported Event API auth mode "magic"/);
  });
});
