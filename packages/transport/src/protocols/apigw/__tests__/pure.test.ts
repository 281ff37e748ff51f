import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../errors/redact.js';
import { presignUrl } from '../../../sigv4/presignUrl.js';
import { apiGatewayChannel } from '../apiGatewayChannels.js';
import { apiGatewayWebSocket, decodeApiGatewayFrame } from '../apiGatewayWebSocket.js';
import { apiGatewayIam } from '../iam.js';

describe('API Gateway channel convention', () => {
  it('decodes envelope frames, routes foreign messages to $default and reports gateway errors', () => {
    expect(decodeApiGatewayFrame('{"type":"event","channel":"room","data":{"n":1}}')).toEqual({ type: 'event', channel: 'room', data: { n: 1 } });
    expect(decodeApiGatewayFrame('{"type":"subscribed","id":"s"}')).toEqual({ type: 'subscribed', subscriptionId: 's' });
    expect(decodeApiGatewayFrame('{"type":"publish_error","id":"p","message":"no"}')).toMatchObject({ type: 'publish_result', publishId: 'p', error: { code: 'PUBLISH_FAILED' } });
    expect(decodeApiGatewayFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(decodeApiGatewayFrame('hello')).toEqual({ type: 'event', channel: '$default', data: 'hello' });
    expect(decodeApiGatewayFrame('[1,2]')).toEqual({ type: 'event', channel: '$default', data: [1, 2] });
    expect(decodeApiGatewayFrame('{"custom":true}')).toEqual({ type: 'event', channel: '$default', data: { custom: true } });
    expect(decodeApiGatewayFrame('{"message": "Internal server error", "connectionId":"abc=", "requestId":"r="}')).toMatchObject({
      type: 'error',
      error: { code: 'PROTOCOL_ERROR', message: 'API Gateway: Internal server error' },
    });
  });

  it('validates channel names and options with errors naming the rule', () => {
    expect(apiGatewayChannel('room:42', 'publish')).toBe('room:42');
    expect(() => apiGatewayChannel('', 'publish')).toThrowError(/non-empty/);
    expect(() => apiGatewayChannel('a b', 'subscribe')).toThrowError(/whitespace/);
    expect(() => apiGatewayChannel('$connect', 'subscribe')).toThrowError(/reserved/);
    expect(() => apiGatewayChannel('x'.repeat(257), 'subscribe')).toThrowError(/at most 256/);
    expect(() => apiGatewayWebSocket({ url: 'https://not-a-socket' })).toThrowError(/wss:\/\//);
    expect(() => apiGatewayWebSocket({ url: 'wss://x/prod', keepAliveIntervalMs: 600_000 })).toThrowError(/below the 10-minute idle timeout/);
  });

  it('uses the configured route selection key and routes', () => {
    const p = apiGatewayWebSocket({ url: 'wss://x/prod', routeSelectionKey: 'op', routes: { publish: 'sendmessage' } });
    expect(JSON.parse(p.encodePublish!({ publishId: 'p1', channel: 'c', events: [1] }) as string)).toEqual({ op: 'sendmessage', id: 'p1', channel: 'c', events: [1] });
    expect(p.encodeSubscribe({ subscriptionId: 's', channel: '$default' })).toBeUndefined();
    expect(p.closeDecision({ code: 1003, reason: '', phase: 'connected' }).action).toBe('stop');
    expect(p.closeDecision({ code: 1001, reason: 'Going away', phase: 'connected' }).action).toBe('retry');
    expect(p.closeDecision({ code: 1009, reason: '', phase: 'connected' }).action).toBe('retry');
  });

  it('IAM: apiGatewayIam presigns $connect (execute-api, 60 s) with fresh credentials per attempt and registers the secrets', async () => {
    let calls = 0;
    const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'iam-secret-key', sessionToken: `iam-token-${++calls}` });
    const backend = apiGatewayWebSocket({ url: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod', query: { token: 'query-token-1' }, iam: apiGatewayIam({ region: 'us-east-1', credentials }) });
    const secrets = createRedactor();
    const ctx = { attempt: 0, reauth: false, secrets, signal: new AbortController().signal };
    const first = new URL((await backend.connect(ctx)).url);
    const second = new URL((await backend.connect(ctx)).url);
    expect(first.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/us-east-1\/execute-api\/aws4_request$/);
    expect(first.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(first.searchParams.get('token')).toBe('query-token-1');
    expect([first.searchParams.get('X-Amz-Security-Token'), second.searchParams.get('X-Amz-Security-Token')]).toEqual(['iam-token-1', 'iam-token-2']);
    expect(secrets.text('iam-secret-key iam-token-2 query-token-1')).not.toMatch(/iam-secret-key|iam-token-2|query-token-1/);
    // The WebCrypto presign is the one the synchronous signer computes.
    const date = first.searchParams.get('X-Amz-Date')!;
    const at = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15));
    const expected = presignUrl(
      { url: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod?token=query-token-1' },
      { service: 'execute-api', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'iam-secret-key', sessionToken: 'iam-token-1' }, expiresIn: 60, date: at },
    );
    expect(first.toString()).toBe(expected);
  });

  it('IAM options are checked up front, naming the argument and rule', () => {
    const url = 'wss://abc.execute-api.us-east-1.amazonaws.com/prod';
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    expect(() => apiGatewayWebSocket({ url, iam: { region: 'us-east-1', credentials } as never })).toThrowError(/options.iam must be apiGatewayIam\(\{ region, credentials \}\)/);
    expect(() => apiGatewayIam(undefined as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/apiGatewayIam\(options\) must be an object/) }));
    expect(() => apiGatewayIam({ region: '', credentials })).toThrowError(/apiGatewayIam\(options\).region must be a non-empty string/);
    expect(() => apiGatewayIam({ region: 'us-east-1', credentials: { accessKeyId: 'AKID' } as never })).toThrowError(/credentials must be/);
  });
});
