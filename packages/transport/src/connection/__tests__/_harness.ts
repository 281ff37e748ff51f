import { vi } from 'vitest';
import { createClient } from '../../client/createClient.js';
import type { LogLevel } from '../../lib/logger.js';
import type { ConnectionOptions } from '../ConnectionOptions.js';
import type { ConnectionSnapshot } from '../ConnectionStatus.js';
import type { EnvironmentSignal } from '../signals.js';
import { fakeSocketFactory } from './_fakeSocket.js';
import { type LiteOptions, liteProtocol } from './_liteProtocol.js';

/** A connection on fake sockets and fake timers, with everything it did recorded. */
export function harness(overrides: Partial<ConnectionOptions> = {}, lite: Partial<LiteOptions> = {}) {
  const sockets = fakeSocketFactory();
  const logs: Array<{ level: LogLevel; message: string; data?: Record<string, unknown> }> = [];
  const statuses: ConnectionSnapshot[] = [];
  const connects: NonNullable<LiteOptions['connects']> = [];
  const connection = createClient({
    backend: liteProtocol({ url: 'ws://lite.test/', connects, ...lite }),
    WebSocket: sockets.WebSocket,
    // 0.999… makes full jitter pick (almost) the whole tier bound: delays become predictable.
    platform: { random: () => 0.999999 },
    logger: { log: (level, message, data) => logs.push(data === undefined ? { level, message } : { level, message, data }) },
    ...overrides,
  });
  connection.status.subscribe(() => statuses.push(connection.status.getSnapshot()));
  return { connection, sockets, logs, statuses, connects };
}

/** Lets promises settle and advances fake time. */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/** Opens the latest socket and completes the lite handshake. */
export async function accept(sockets: ReturnType<typeof fakeSocketFactory>, kaMs?: number) {
  await tick();
  const socket = sockets.last();
  socket.open();
  socket.receive(kaMs === undefined ? { type: 'ack' } : { type: 'ack', kaMs });
  await tick();
  return socket;
}

/** A controllable online/offline or visibility signal. */
export function manualSignal(initial: boolean): EnvironmentSignal & { set(value: boolean): void } {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      value = next;
      for (const l of [...listeners]) l();
    },
  };
}
