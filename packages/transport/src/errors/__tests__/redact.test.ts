import { describe, expect, it } from 'vitest';
import { consoleLogger, type Logger, redactingLogger } from '../../lib/logger.js';
import { ChannelKitError } from '../ChannelKitError.js';
import { LimitExceededError, OutboxFullError } from '../errors.js';
import { createRedactor, redact } from '../redact.js';

describe('redact', () => {
  it.each([
    ['wss://h/connect?X-Amz-Signature=0123abcd&X-Amz-Credential=AKID%2F2015', ['0123abcd', 'AKID%2F2015']],
    ['sec-websocket-protocol: aws-appsync-event-ws, header-eyJob3N0IjoieCJ9', ['eyJob3N0IjoieCJ9']],
    ['Authorization: Bearer abc.def-ghi', ['abc.def-ghi']],
    ['{"apiKey":"da2-xyz123"}', ['da2-xyz123']],
    ['x-api-key=da2-xyz123&a=b', ['da2-xyz123']],
    ['"sessionToken": "FQoGZXIvYXdzE"', ['FQoGZXIvYXdzE']],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-part', ['eyJhbGciOiJIUzI1NiJ9', 'sig-part']],
  ])('%s', (input, secrets) => {
    const out = redact(input);
    expect(out).toContain('[REDACTED]');
    for (const s of secrets) expect(out).not.toContain(s);
  });

  it('removes registered values and their URL-encoded forms, ignores tiny ones', () => {
    const r = createRedactor(['s3cr3t/v+l']);
    r.add('ab');
    r.add(undefined);
    expect(r.text('x s3cr3t/v+l y s3cr3t%2Fv%2Bl ab')).toBe('x [REDACTED] y [REDACTED] ab');
    expect(r.value({ nested: ['s3cr3t/v+l', 3], e: new Error('s3cr3t/v+l') })).toEqual({ nested: ['[REDACTED]', 3], e: { name: 'Error', message: '[REDACTED]' } });
  });

  it('leaves ordinary text alone', () => {
    expect(redact('connection lost in handshaking (code 1006); retrying in 250 ms')).toBe('connection lost in handshaking (code 1006); retrying in 250 ms');
  });

  it('redactingLogger scrubs message and data before the sink sees them', () => {
    const lines: string[] = [];
    const sink: Logger = { log: (_l, m, d) => lines.push(m + JSON.stringify(d)) };
    const log = redactingLogger(sink, createRedactor(['hunter22']));
    log.log('warn', 'pw hunter22', { deep: { value: 'hunter22' } });
    expect(lines).toEqual(['pw [REDACTED]{"deep":{"value":"[REDACTED]"}}']);
    expect(typeof consoleLogger('error').log).toBe('function');
  });
});

describe('typed errors', () => {
  it('carry stable codes, names and details naming the limit', () => {
    const limit = new LimitExceededError('eventBytes', 300, 240, 'event too large');
    expect(limit).toBeInstanceOf(ChannelKitError);
    expect(limit).toMatchObject({ code: 'LIMIT_EXCEEDED', name: 'LimitExceededError', limit: 'eventBytes', actual: 300, max: 240 });
    expect(limit.message).toBe('event too large (limit eventBytes: 300 > 240)');
    const full = new OutboxFullError('maxEvents', 1001, 1000);
    expect(full.toJSON()).toMatchObject({ code: 'OUTBOX_FULL', retryable: true, details: { limit: 'maxEvents' } });
  });
});
