import type { PublishResult } from '../client/PublishResult.js';
import { ChannelKitError } from '../errors/ChannelKitError.js';
import { AuthError, ConnectionError, ProtocolError } from '../errors/errors.js';
import { createRedactor, type Redactor } from '../errors/redact.js';
import { Backoff, DEFAULT_BACKOFF } from '../lib/backoff.js';
import { createEmitter } from '../lib/emitter.js';
import type { StateMachine } from '../lib/fsm.js';
import { type Logger, redactingLogger, silentLogger } from '../lib/logger.js';
import { createPlatform, type Platform } from '../lib/platform.js';
import type { Backend, CloseDecision, CloseInfo, PublishBatch, Session } from './Backend.js';
import type { ChannelSubscriber } from './ChannelRegistry.js';
import type { ChannelStateStore } from './ChannelStateStore.js';
import type { ConnectionOptions } from './ConnectionOptions.js';
import { type ConnectionSnapshot, type ConnectionState, type StatusStore, toPublicStatus } from './ConnectionStatus.js';
import { afterLoss, createConnectionMachine, FRESH, IDLE_SNAPSHOT, type MachineEvent, type RetryFacts } from './connectionMachine.js';
import { FrameRouter } from './FrameRouter.js';
import { KeepAliveWatchdog } from './KeepAliveWatchdog.js';
import { DEFAULT_OUTBOX_BOUNDS } from './Outbox.js';
import { PublishPipeline } from './PublishPipeline.js';
import { proactiveReconnectDelay } from './proactiveReconnectDelay.js';
import { SendQueue } from './SendQueue.js';
import { SocketSession } from './SocketSession.js';
import { Subscriptions, type UnroutedEvent } from './Subscriptions.js';
import type { WebSocketConstructor } from './WebSocketLike.js';

/**
 * One managed WebSocket: connects, authenticates, keeps alive, reconnects with backoff, and
 * multiplexes reference-counted channel subscriptions over it. Backend details live in the
 * injected {@link Backend}; the pieces live beside it: {@link SocketSession} (one socket
 * attempt), {@link Subscriptions} (channels), {@link PublishPipeline} (outbox and acks). This
 * class owns the state machine that ties them together.
 *
 * Internal: apps use `createClient`, which adds channel names, batching and HTTP publish.
 *
 * States: `idle → connecting → handshaking → connected ⇄ reconnecting → closed | failed`.
 *
 * @example
 * ```ts
 * const connection = new Connection(appSyncEvents(config), { WebSocket });
 * const release = connection.acquire('/default/room', { onEvent: (m) => console.log(m) });
 * ```
 */
export class Connection {
  readonly status: StatusStore;
  readonly backend: Backend;
  readonly redactor: Redactor;
  readonly #platform: Platform;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  readonly #subscriptions: Subscriptions;
  readonly #publishes: PublishPipeline;
  readonly #sendQueue: SendQueue;
  readonly #router: FrameRouter;
  readonly #machine: StateMachine<ConnectionState, MachineEvent>;
  // Listeners the app registers must not break the socket loop, nor (rethrown) kill Node.
  readonly #statusEmitter = createEmitter<void>((error) => this.#listenerThrew(error));
  readonly #errors = createEmitter<ChannelKitError>((error) => this.#log.log('error', `an onError listener threw: ${error instanceof Error ? error.message : String(error)}`));
  readonly #unrouted = createEmitter<UnroutedEvent>((error) => this.#listenerThrew(error));
  readonly #options: ConnectionOptions;
  readonly #cleanups: Array<() => void> = [];

  #snapshot: ConnectionSnapshot;
  #facts: RetryFacts = FRESH;
  #socket: SocketSession | undefined;
  #session: Session | undefined;
  #nextRetryAt: number | undefined;
  #watchdog: KeepAliveWatchdog | undefined;

