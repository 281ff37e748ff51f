import { invalidArgument, kindOf } from './invalidArgument.js';

/**
 * A minimal synchronous pub/sub: the building block of every observable value in the
 * transport (connection status, channel events).
 *
 * @example
 * ```ts
 * const ticks = createEmitter<number>();
 * const off = ticks.subscribe((n) => console.log(n));
 * ticks.emit(1);
 * off();
 * ```
 */
export interface Emitter<T> {
  /** Adds a listener; returns the function that removes it (idempotent). */
  subscribe(listener: (value: T) => void): () => void;
  /** Calls every listener registered at the time of the call, in registration order. */
  emit(value: T): void;
  /** Number of live listeners. */
  readonly size: number;
  clear(): void;
}

/**
 * Creates an {@link Emitter}. A listener that throws does not stop the others: the error is
 * handed to `onListenerError` (default: rethrown asynchronously so it is reported, not lost).
 *
 * @example
 * ```ts
 * const status = createEmitter<'up' | 'down'>();
 * status.subscribe((s) => console.log('status', s));
 * status.emit('up');
 * ```
 */
export function createEmitter<T>(onListenerError: (error: unknown) => void = rethrowAsync): Emitter<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    subscribe(listener) {
      if (typeof listener !== 'function') throw invalidArgument('listener', `must be a function (got ${kindOf(listener)})`);
      // Wrap so that the same function subscribed twice gets two independent leases.
      const entry = (value: T) => listener(value);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit(value) {
      // Snapshot first: listeners may unsubscribe themselves or others while we iterate.
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    get size() {
      return listeners.size;
    },
    clear() {
      listeners.clear();
    },
  };
}

function rethrowAsync(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
