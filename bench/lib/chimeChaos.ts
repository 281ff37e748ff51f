import { startEmulator } from '@channelkit/emulator';
import { createClient } from '@channelkit/transport';
import { prng } from '../../packages/emulator/src/core/__tests__/_fuzz.js';
import { chimeApi, chimeBackend, createChannel, createUser, FAST } from '../../test/_chime.js';

/** Polls until `check` holds (bench code runs outside vitest, so not the tests' waitFor). */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What one chaos run saw. */
export interface ChimeChaosResult {
  total: number;
  drops: number;
  received: number[];
  discontinuities: number;
  ms: number;
}

/**
 * Chaos on Chime SDK messaging (issue 11): `total` messages sent over REST while the
 * receiver's socket is dropped at random moments (fixed seed). With `recover: false` the
 * receiver resubscribes without fetching what it missed — what the official SDK's messaging
 * session does — so the two runs side by side show what gap recovery buys. Shared by
 * test/chime.chaos.test.ts (assertions) and bench/chime.bench.ts (the printed row).
 */
export async function runChimeChaos(options: { total?: number; seed?: number; recover?: boolean } = {}): Promise<ChimeChaosResult> {
  const total = options.total ?? 2000;
  const r = prng(options.seed ?? 0xc41e);
  const e = await startEmulator({ port: 0 });
  const ada = await createUser(e, 'ada');
  const bob = await createUser(e, 'bob');
  const room = await createChannel(e, ada, 'room', [bob]);
  const backend = chimeBackend(e, bob);
  const { recover: _recover, ...withoutRecovery } = backend;
  const client = createClient({ backend: options.recover === false ? withoutRecovery : backend, ...FAST });
  const sender = chimeApi(e, ada);
  try {
    const received: number[] = [];
    let discontinuities = 0;
    client.channel('room').subscribe({ onEvent: (d) => received.push(d as number), onDiscontinuity: () => discontinuities++ });
    await until(() => client.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
    await sender.sendChannelMessage(room, { Content: '-1', ContentType: 'application/json' });
    await until(() => received.length === 1, 'first message seen (recovery has a starting point)');
    received.length = 0;
    let drops = 0;
    let nextDrop = 50 + r.int(150);
    const started = performance.now();
    for (let n = 0; n < total; n++) {
      await sender.sendChannelMessage(room, { Content: String(n), ContentType: 'application/json' });
      if (n === nextDrop) {
        drops += e.faults.apply({ backend: 'chime', action: 'drop' }).affected;
        nextDrop = n + 30 + r.int(150);
      }
    }
    // Without recovery missed messages never come, the last one included if a drop hit it: once
    // the receiver is live again, a sentinel marks the end of the stream.
    await until(() => client.channel('room').state.getSnapshot().status === 'subscribed', 'resubscribed', 30_000);
    await sender.sendChannelMessage(room, { Content: String(total), ContentType: 'application/json' });
    await until(() => received.includes(total), `the end marker (have ${received.length})`, 30_000);
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { total, drops, received: received.filter((n) => n !== total), discontinuities, ms };
  } finally {
    client.close();
    await e.close();
  }
}
