import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateMachine } from '../fsm.js';
import { defaultPlatform } from '../platform.js';

type S = 'a' | 'b' | 'c';
type E = { type: 'NEXT' } | { type: 'JUMP'; to: S } | { type: 'NOOP' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function machine(log: string[], afterMs = 100) {
  return new StateMachine<S, E>({
    initial: 'a',
    timers: defaultPlatform(),
    states: {
      a: {
        entry: () => {
          log.push('enter a');
          return () => log.push('exit a');
        },
        on: { NEXT: 'b', JUMP: (e) => e.to },
      },
      b: {
        entry: (e) => {
          log.push(`enter b via ${e?.type ?? 'timer'}`);
          return () => log.push('exit b');
        },
        on: { NEXT: 'c', JUMP: (e) => (e.to === 'a' ? 'a' : undefined) },
        after: { delay: afterMs, target: 'a' },
      },
      c: { entry: () => void log.push('enter c'), on: { NEXT: 'a' } },
    },
  });
}

describe('StateMachine', () => {
  it('runs entry on start, exit then entry on each transition, and notifies listeners', () => {
    const log: string[] = [];
    const m = machine(log);
    const seen: string[] = [];
    m.onTransition(({ from, to, event }) => seen.push(`${from}→${to}:${event?.type}`));
    m.start();
    expect(m.send({ type: 'NEXT' })).toBe(true);
    expect(m.send({ type: 'NEXT' })).toBe(true);
    expect(log).toEqual(['enter a', 'exit a', 'enter b via NEXT', 'exit b', 'enter c']);
    expect(seen).toEqual(['a→b:NEXT', 'b→c:NEXT']);
  });

  it('ignores events without a handler and guards that return undefined', () => {
    const log: string[] = [];
    const m = machine(log).start();
    expect(m.send({ type: 'NOOP' })).toBe(false);
    m.send({ type: 'NEXT' });
    expect(m.send({ type: 'JUMP', to: 'c' })).toBe(false);
    expect(m.state).toBe('b');
  });

  it('fires timed transitions and cancels them when the state is left first', () => {
    const log: string[] = [];
    const m = machine(log).start();
    m.send({ type: 'NEXT' });
    vi.advanceTimersByTime(99);
    expect(m.state).toBe('b');
    vi.advanceTimersByTime(1);
    expect(m.state).toBe('a');
    m.send({ type: 'NEXT' });
    m.send({ type: 'NEXT' }); // leaves b before its timer
    vi.advanceTimersByTime(1000);
    expect(m.state).toBe('c');
  });

  it('self-transitions re-run exit and entry (and restart timers)', () => {
    const log: string[] = [];
    const m = machine(log).start();
    m.send({ type: 'JUMP', to: 'a' });
    expect(log).toEqual(['enter a', 'exit a', 'enter a']);
  });

  it('queues events sent from entry effects until the current transition completes', () => {
    const order: string[] = [];
    const m = new StateMachine<'x' | 'y' | 'z', { type: 'GO' }>({
      initial: 'x',
      timers: defaultPlatform(),
      states: {
        x: { on: { GO: 'y' } },
        y: {
          entry: () => {
            order.push('enter y');
            m.send({ type: 'GO' });
            order.push('after send');
          },
          on: { GO: 'z' },
        },
        z: { entry: () => void order.push('enter z') },
      },
    });
    m.onTransition(({ to }) => order.push(`listener ${to}`));
    m.start();
    m.send({ type: 'GO' });
    expect(order).toEqual(['enter y', 'after send', 'listener y', 'enter z', 'listener z']);
  });

  it('stop() runs the exit effect, cancels timers and ignores later events', () => {
    const log: string[] = [];
    const m = machine(log).start();
    m.send({ type: 'NEXT' });
    m.stop();
    vi.advanceTimersByTime(1000);
    expect(m.send({ type: 'NEXT' })).toBe(false);
    expect(m.state).toBe('b');
    expect(log.at(-1)).toBe('exit b');
    expect(() => m.start()).toThrow(/already started/);
  });
});
