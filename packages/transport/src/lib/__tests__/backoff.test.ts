import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF } from '../backoff.js';

function clock(random: () => number) {
  let now = 0;
  return { platform: { now: () => now, random }, advance: (ms: number) => (now += ms) };
}

describe('Backoff', () => {
  it('draws full-jitter delays in [0, tier) and walks the tiers, repeating the last', () => {
    const { platform } = clock(() => 0.5);
    const b = new Backoff(DEFAULT_BACKOFF, platform);
    const delays = Array.from({ length: 9 }, () => b.next(false));
    expect(delays).toEqual([125, 250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(b.attempt).toBe(9);
  });

  it('never exceeds the tier bound or the ceiling, whatever random returns', () => {
    const { platform } = clock(() => 0.9999999);
    const b = new Backoff({ ...DEFAULT_BACKOFF, ceilingMs: 3000 }, platform);
    const delays = Array.from({ length: 10 }, () => b.next(false));
    expect(Math.max(...delays)).toBeLessThan(3000);
    const zero = new Backoff(DEFAULT_BACKOFF, clock(() => 0).platform);
    expect(zero.next(false)).toBe(0);
  });

  it('uses the throttled tier when asked', () => {
    const b = new Backoff(DEFAULT_BACKOFF, clock(() => 0.5).platform);
    expect([b.next(true), b.next(true), b.next(true)]).toEqual([2500, 7500, 15000]);
  });

  it('resets only after minUptimeMs of connection', () => {
    const { platform, advance } = clock(() => 0.5);
    const b = new Backoff(DEFAULT_BACKOFF, platform);
    b.next(false);
    b.next(false);
    b.connected();
    advance(DEFAULT_BACKOFF.minUptimeMs - 1);
    b.disconnected();
    expect(b.attempt).toBe(2);
    b.connected();
    advance(DEFAULT_BACKOFF.minUptimeMs);
    b.disconnected();
    expect(b.attempt).toBe(0);
  });

  it('rejects empty tiers', () => {
    expect(() => new Backoff({ ...DEFAULT_BACKOFF, delaysMs: [] }, clock(Math.random).platform)).toThrow(RangeError);
  });
});
