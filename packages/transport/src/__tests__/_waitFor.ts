import { vi } from 'vitest';

// The one polling helper of every test suite in the repository (transport, emulator, test/).
// Real timers only: tests on fake timers advance time with `tick` instead.

type Falsy = false | 0 | 0n | '' | null | undefined;

/**
 * Polls `check` (every 5 ms, awaiting it when it is async) until it returns a truthy value,
 * and resolves with that value. After `timeoutMs` it rejects with an error naming `what` it
 * waited for and the last value `check` returned. A `check` that throws fails at once: an
 * exception is a bug in the test or the code, not "not yet".
 *
 * The default timeout is half the 20 s testTimeout: generous on a loaded machine, and a wait
 * that never ends still fails with its own message rather than as a test timeout.
 */
export async function waitFor<T>(check: () => T | PromiseLike<T>, what: string | (() => string), timeoutMs = 10_000): Promise<Exclude<T, Falsy>> {
  if (vi.isFakeTimers()) throw new Error(`waitFor(${describe(what)}) polls in real time; under fake timers advance time instead`);
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, Falsy>;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe(what)}; last observed: ${show(value)}`);
    await sleep(5);
  }
}

/**
 * Lets real time pass. Only for what cannot be waited for: asserting that something does NOT
 * happen (no further frames, still connected past a timeout), or standing in for time an
 * injected clock would spend. Say which at the call site. Never use it to wait for something
 * to arrive: that is `waitFor`.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Anything with a connection status, as `RealtimeClient` has. */
interface HasStatus {
  status: { getSnapshot(): { status: string; error?: { code: string; message: string } | undefined } };
}

/** Waits until the client's connection status is `status`; a timeout reports the status it was in. */
export async function statusIs(client: HasStatus, status: string, timeoutMs?: number): Promise<void> {
  await waitFor(
    () => client.status.getSnapshot().status === status,
    () => {
      const s = client.status.getSnapshot();
      return `status ${status} (is ${s.status}${s.error ? `, last error ${s.error.code}: ${s.error.message}` : ''})`;
    },
    timeoutMs,
  );
}

function describe(what: string | (() => string)): string {
  return typeof what === 'function' ? what() : what;
}

function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Counts connected → reconnecting transitions from the store's notifications. A fast reconnect
 * (tens of ms) can be over between two polls, so outages are counted, never polled for.
 */
export function countOutages(client: { status: { subscribe(listener: () => void): () => void; getSnapshot(): { status: string } } }): () => number {
  let count = 0;
  let last = client.status.getSnapshot().status;
  client.status.subscribe(() => {
    const now = client.status.getSnapshot().status;
    if (last === 'connected' && now === 'reconnecting') count++;
    last = now;
  });
  return () => count;
}
