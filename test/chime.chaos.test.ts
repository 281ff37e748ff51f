import { expect, it } from 'vitest';
import { runChimeChaos } from '../bench/lib/chimeChaos.js';

// Chaos (issue 11 must-show): 2,000 messages sent while the receiver's socket is dropped at
// random (fixed seed) at least ten times; gap recovery (ListChannelMessages from the last
// timestamp seen, deduplicated by MessageId) must deliver each exactly once, in order. The same
// run is a row of `pnpm bench`, beside a receiver without recovery.

it('chaos chime: 2,000 messages through random drops arrive exactly once and in order', { timeout: 60_000 }, async () => {
  const { total, drops, received, discontinuities } = await runChimeChaos();
  console.log(`chaos chime: ${total} messages, ${drops} drops, ${received.length} delivered, ${discontinuities} discontinuities`);
  expect(drops).toBeGreaterThanOrEqual(10);
  expect(discontinuities).toBe(0);
  expect(received).toEqual(Array.from({ length: total }, (_, i) => i));
});
