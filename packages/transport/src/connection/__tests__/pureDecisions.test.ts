import { describe, expect, it } from 'vitest';
import { ConnectionError, ProtocolError } from '../../errors/errors.js';
import { afterLoss, FRESH } from '../connectionMachine.js';
import { proactiveReconnectDelay } from '../proactiveReconnectDelay.js';

const info = { code: 4401, reason: 'Unauthorized', phase: 'handshaking' as const };
const error = new ConnectionError('CONNECTION_LOST', 'lost');

describe('afterLoss', () => {
  it('re-authenticates once, then fails with the auth-loop error naming the close', () => {
    const first = afterLoss(FRESH, { type: 'LOST', info, error, decision: { action: 'reauth' } });
    expect(first.next).toBe('reconnecting');
    expect(first.facts).toMatchObject({ reauthed: true, reauthNext: true, throttled: false, lastError: error, fatal: undefined });
    const second = afterLoss(first.facts, { type: 'LOST', info, error, decision: { action: 'reauth' } });
    expect(second.next).toBe('failed');
    expect(second.facts.fatal?.code).toBe('AUTH_FAILED');
    expect(second.facts.fatal?.message).toContain('close 4401: Unauthorized');
  });

  it('stops with the decision’s error and retries with the throttled flag as decided', () => {
    const stop = new ProtocolError('bad frame');
    expect(afterLoss(FRESH, { type: 'LOST', info, error, decision: { action: 'stop', error: stop } })).toEqual({ facts: { ...FRESH, lastError: error, fatal: stop }, next: 'failed' });
    expect(afterLoss(FRESH, { type: 'LOST', info, error, decision: { action: 'retry', throttled: true } }).facts.throttled).toBe(true);
    const throttled = { ...FRESH, throttled: true };
    expect(afterLoss(throttled, { type: 'LOST', info, error, decision: { action: 'retry' } }).facts.throttled).toBe(false);
  });

  it('never mutates the facts it was given', () => {
    const before = { ...FRESH };
    afterLoss(FRESH, { type: 'LOST', info, error, decision: { action: 'reauth' } });
    expect(FRESH).toEqual(before);
    expect(Object.isFrozen(FRESH)).toBe(true);
  });
});

describe('proactiveReconnectDelay', () => {
  const now = 1_000_000;
  it('uses the backend’s lifetime cap, the session expiry with a margin, whichever is sooner', () => {
    expect(proactiveReconnectDelay(undefined, undefined, now)).toEqual({ delayMs: undefined });
    expect(proactiveReconnectDelay(7_200_000, undefined, now)).toEqual({ delayMs: 7_200_000 });
    // 10 min left: a minute's margin.
    expect(proactiveReconnectDelay(7_200_000, { expiresAt: now + 600_000 }, now)).toEqual({ delayMs: 540_000 });
    // 10 s left: half the remaining time, not a minute (which would be in the past).
    expect(proactiveReconnectDelay(undefined, { expiresAt: now + 10_000 }, now)).toEqual({ delayMs: 5_000 });
  });

  it('ignores an expiry that is (nearly) past instead of reconnecting in a loop', () => {
    expect(proactiveReconnectDelay(undefined, { expiresAt: now - 5_000 }, now)).toEqual({ delayMs: undefined, ignoredExpiry: -5_000 });
    expect(proactiveReconnectDelay(60_000, { expiresAt: now + 1_000 }, now)).toEqual({ delayMs: 60_000, ignoredExpiry: 1_000 });
  });
});
