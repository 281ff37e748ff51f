'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { siblingChannel, useChannelKit, EMPTY } from './ChannelKitProvider.js';

/**
 * Options of {@link useTyping}.
 *
 * @example
 * ```ts
 * const options: UseTypingOptions = { user: 'u-1', throttleMs: 1000, expireMs: 4000 };
 * ```
 */
export interface UseTypingOptions {
  /** Who is typing (default: a random id per hook). */
  user?: string | undefined;
  /** At most one signal per this many ms (default 1000). */
  throttleMs?: number | undefined;
  /** A typist not heard from for this long stops showing (default 3000). */
  expireMs?: number | undefined;
  /** `false`: no subscription, no signals and no `<channel>/typing` handle at all (Chime, whose channels are provisioned); `typing` is empty and `signal()` does nothing. */
  enabled?: boolean | undefined;
  client?: string | undefined;
}

/**
 * What {@link useTyping} returns.
 *
 * @example
 * ```ts
 * const { typing, signal }: TypingView = view;
 * ```
 */
export interface TypingView {
  /** Users typing now (others, sorted), expiring on their own. */
  readonly typing: readonly string[];
  /** Call on every keystroke: signals are throttled. */
  readonly signal: () => void;
}

/** A signal of the typing convention on `<channel>/typing`. */
interface TypingSignal {
  readonly type: 'typing';
  readonly user: string;
}

/**
 * Who is typing on a channel: throttled signals on the sibling channel `<channel>/typing`
 * that expire on their own (no "stopped typing" message to lose).
 *
 * @example
 * ```ts
 * function TypingLine({ me }: { me: string }) {
 *   const { typing, signal } = useTyping('/default/room', { user: me });
 *   return createElement('input', { onKeyDown: signal, 'aria-description': typing.length ? `${typing.join(', ')} typing…` : '' });
 * }
 * ```
 */
export function useTyping(channel: string, options: UseTypingOptions = {}): TypingView {
  const runtime = useChannelKit();
  const client = runtime.client(options.client);
  const enabled = options.enabled !== false;
  // Disabled, the sibling channel is never named: backends whose channels are provisioned (Chime)
  // have none, and their handles refuse the name.
  const name = enabled ? siblingChannel(client.channel(channel).name, 'typing') : undefined;
  const feed = name === undefined ? undefined : runtime.feed<TypingSignal>(name, options.client);
  const sibling = name === undefined ? undefined : client.channel<TypingSignal>(name);
  const [fallbackUser] = React.useState(() => Math.random().toString(36).slice(2));
  const user = options.user ?? fallbackUser;
  const throttleMs = options.throttleMs ?? 1000;
  const expireMs = options.expireMs ?? 3000;
  // One board per (client, sibling channel): after a channel switch the first render reads the
  // new channel's (empty) board, never the previous channel's typists.
  const boardKey = name === undefined ? '' : runtime.key(options.client, name);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the point: one board per channel.
  const board = React.useMemo(() => createBoard(), [boardKey]);
  const lastSent = React.useRef(0);

  React.useEffect(() => {
    if (!feed) return;
    const release = feed.acquire((s) => {
      if (s && typeof s === 'object' && s.type === 'typing' && typeof s.user === 'string' && s.user !== user) board.seen(s.user, expireMs);
    });
    return () => {
      release();
      board.clear();
    };
  }, [feed, user, expireMs, board]);

  const signal = React.useCallback(() => {
    const now = Date.now();
    if (!sibling || now - lastSent.current < throttleMs) return;
    lastSent.current = now;
    sibling.publish({ type: 'typing', user }).catch(() => {});
  }, [sibling, user, throttleMs]);

  const typing = React.useSyncExternalStore(board.subscribe, board.getSnapshot, () => EMPTY);
  return { typing, signal };
}

function createBoard() {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const listeners = new Set<() => void>();
  let snapshot: readonly string[] = EMPTY;
  const emit = () => {
    snapshot = [...timers.keys()].sort();
    for (const l of [...listeners]) l();
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    seen(user: string, expireMs: number) {
      const had = timers.has(user);
      clearTimeout(timers.get(user));
      timers.set(
        user,
        setTimeout(() => {
          timers.delete(user);
          emit();
        }, expireMs),
      );
      if (!had) emit();
    },
    clear() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      emit();
    },
  };
}