  constructor(backend: Backend, options: ConnectionOptions = {}) {
    this.#options = options;
    this.backend = backend;
    // Host functions passed in (window.setTimeout …) are called detached: no Illegal invocation.
    const platform: Platform = createPlatform(options.platform);
    this.#platform = platform;
    this.redactor = createRedactor(options.secrets);
    const sink = options.logger ?? silentLogger;
    const prefix = `${backend.name}: `;
    // Every line names the backend once, here, and passes the redactor on its way out.
    this.#log = redactingLogger({ log: (level, message, data) => sink.log(level, prefix + message, data) }, this.redactor);
    this.#backoff = new Backoff({ ...DEFAULT_BACKOFF, ...options.backoff }, platform);
    const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    const send = (item: Parameters<SendQueue['push']>[0]) => this.#sendQueue.push(item);
    this.#sendQueue = new SendQueue(
      (frame) => this.#socket?.send(frame) ?? false,
      (error) => this.redactor.scrub(error instanceof ChannelKitError ? error : new ChannelKitError('PUBLISH_FAILED', error instanceof Error ? error.message : String(error), { cause: error })),
      () => new ConnectionError('CONNECTION_LOST', 'socket refused the frame'),
    );
    this.#subscriptions = new Subscriptions({
      backend,
      platform,
      log: this.#log,
      redactor: this.redactor,
      ackTimeoutMs,
      releaseGraceMs: options.releaseGraceMs ?? 1000,
      isConnected: () => this.#machine.state === 'connected',
      session: () => this.#session,
      fetch: () => this.fetch,
      send,
      report: (error) => this.#report(error),
      settled: () => {
        if (!this.#publishes.ready && this.#machine.state === 'connected') this.#publishes.flush();
      },
      unrouted: (event) => this.#unrouted.emit(event),
    });
    this.#publishes = new PublishPipeline({ backend, platform, ackTimeoutMs, send, scrub: (e) => this.redactor.scrub(e) }, { ...DEFAULT_OUTBOX_BOUNDS, ...options.outbox });
    this.#router = new FrameRouter({
      backend,
      subscriptions: this.#subscriptions,
      publishes: this.#publishes,
      state: () => this.#machine.state,
      alive: (kind) => this.#watchdog?.frame(kind),
      ready: (frame) => this.#machine.send({ type: 'READY', keepAliveTimeoutMs: frame.keepAliveTimeoutMs, session: frame.session }),
      fatal: (error, decision) => this.#machine.send({ type: 'LOST', info: { code: 1000, reason: error.message, phase: this.#phase() }, error: this.redactor.scrub(error), decision }),
      report: (error) => this.#report(error),
    });
    this.#snapshot = Object.freeze({ ...IDLE_SNAPSHOT, online: this.#online() });
    this.status = {
      subscribe: (listener) => this.#statusEmitter.subscribe(listener),
      getSnapshot: () => this.#snapshot,
      getServerSnapshot: () => IDLE_SNAPSHOT,
    };
    const connectTimeout = options.connectTimeoutMs ?? 15_000;
    this.#machine = createConnectionMachine({
      timers: platform,
      connectTimeoutMs: connectTimeout,
      handshake: backend.handshake,
      online: () => this.#online(),
      timedOut: (phase) => {
        const error = new ConnectionError('CONNECTION_TIMEOUT', `${backend.name}: ${phase} did not complete within ${connectTimeout} ms`, { details: { timeoutMs: connectTimeout } });
        this.#facts = { ...this.#facts, lastError: error, throttled: false };
        this.#log.log('warn', error.message);
      },
      openSocket: () => this.#openSocket(),
      lost: (event) => this.#onLost(event),
      connected: (ready) => this.#onConnected(ready),
      retry: () => this.#scheduleRetry(),
      closed: () => this.#settle(new ConnectionError('CONNECTION_CLOSED', 'connection was closed')),
      failed: () => this.#settle(this.#facts.fatal ?? new ProtocolError('connection failed')),
    });
    this.#machine.onTransition(({ to }) => {
      if (to === 'connected') this.#facts = { ...this.#facts, lastError: undefined };
      this.#publishSnapshot();
    });
    this.#machine.start();
  }

  /** The internal machine state (finer than `status`). */
  get state(): ConnectionState {
    return this.#machine.state;
  }

  /** What the backend handed out at the last handshake (undefined while not connected). */
  get session(): Session | undefined {
    return this.#session;
  }

  /** The injected `fetch`, or the global one, callable unbound. */
  get fetch(): typeof fetch {
    return this.#fetch;
  }

  /** Built once: called detached, and the global one is read per call (tests may swap it). */
  readonly #fetch: typeof fetch = (input, init) => {
    const impl = this.#options.fetch ?? globalThis.fetch;
    if (typeof impl !== 'function') throw new ChannelKitError('INVALID_ARGUMENT', 'no fetch implementation: pass the `fetch` option');
    return impl(input, init);
  };

  /** Starts connecting (no-op unless idle, closed or failed). */
  connect(): void {
    if (this.#cleanups.length === 0) this.#watchEnvironment();
    this.#facts = { ...this.#facts, fatal: undefined, reauthed: false };
    this.#backoff.reset();
    const state = this.#machine.state;
    if (state === 'closed' || state === 'failed') this.#subscriptions.reopening();
    this.#machine.send({ type: 'CONNECT' });
  }

  /** Closes the socket and stops reconnecting; leases stay registered for `connect()`. */
  close(): void {
    this.#machine.send({ type: 'CLOSE' });
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  onError(listener: (error: ChannelKitError) => void): () => void {
    return this.#errors.subscribe(listener);
  }

  onUnrouted(listener: (event: UnroutedEvent) => void): () => void {
    return this.#unrouted.subscribe(listener);
  }

  /** Leases a channel (a normalised key); auto-connects. Returns the release function. */
  acquire(channel: string, subscriber: ChannelSubscriber): () => void {
    const release = this.#subscriptions.acquire(channel, subscriber);
    const state = this.#machine.state;
    if (state === 'idle' && (this.#options.autoConnect ?? true)) this.connect();
    else if (state === 'closed' || state === 'failed') {
      // The lease is kept (connect() resubscribes it), but silence would look like a live channel.
      const error = state === 'failed' && this.#facts.fatal ? this.#facts.fatal : new ConnectionError('CONNECTION_CLOSED', 'the client is closed: call connect() and this subscription goes live');
      try {
        subscriber.onError?.(error);
      } catch (thrown) {
        this.#listenerThrew(thrown);
      }
    }
    return release;
  }

  channelState(channel: string): ChannelStateStore {
    return this.#subscriptions.registry.cell(channel);
  }

  /**
   * Publishes prepared batches over the socket. While not connected they wait in the bounded
   * outbox (all batches of a call or none) and are sent in order once subscriptions are back.
   */
  publish(channel: string, batches: readonly PublishBatch[], context?: unknown): Promise<PublishResult> {
    try {
      const state = this.#machine.state;
      if (state === 'failed') throw this.#facts.fatal ?? new ConnectionError('CONNECTION_CLOSED', 'connection has failed');
      if (state === 'closed') throw new ConnectionError('CONNECTION_CLOSED', 'connection is closed; call connect() first');
      const result = this.#publishes.submit(channel, batches, context);
      if (state === 'idle' && (this.#options.autoConnect ?? true)) this.connect();
      return result;
    } catch (error) {
      return Promise.reject(error instanceof Error ? this.redactor.scrub(error) : error);
    }
  }

  // ── socket ─────────────────────────────────────────────────────────────────────────

  #openSocket(): () => void {
    const facts = this.#facts;
    this.#facts = { ...facts, reauthNext: false };
    const abort = new AbortController();
    this.#log.log('debug', `connecting (attempt ${this.#backoff.attempt}${facts.reauthNext ? ', re-authenticating' : ''})`);
    this.backend
      .connect({ attempt: this.#backoff.attempt, reauth: facts.reauthNext, secrets: this.redactor, signal: abort.signal })
      .then(({ url, protocols }) => {
        if (abort.signal.aborted) return;
        const Ctor = this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
        if (!Ctor) throw new ChannelKitError('INVALID_ARGUMENT', 'no WebSocket implementation: pass the `WebSocket` option (e.g. the `ws` package on Node 20)');
        this.#socket = new SocketSession(
          Ctor,
          url,
          protocols,
          {
            open: (protocol) => {
              for (const frame of this.backend.onOpen?.(protocol) ?? []) this.#socket?.send(frame);
              this.#machine.send({ type: 'OPENED' });
            },
            message: (data) => this.#router.message(data),
            close: (info) => this.#lost({ ...info, phase: this.#phase() }),
          },
          this.redactor,
        );
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        const ck =
          error instanceof ChannelKitError
            ? error
            : new ConnectionError('CONNECTION_LOST', `${this.backend.name}: could not start a connection: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        this.redactor.scrub(ck);
        const info: CloseInfo = { code: 1006, reason: ck.message, phase: 'connecting' };
        // Wrong arguments and a missing platform feature (no crypto.subtle) stay so: stop, no loop.
        const decision: CloseDecision =
          ck instanceof AuthError ? { action: 'reauth' } : ck.code === 'INVALID_ARGUMENT' || ck.code === 'UNSUPPORTED' ? { action: 'stop', error: ck } : { action: 'retry' };
        this.#machine.send({ type: 'LOST', info, error: ck, decision });
      });
    // Leaving `connecting` for any reason makes a late `connect()` result moot.
    return () => abort.abort();
  }

  #phase(): CloseInfo['phase'] {
    const s = this.#machine.state;
    return s === 'handshaking' ? 'handshaking' : s === 'connected' ? 'connected' : 'connecting';
  }

  /** The socket is gone (or must go): let the backend decide what happens next. */
  #lost(info: CloseInfo, error?: ChannelKitError): void {
    const decision = this.backend.closeDecision(info);
    const err =
      error ??
      (decision.action === 'stop'
        ? decision.error
        : new ConnectionError('CONNECTION_LOST', `${this.backend.name}: socket closed with ${info.code}${info.reason ? ` (${info.reason})` : ''}${info.error ? `: ${info.error}` : ''}`, {
            details: { closeCode: info.code, phase: info.phase },
          }));
    this.#machine.send({ type: 'LOST', info, error: this.redactor.scrub(err), decision });
  }

  #onLost(event: Extract<MachineEvent, { type: 'LOST' }>): ConnectionState {
    this.#log.log('info', `connection lost in ${event.info.phase} (${event.error.message}); decision ${event.decision.action}`);
    const { facts, next } = afterLoss(this.#facts, event);
    this.#facts = facts.fatal ? { ...facts, fatal: this.redactor.scrub(facts.fatal) } : facts;
    return next;
  }

  #onConnected(ready: Extract<MachineEvent, { type: 'READY' }> | undefined): () => void {
    this.#facts = { ...this.#facts, hasConnected: true, reauthed: false };
    const session = ready?.session;
    if (session?.secret !== undefined) this.redactor.add(session.secret);
    this.#session = session;
    this.#backoff.connected();
    this.#log.log('info', 'connected');
    const watchdog = new KeepAliveWatchdog(this.backend.liveness, this.#platform, {
      onExpire: (ms) => {
        const error = new ConnectionError('CONNECTION_TIMEOUT', `${this.backend.name}: no sign of life for ${ms} ms; reconnecting`, { details: { timeoutMs: ms } });
        this.#machine.send({ type: 'LOST', info: { code: 4000, reason: 'keep-alive timeout', phase: 'connected' }, error, decision: { action: 'retry' } });
      },
      sendPing: () => {
        const ping = this.backend.encodePing?.();
        if (ping !== undefined) this.#socket?.send(ping);
      },
    });
    this.#watchdog = watchdog;
    watchdog.start(ready?.keepAliveTimeoutMs);
    const proactive = this.#scheduleProactiveReconnect(session);
    this.#subscriptions.connected();
    this.#router.flushEarly();
    return () => {
      if (proactive !== undefined) this.#platform.clearTimeout(proactive);
      watchdog.stop();
      this.#watchdog = undefined;
      this.#session = undefined;
      this.#backoff.disconnected();
    };
  }

  #scheduleProactiveReconnect(session: Session | undefined) {
    const { delayMs, ignoredExpiry } = proactiveReconnectDelay(this.backend.maxConnectionMs, session, this.#platform.now());
    if (ignoredExpiry !== undefined) this.#log.log('warn', `session expiry is ${ignoredExpiry} ms away; ignored for the proactive reconnect`);
    if (delayMs === undefined) return undefined;
    return this.#platform.setTimeout(() => {
      this.#log.log('info', `reconnecting ahead of the connection's ${delayMs} ms lifetime`);
      this.#facts = { ...this.#facts, immediate: true };
      const error = new ConnectionError('CONNECTION_CLOSED', 'reconnecting ahead of the connection duration limit', { retryable: true });
      this.#machine.send({ type: 'LOST', info: { code: 1000, reason: 'proactive reconnect', phase: 'connected' }, error, decision: { action: 'retry' } });
    }, delayMs);
  }

  #scheduleRetry(): () => void {
    this.#teardownSocket(4000, 'reconnecting');
    if (!this.#online()) {
      this.#log.log('info', 'offline; waiting for the network');
      return () => {};
    }
    const facts = this.#facts;
    const delay = facts.reauthNext || facts.immediate ? 0 : this.#backoff.next(facts.throttled);
    this.#facts = { ...facts, immediate: false };
    this.#log.log('debug', `retrying in ${delay} ms`);
    this.#nextRetryAt = this.#platform.now() + delay;
    this.#publishSnapshot();
    const timer = this.#platform.setTimeout(() => this.#machine.send({ type: 'RETRY' }), delay);
    return () => {
      this.#nextRetryAt = undefined;
      this.#platform.clearTimeout(timer);
    };
  }

  /** Entered closed or failed: nothing may stay pending. */
  #settle(error: ChannelKitError): void {
    this.#teardownSocket(1000, 'closed');
    this.#publishes.rejectAll(error);
    this.#router.reset();
    if (this.#machine.state === 'failed') {
      this.#log.log('error', `connection failed: ${error.message}`, { code: error.code });
      this.#subscriptions.failAll(error);
    } else {
      // Closed on purpose: leases stay (connect() resubscribes them), but no channel may look
      // as if it were about to be live.
      this.#subscriptions.closed(error);
    }
  }

  #teardownSocket(code: number, reason: string): void {
    this.#sendQueue.reset();
    this.#socket?.dispose(code, reason);
    this.#socket = undefined;
    this.#router.reset();
    this.#subscriptions.socketLost();
    this.#publishes.socketLost();
  }

  // ── environment & status ───────────────────────────────────────────────────────────

  #watchEnvironment(): void {
    const { network, visibility } = this.#options;
    const onNetwork = () => {
      const online = this.#online();
      this.#log.log('info', `network ${online ? 'online' : 'offline'}`);
      if (online) this.#backoff.reset();
      if (!this.#machine.send({ type: 'NETWORK' })) this.#publishSnapshot();
    };
    // Coming back to a hidden tab that was waiting out a backoff: try now.
    const onVisibility = () => visibility?.get() && this.#online() && this.#machine.send({ type: 'RETRY' });
    if (network) this.#cleanups.push(network.subscribe(onNetwork));
    if (visibility) this.#cleanups.push(visibility.subscribe(onVisibility));
  }

  #online(): boolean {
    return this.#options.network?.get() ?? true;
  }

  #publishSnapshot(): void {
    const state = this.#machine.state;
    const facts = this.#facts;
    const next: ConnectionSnapshot = {
      status: toPublicStatus(state, facts.hasConnected),
      state,
      error: state === 'failed' ? facts.fatal : facts.lastError,
      attempt: this.#backoff.attempt,
      online: this.#online(),
      nextRetryAt: state === 'reconnecting' ? this.#nextRetryAt : undefined,
    };
    const prev = this.#snapshot;
    if ((Object.keys(next) as Array<keyof ConnectionSnapshot>).every((k) => prev[k] === next[k])) return;
    this.#snapshot = Object.freeze(next);
    this.#statusEmitter.emit();
  }

  #listenerThrew(error: unknown): void {
    this.#report(new ChannelKitError('LISTENER_ERROR', `a listener threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
  }

  #report(error: ChannelKitError): void {
    this.redactor.scrub(error);
    this.#log.log('warn', error.message, { code: error.code });
    this.#errors.emit(error);
  }
}
