import type { Platform } from './platform.js';

/**
 * An event understood by a {@link StateMachine}: anything with a string `type`.
 *
 * @example
 * ```ts
 * type DoorEvent = { type: 'PUSH' } | { type: 'LOCK'; code: string };
 * ```
 */
export interface FsmEvent {
  readonly type: string;
}

/**
 * What a state does on one event: go to a state, or decide with a function (undefined = ignore).
 *
 * @example
 * ```ts
 * const onLock: FsmTransition<'open' | 'locked', { type: 'LOCK'; code: string }> = (e) => (e.code === '1234' ? 'locked' : undefined);
 * ```
 */
export type FsmTransition<S extends string, E extends FsmEvent> = S | ((event: E) => S | undefined);

/**
 * One state of a {@link StateMachine}.
 *
 * @example
 * ```ts
 * const waiting: FsmStateConfig<'waiting' | 'done', { type: 'GO' }> = {
 *   on: { GO: 'done' },
 *   after: { delay: 1000, target: 'done' },
 * };
 * ```
 */
export interface FsmStateConfig<S extends string, E extends FsmEvent> {
  /** Runs on entering the state; the function it returns runs on leaving it. */
  // biome-ignore lint/suspicious/noConfusingVoidType: entry effects that return nothing are the common case
  entry?: (event: E | undefined) => void | (() => void);
  /** Event handlers by event type. An event with no handler is ignored. */
  on?: { [T in E['type']]?: FsmTransition<S, Extract<E, { type: T }>> };
  /** A timed transition, cancelled when the state is left first. */
  after?: { delay: number | (() => number); target: S | (() => S) };
}

/**
 * Definition of a {@link StateMachine}.
 *
 * @example
 * ```ts
 * const config: FsmConfig<'on' | 'off', { type: 'TOGGLE' }> = {
 *   initial: 'off',
 *   timers: defaultPlatform(),
 *   states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } },
 * };
 * ```
 */
export interface FsmConfig<S extends string, E extends FsmEvent> {
  initial: S;
  states: { [K in S]: FsmStateConfig<S, E> };
  timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>;
}

/**
 * What listeners of {@link StateMachine.onTransition} receive.
 *
 * @example
 * ```ts
 * machine.onTransition(({ from, to, event }: FsmTransitionInfo<S, E>) => log(`${from} → ${to} on ${event?.type ?? 'timer'}`));
 * ```
 */
export interface FsmTransitionInfo<S extends string, E extends FsmEvent> {
  from: S;
  to: S;
  /** The event that caused it, or undefined for a timed transition. */
  event: E | undefined;
}

/**
 * A small explicit finite state machine with entry/exit effects and timed transitions.
 *
 * Why not a library: the transport has no runtime dependencies, and this is the whole of what
 * the connection needs. Events sent from inside an entry effect or listener are queued and
 * processed after the current transition completes, so effects always observe a settled
 * state (the same rule as Liveblocks' `fsm.ts`).
 *
 * @example
 * ```ts
 * const door = new StateMachine<'open' | 'shut', { type: 'PUSH' }>({
 *   initial: 'shut',
 *   timers: defaultPlatform(),
 *   states: { shut: { on: { PUSH: 'open' } }, open: { after: { delay: 5000, target: 'shut' } } },
 * });
 * door.start();
 * door.send({ type: 'PUSH' }); // → 'open', closes itself after 5 s
 * ```
 */
export class StateMachine<S extends string, E extends FsmEvent> {
  #state: S;
  #started = false;
  #stopped = false;
  #busy = false;
  #queue: Array<E | { timed: S }> = [];
  #exit: (() => void) | undefined;
  #timer: unknown;
  readonly #config: FsmConfig<S, E>;
  readonly #listeners = new Set<(info: FsmTransitionInfo<S, E>) => void>();

  constructor(config: FsmConfig<S, E>) {
    this.#config = config;
    this.#state = config.initial;
  }

  /** The current state. */
  get state(): S {
    return this.#state;
  }

  /** Enters the initial state (running its entry effect). Calling it twice is an error. */
  start(): this {
    if (this.#started) throw new Error('StateMachine already started');
    this.#started = true;
    this.#enter(undefined);
    return this;
  }

  /** Runs the current state's exit effect and ignores every later event. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#leave();
    this.#queue.length = 0;
  }

  /**
   * Delivers an event. Returns true when it caused a transition (false when ignored or when
   * it was queued behind a transition in progress).
   */
  send(event: E): boolean {
    if (!this.#started || this.#stopped) return false;
    this.#queue.push(event);
    return this.#drain();
  }

  /** Subscribes to transitions (after the new state's entry effect ran). */
  onTransition(listener: (info: FsmTransitionInfo<S, E>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #drain(): boolean {
    if (this.#busy) return false;
    this.#busy = true;
    let moved = false;
    try {
      let item = this.#queue.shift();
      while (item !== undefined && !this.#stopped) {
        moved = this.#process(item) || moved;
        item = this.#queue.shift();
      }
    } finally {
      this.#busy = false;
    }
    return moved;
  }

  #process(item: E | { timed: S }): boolean {
    let target: S | undefined;
    let event: E | undefined;
    if ('timed' in item) {
      target = item.timed;
    } else {
      event = item;
      const handlers = this.#config.states[this.#state].on as Record<string, FsmTransition<S, E> | undefined> | undefined;
      const handler = handlers?.[event.type];
      if (handler === undefined) return false;
      target = typeof handler === 'function' ? handler(event) : handler;
    }
    if (target === undefined) return false;
    const from = this.#state;
    this.#leave();
    this.#state = target;
    this.#enter(event);
    const info = { from, to: target, event };
    for (const listener of [...this.#listeners]) listener(info);
    return true;
  }

  #enter(event: E | undefined): void {
    const config = this.#config.states[this.#state];
    const exit = config.entry?.(event);
    this.#exit = typeof exit === 'function' ? exit : undefined;
    const after = config.after;
    if (after) {
      const delay = typeof after.delay === 'function' ? after.delay() : after.delay;
      const entered = this.#state;
      this.#timer = this.#config.timers.setTimeout(() => {
        this.#timer = undefined;
        // A stale timer (state left in the meantime) must not fire a transition.
        if (this.#stopped || this.#state !== entered) return;
        const target = typeof after.target === 'function' ? after.target() : after.target;
        this.#queue.push({ timed: target });
        this.#drain();
      }, delay);
    }
  }

  #leave(): void {
    if (this.#timer !== undefined) {
      this.#config.timers.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const exit = this.#exit;
    this.#exit = undefined;
    exit?.();
  }
}
