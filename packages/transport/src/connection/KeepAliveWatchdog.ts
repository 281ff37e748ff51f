import type { Platform, TimerHandle } from '../lib/platform.js';
import type { Liveness } from './Backend.js';

/**
 * Declares a socket dead when the proof of liveness its protocol promised stops arriving,
 * and (in `ping` mode) sends the pings that elicit it. A socket whose peer vanished without
 * a FIN can otherwise look open for minutes.
 *
 * @example
 * ```ts
 * const dog = new KeepAliveWatchdog({ mode: 'keepalive', timeoutMs: 300_000 }, platform, {
 *   onExpire: () => socket.close(4000),
 *   sendPing: () => {},
 * });
 * dog.start();
 * dog.frame('keepalive'); // on every inbound frame
 * ```
 */
export class KeepAliveWatchdog {
  #timeoutMs: number;
  #deadline: TimerHandle | undefined;
  #pinger: TimerHandle | undefined;
  #running = false;
  readonly #liveness: Liveness;
  readonly #timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>;
  readonly #hooks: { onExpire: (silentForMs: number) => void; sendPing: () => void };

  constructor(liveness: Liveness, timers: Pick<Platform, 'setTimeout' | 'clearTimeout'>, hooks: { onExpire: (silentForMs: number) => void; sendPing: () => void }) {
    this.#liveness = liveness;
    this.#timeoutMs = liveness.timeoutMs;
    this.#timers = timers;
    this.#hooks = hooks;
  }

  /** Arms the watchdog; `timeoutMs` overrides the protocol default (server-announced). */
  start(timeoutMs?: number): void {
    if (this.#liveness.mode === 'none') return;
    if (timeoutMs !== undefined && timeoutMs > 0) this.#timeoutMs = timeoutMs;
    this.#running = true;
    this.#arm();
    if (this.#liveness.mode === 'ping') this.#schedulePing();
  }

  /** Reports an inbound frame of the given kind; resets the deadline if it proves liveness. */
  frame(kind: 'keepalive' | 'pong' | 'other'): void {
    if (!this.#running) return;
    const mode = this.#liveness.mode;
    if (mode === 'traffic' || (mode === 'keepalive' && kind === 'keepalive') || (mode === 'ping' && kind === 'pong')) {
      this.#arm();
    }
  }

  stop(): void {
    this.#running = false;
    if (this.#deadline !== undefined) this.#timers.clearTimeout(this.#deadline);
    if (this.#pinger !== undefined) this.#timers.clearTimeout(this.#pinger);
    this.#deadline = this.#pinger = undefined;
  }

  #arm(): void {
    if (this.#deadline !== undefined) this.#timers.clearTimeout(this.#deadline);
    if (this.#timeoutMs <= 0) return; // pings only keep the connection busy; nothing is awaited
    this.#deadline = this.#timers.setTimeout(() => {
      this.#deadline = undefined;
      if (!this.#running) return;
      this.stop();
      this.#hooks.onExpire(this.#timeoutMs);
    }, this.#timeoutMs);
  }

  #schedulePing(): void {
    const interval = this.#liveness.pingIntervalMs ?? Math.max(1, Math.floor(this.#timeoutMs / 2));
    if (interval <= 0) return;
    this.#pinger = this.#timers.setTimeout(() => {
      this.#pinger = undefined;
      if (!this.#running) return;
      this.#hooks.sendPing();
      this.#schedulePing();
    }, interval);
  }
}
