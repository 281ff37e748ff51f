import { describe, expect, it } from 'vitest';
import { apiGatewayChannel } from '../apiGatewayChannels.js';
import { apiGatewayWebSocket, decodeApiGatewayFrame } from '../apiGatewayWebSocket.js';

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
});
