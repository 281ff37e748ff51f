import type { ChannelKitError } from '../errors/ChannelKitError.js';
import { createEmitter } from '../lib/emitter.js';
import type { PresenceMember } from './Backend.js';

/**
 * One channel's state as a UI sees it. Immutable: every change is a new object, so
 * `useSyncExternalStore` can compare by identity.
 *
 * - `idle`: nobody subscribed (or the connection is not up yet and nothing was tried);
 * - `subscribing`: a wire subscribe is under way (also while resubscribing after an outage);
 * - `subscribed`: live;
 * - `failed`: refused or could not be established (`error` says why). A new subscriber, or
 *   the next reconnect, tries again.
 *
 * @example
 * ```ts
 * const { status, error, discontinuities } = room.state.getSnapshot();
 * ```
 */
export interface ChannelState {
  readonly status: 'idle' | 'subscribing' | 'subscribed' | 'failed';
  readonly error: ChannelKitError | undefined;
  /** How many times events may have been missed and could not be recovered. */
  readonly discontinuities: number;
  /** The id of the newest event seen, where the backend gives events ids. */
  readonly lastEventId: string | undefined;
  /** Presence members, where the backend reports presence on this channel. */
  readonly members: readonly PresenceMember[] | undefined;
}

/**
 * A store of one {@link ChannelState} in the shape React's `useSyncExternalStore` takes.
 *
 * @example
 * ```ts
 * const state = useSyncExternalStore(room.state.subscribe, room.state.getSnapshot, room.state.getServerSnapshot);
 * ```
 */
export interface ChannelStateStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ChannelState;
  /** What server rendering shows: idle, no members. */
  getServerSnapshot(): ChannelState;
}

/**
 * The state every channel starts in, and what servers render.
 *
 * @example
 * ```ts
 * const state = typeof window === 'undefined' ? IDLE_CHANNEL_STATE : room.state.getSnapshot();
 * ```
 */
export const IDLE_CHANNEL_STATE: ChannelState = Object.freeze({ status: 'idle', error: undefined, discontinuities: 0, lastEventId: undefined, members: undefined });

/**
 * The writable side of a {@link ChannelStateStore}, kept inside the connection.
 *
 * @example
 * ```ts
 * const cell = new ChannelStateCell();
 * cell.update({ status: 'subscribing' }); // listeners run; getSnapshot() is a new frozen object
 * ```
 */
export class ChannelStateCell implements ChannelStateStore {
  #state: ChannelState = IDLE_CHANNEL_STATE;
  readonly #emitter: ReturnType<typeof createEmitter<void>>;

  /** `onListenerError`: where a throwing store listener is reported (never rethrown: it would kill Node). */
  constructor(onListenerError?: (error: unknown) => void) {
    this.#emitter = createEmitter<void>(onListenerError);
  }

  subscribe = (listener: () => void): (() => void) => this.#emitter.subscribe(listener);
  getSnapshot = (): ChannelState => this.#state;
  getServerSnapshot = (): ChannelState => IDLE_CHANNEL_STATE;

  update(patch: Partial<ChannelState>): void {
    const prev = this.#state;
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof ChannelState>) {
      if (prev[key] !== patch[key]) {
        changed = true;
        break;
      }
    }
    if (!changed) return;
    this.#state = Object.freeze({ ...prev, ...patch });
    this.#emitter.emit();
  }
}
