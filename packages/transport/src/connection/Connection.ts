import { ChannelKitError } from '../errors/ChannelKitError.js';
import { AuthError, ConnectionError, ProtocolError } from '../errors/errors.js';
import { createRedactor, type Redactor } from '../errors/redact.js';
import { Backoff, type BackoffPolicy, DEFAULT_BACKOFF } from '../lib/backoff.js';
import { createEmitter } from '../lib/emitter.js';
import { StateMachine } from '../lib/fsm.js';
import { randomId } from '../lib/ids.js';
import { type Logger, redactingLogger, silentLogger } from '../lib/logger.js';
import { defaultPlatform, type Platform, type TimerHandle } from '../lib/platform.js';
import { ChannelRegistry, type ChannelEntry, type ChannelSubscriber, type EventMeta } from './ChannelRegistry.js';
import { type ConnectionSnapshot, type ConnectionState, toPublicStatus } from './ConnectionStatus.js';
import { authLoopError } from './defaultClosePolicy.js';
import { KeepAliveWatchdog } from './KeepAliveWatchdog.js';
import { DEFAULT_OUTBOX_BOUNDS, Outbox, type OutboxBounds, type OutboxEntry } from './Outbox.js';
import type { CloseDecision, CloseInfo, InboundFrame, ProtocolAdapter } from './ProtocolAdapter.js';
import type { EnvironmentSignal } from './signals.js';
import type { WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';
import { SendQueue } from './SendQueue.js';
import { utf8Length } from './utf8Length.js';

/**
 * Options of {@link createConnection}. Only `protocol` is required; everything with a side
 * effect can be injected.
 *
 * @example
 * ```ts
 * const options: ConnectionOptions = { protocol, WebSocket: NodeWebSocket, logger: consoleLogger('debug') };
 * ```
 */
export interface ConnectionOptions {
  protocol: ProtocolAdapter;
  /** WebSocket class; defaults to `globalThis.WebSocket`, read when connecting. */
  WebSocket?: WebSocketConstructor;
  platform?: Partial<Platform>;
  /** Receives redacted diagnostics. Default: silent. */
  logger?: Logger;
  backoff?: Partial<BackoffPolicy>;
  /** Bounds of the queue of publishes made while not connected. */
  outbox?: Partial<OutboxBounds>;
  /** Online/offline signal: no reconnect attempts while offline, an immediate one on return. */
  network?: EnvironmentSignal;
  /** Page visibility: a waiting reconnect is tried at once when the page becomes visible. */
  visibility?: EnvironmentSignal;
  /** Limit for the socket to open, and separately for the handshake (default 15 s). */
  connectTimeoutMs?: number;
  /** Limit for a subscribe or publish acknowledgement (default 10 s). */
  ackTimeoutMs?: number;
  /** How long a channel's wire subscription outlives its last release (default 1 s). */
  releaseGraceMs?: number;
  /** Connect on the first subscribe or publish (default true). */
  autoConnect?: boolean;
  /** Secrets to redact from logs and errors in addition to the ones the protocol registers. */
  secrets?: readonly string[];
}

/**
 * What a publish resolves with: its id, and the server's acknowledgement detail when the
 * protocol acknowledges publishes.
 *
 * @example
 * ```ts
 * const { publishId } = await connection.publish('/default/room', [{ text: 'hi' }]);
 * ```
 */
export interface PublishAck {
  readonly publishId: string;
  readonly detail?: unknown;
}

/**
 * A typed handle on one channel. Cheap: create as many as you like.
 *
 * @example
 * ```ts
 * const room = connection.channel<{ text: string }>('/default/room-1');
 * const release = room.subscribe((msg) => console.log(msg.text));
 * await room.publish({ text: 'hi' });
 * release();
 * ```
 */
export interface Channel<T = unknown> {
  readonly name: string;
  /** Leases the channel; returns the release function (idempotent). */
  subscribe(subscriber: ((data: T, meta: EventMeta) => void) | ChannelSubscriber<T>): () => void;
  /** Publishes events; resolves on the server's acknowledgement (or on send without acks). */
  publish(...events: T[]): Promise<PublishAck>;
}

/**
 * A status store in the shape `useSyncExternalStore` wants.
 *
 * @example
 * ```ts
 * const snapshot = useSyncExternalStore(connection.status.subscribe, connection.status.getSnapshot);
 * ```
 */
export interface StatusStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ConnectionSnapshot;
}

type MachineEvent =
  | { type: 'CONNECT' }
  | { type: 'OPENED' }
  | { type: 'READY'; keepAliveTimeoutMs?: number | undefined }
  | { type: 'LOST'; info: CloseInfo; error: ChannelKitError; decision: CloseDecision }
  | { type: 'RETRY' }
  | { type: 'NETWORK' }
  | { type: 'CLOSE' };

interface InflightPublish {
  entry: OutboxEntry;
  written: boolean;
  timer: TimerHandle | undefined;
}

const OPEN = 1;
const CONNECTING = 0;

/**
 * One managed WebSocket: connects, authenticates, keeps alive, reconnects with backoff, and
 * multiplexes reference-counted channel subscriptions over it. Protocol details live in the
 * injected {@link ProtocolAdapter}; this class owns the socket, timers and policy.
 *
 * States: `idle → connecting → handshaking → connected ⇄ reconnecting → closed | failed`
 * (see `ConnectionStatus.ts` for the public view).
 *
 * @example
 * ```ts
 * const connection = createConnection({ protocol: myAdapter });
 * connection.status.subscribe(() => console.log(connection.status.getSnapshot().status));
 * const release = connection.channel('/default/room').subscribe((m) => console.log(m));
 * ```
 */
export class Connection {
  readonly status: StatusStore;
  readonly #protocol: ProtocolAdapter;
  readonly #platform: Platform;
  readonly #redactor: Redactor;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  readonly #outbox: Outbox;
  readonly #registry: ChannelRegistry;
  readonly #machine: StateMachine<ConnectionState, MachineEvent>;
  readonly #statusEmitter = createEmitter<void>();
  readonly #errors = createEmitter<ChannelKitError>();
  readonly #options: ConnectionOptions;
  readonly #inflight = new Map<string, InflightPublish>();
  readonly #cleanups: Array<() => void> = [];

  #snapshot: ConnectionSnapshot;
  #attemptId = 0;
  #socket: WebSocketLike | undefined;
  #socketError: string | undefined;
  #watchdog: KeepAliveWatchdog | undefined;
  readonly #sendQueue = new SendQueue(
    (frame) => this.#rawSend(frame),
    (error) => this.#redactor.scrub(error instanceof ChannelKitError ? error : new ChannelKitError('PUBLISH_FAILED', error instanceof Error ? error.message : String(error), { cause: error })),
    () => new ConnectionError('CONNECTION_LOST', 'socket refused the frame'),
  );
  /** True once subscriptions are re-established and the outbox flushed: publishes go direct. */
  #ready = false;
  #pendingResubscribes = new Set<ChannelEntry>();
  #hasConnected = false;
  #lastError: ChannelKitError | undefined;
  #fatal: ChannelKitError | undefined;
  #throttled = false;
  #reauthNext = false;
  #reauthedSinceReady = false;
  #reconnectNow = false;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#protocol = options.protocol;
    this.#platform = { ...defaultPlatform(), ...options.platform };
    this.#redactor = createRedactor(options.secrets);
    const sink = options.logger ?? silentLogger;
    const prefix = `${options.protocol.name}: `;
    // Every line names the backend once, here, and passes the redactor on its way out.
    this.#log = redactingLogger({ log: (level, message, data) => sink.log(level, prefix + message, data) }, this.#redactor);
    this.#backoff = new Backoff({ ...DEFAULT_BACKOFF, ...options.backoff }, this.#platform);
    this.#outbox = new Outbox({ ...DEFAULT_OUTBOX_BOUNDS, ...options.outbox });
    this.#registry = new ChannelRegistry(this.#platform, options.releaseGraceMs ?? 1000, (entry) => this.#unsubscribeWire(entry));
    this.#snapshot = Object.freeze({ status: 'idle', state: 'idle', error: undefined, attempt: 0, online: this.#online() });
    this.status = {
      subscribe: (listener) => this.#statusEmitter.subscribe(listener),
      getSnapshot: () => this.#snapshot,
    };
    const connectTimeout = options.connectTimeoutMs ?? 15_000;
    const timedOut = (phase: string): ConnectionState => {
      this.#lastError = new ConnectionError('CONNECTION_TIMEOUT', `${this.#protocol.name}: ${phase} did not complete within ${connectTimeout} ms`, { details: { timeoutMs: connectTimeout } });
      this.#throttled = false;
      this.#log.log('warn', this.#lastError.message);
      return 'reconnecting';
    };
    const start = (): ConnectionState => (this.#online() ? 'connecting' : 'reconnecting');
    this.#machine = new StateMachine<ConnectionState, MachineEvent>({
      initial: 'idle',
      timers: this.#platform,
      states: {
        idle: { on: { CONNECT: start, CLOSE: 'closed' } },
        connecting: {
          entry: () => this.#openSocket(),
          after: { delay: connectTimeout, target: () => timedOut('opening the socket') },
          on: { OPENED: () => (this.#protocol.handshake ? 'handshaking' : 'connected'), LOST: (e) => this.#onLost(e), CLOSE: 'closed' },
        },
        handshaking: {
          after: { delay: connectTimeout, target: () => timedOut('the handshake') },
          on: { READY: 'connected', LOST: (e) => this.#onLost(e), CLOSE: 'closed' },
        },
        connected: {
          entry: (event) => this.#onConnected(event?.type === 'READY' ? event.keepAliveTimeoutMs : undefined),
          on: { LOST: (e) => this.#onLost(e), CLOSE: 'closed' },
        },
        reconnecting: {
          entry: () => this.#scheduleRetry(),
          on: { RETRY: 'connecting', NETWORK: () => (this.#online() ? 'connecting' : 'reconnecting'), CLOSE: 'closed' },
        },
        closed: {
          entry: () => this.#settle(new ConnectionError('CONNECTION_CLOSED', 'connection was closed')),
          on: { CONNECT: start },
        },
        failed: {
          entry: () => this.#settle(this.#fatal ?? new ProtocolError('connection failed')),
          on: { CONNECT: start, CLOSE: 'closed' },
        },
      },
    });
    this.#machine.onTransition(({ to }) => {
      if (to === 'connected') this.#lastError = undefined;
      this.#publishSnapshot();
    });
    this.#machine.start();
  }

  /** The internal machine state (finer than `status`). */
  get state(): ConnectionState {
    return this.#machine.state;
  }

  /**
   * Starts connecting (no-op unless idle, closed or failed). After `failed`, this is how to try
   * again (e.g. after the user signed in anew).
   *
   * @example
   * ```ts
   * if (connection.status.getSnapshot().status === 'failed') connection.connect();
   * ```
   */
  connect(): void {
    if (this.#cleanups.length === 0) this.#watchEnvironment();
    this.#fatal = undefined;
    this.#reauthedSinceReady = false;
    this.#backoff.reset();
    this.#machine.send({ type: 'CONNECT' });
  }

  /**
   * Closes the socket and stops reconnecting. Queued and unacknowledged publishes reject with
   * CONNECTION_CLOSED. Channel leases stay registered: `connect()` resubscribes them.
   *
   * @example
   * ```ts
   * window.addEventListener('pagehide', () => connection.close());
   * ```
   */
  close(): void {
    this.#machine.send({ type: 'CLOSE' });
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  /**
   * Non-fatal errors: garbage frames, protocol error frames, throwing listeners.
   *
   * @example
   * ```ts
   * connection.onError((error) => reportToSentry(error));
   * ```
   */
  onError(listener: (error: ChannelKitError) => void): () => void {
    return this.#errors.subscribe(listener);
  }

  /**
   * A typed handle on a channel. Validation happens when you subscribe or publish.
   *
   * @example
   * ```ts
   * const release = connection.channel<Message>('/default/room').subscribe((m) => render(m));
   * ```
   */
  channel<T = unknown>(name: string): Channel<T> {
    return {
      name,
      subscribe: (subscriber) => this.#acquire(name, typeof subscriber === 'function' ? { onEvent: subscriber } : subscriber) as () => void,
      publish: (...events) => this.publish(name, events),
    };
  }

  /**
   * Publishes events to a channel. While not connected they wait in the bounded outbox and are
   * sent in order once subscriptions are re-established. Rejects with a typed error: a limit
   * or channel-rule violation, OUTBOX_FULL, ACK_TIMEOUT, PUBLISH_FAILED, CONNECTION_LOST (sent
   * but unacknowledged when the socket dropped — it may or may not have been delivered), or
   * CONNECTION_CLOSED.
   *
   * @example
   * ```ts
   * await connection.publish('/default/room', [{ text: 'hi' }]);
   * ```
   */
  publish(channel: string, events: readonly unknown[], context?: unknown): Promise<PublishAck> {
    return new Promise<PublishAck>((resolve, reject) => {
      // Every way out of a publish passes the redactor: server refusals echo what they got.
      const fail = (error: unknown) => reject(error instanceof Error ? this.#redactor.scrub(error) : error);
      try {
        if (events.length === 0) throw new ChannelKitError('INVALID_ARGUMENT', 'publish needs at least one event');
        this.#protocol.validateChannel?.(channel, 'publish');
        this.#protocol.validatePublish?.(channel, events);
        const state = this.#machine.state;
        if (state === 'failed') throw this.#fatal ?? new ConnectionError('CONNECTION_CLOSED', 'connection has failed');
        const entry: OutboxEntry = { channel, events, bytes: utf8Length(JSON.stringify(events)), resolve: resolve as (v: unknown) => void, reject: fail, context };
        if (this.#ready) return this.#sendPublish(entry);
        if (state === 'closed') throw new ConnectionError('CONNECTION_CLOSED', 'connection is closed; call connect() first');
        this.#outbox.push(entry);
        if (state === 'idle' && (this.#options.autoConnect ?? true)) this.connect();
      } catch (error) {
        fail(error);
      }
    });
  }

  // ── channels ────────────────────────────────────────────────────────────────────────

  #acquire(channel: string, subscriber: ChannelSubscriber): () => void {
    this.#protocol.validateChannel?.(channel, 'subscribe');
    const { entry, created, release } = this.#registry.acquire(channel, subscriber);
    if (created) {
      if (this.#machine.state === 'connected') this.#subscribeWire(entry, false);
    } else if (entry.wire === 'active') {
      subscriber.onSubscribed?.();
    }
    if (this.#machine.state === 'idle' && (this.#options.autoConnect ?? true)) this.connect();
    return release;
  }

  #subscribeWire(entry: ChannelEntry, resubscribe: boolean): void {
    const subscription = { subscriptionId: randomId(), channel: entry.channel };
    this.#registry.assignSubscriptionId(entry, subscription.subscriptionId);
    entry.wire = 'pending';
    if (resubscribe) this.#pendingResubscribes.add(entry);
    const acks = this.#protocol.subscribeAcks;
    if (acks) {
      entry.ackTimer = this.#platform.setTimeout(() => {
        entry.ackTimer = undefined;
        this.#subscribeFailed(entry, new ChannelKitError('ACK_TIMEOUT', `no answer to subscribe ${entry.channel} within ${this.#ackTimeout()} ms`, { retryable: true }));
      }, this.#ackTimeout());
    }
    this.#sendQueue.push({
      produce: () => this.#protocol.encodeSubscribe(subscription),
      // No frame means a channel the server does not know about (e.g. API Gateway's
      // `$default` catch-all): it is live as soon as it is "sent".
      written: (sent) => {
        if (!acks || !sent) this.#subscribed(entry);
      },
      failed: (error) => this.#subscribeFailed(entry, error),
    });
  }

  #subscribed(entry: ChannelEntry): void {
    if (entry.ackTimer !== undefined) this.#platform.clearTimeout(entry.ackTimer);
    entry.ackTimer = undefined;
    const discontinuity = entry.wasActive;
    entry.wire = 'active';
    entry.wasActive = true;
    for (const s of [...entry.subscribers]) {
      this.#guard(() => s.onSubscribed?.());
      if (discontinuity) this.#guard(() => s.onDiscontinuity?.());
    }
    this.#resubscribeSettled(entry);
  }

  #subscribeFailed(entry: ChannelEntry, error: ChannelKitError): void {
    if (entry.ackTimer !== undefined) this.#platform.clearTimeout(entry.ackTimer);
    entry.ackTimer = undefined;
    entry.wire = 'failed';
    this.#redactor.scrub(error);
    this.#log.log('warn', `subscribe to ${entry.channel} failed: ${error.message}`, { code: error.code });
    for (const s of [...entry.subscribers]) this.#guard(() => s.onError?.(error));
    this.#resubscribeSettled(entry);
  }

  #unsubscribeWire(entry: ChannelEntry): void {
    if ((entry.wire === 'active' || entry.wire === 'pending') && entry.subscriptionId !== undefined && this.#machine.state === 'connected') {
      const subscription = { subscriptionId: entry.subscriptionId, channel: entry.channel };
      this.#sendQueue.push({ produce: () => this.#protocol.encodeUnsubscribe(subscription) });
    }
    this.#pendingResubscribes.delete(entry);
    entry.wire = 'none';
    this.#resubscribeSettled(undefined);
  }

  #resubscribeSettled(entry: ChannelEntry | undefined): void {
    if (entry) this.#pendingResubscribes.delete(entry);
    if (!this.#ready && this.#pendingResubscribes.size === 0 && this.#machine.state === 'connected') this.#flushOutbox();
  }

  // ── publishing ─────────────────────────────────────────────────────────────────────

  #flushOutbox(): void {
    this.#ready = true;
    for (const entry of this.#outbox.drain()) this.#sendPublish(entry);
  }

  #sendPublish(entry: OutboxEntry): void {
    const publishId = randomId();
    const inflight: InflightPublish = { entry, written: false, timer: undefined };
    this.#inflight.set(publishId, inflight);
    const acks = this.#protocol.publishAcks;
    this.#sendQueue.push({
      produce: () => this.#protocol.encodePublish({ publishId, channel: entry.channel, events: entry.events, context: entry.context }),
      written: () => {
        inflight.written = true;
        if (!acks) {
          this.#inflight.delete(publishId);
          entry.resolve({ publishId });
          return;
        }
        inflight.timer = this.#platform.setTimeout(() => {
          this.#inflight.delete(publishId);
          entry.reject(new ChannelKitError('ACK_TIMEOUT', `no acknowledgement of publish to ${entry.channel} within ${this.#ackTimeout()} ms`, { retryable: true }));
        }, this.#ackTimeout());
      },
      failed: (error) => {
        this.#inflight.delete(publishId);
        entry.reject(error);
      },
    });
  }

  #publishResult(frame: Extract<InboundFrame, { type: 'publish_result' }>): void {
    const inflight = this.#inflight.get(frame.publishId);
    if (!inflight) return;
    this.#inflight.delete(frame.publishId);
    if (inflight.timer !== undefined) this.#platform.clearTimeout(inflight.timer);
    if (frame.error) inflight.entry.reject(frame.error);
    else inflight.entry.resolve({ publishId: frame.publishId, detail: frame.detail });
  }

  // ── socket ─────────────────────────────────────────────────────────────────────────

  #openSocket(): void {
    const attempt = ++this.#attemptId;
    const reauth = this.#reauthNext;
    this.#reauthNext = false;
    this.#socketError = undefined;
    const abort = new AbortController();
    const stale = () => attempt !== this.#attemptId;
    this.#log.log('debug', `connecting (attempt ${this.#backoff.attempt}${reauth ? ', re-authenticating' : ''})`);
    this.#protocol
      .connect({ attempt: this.#backoff.attempt, reauth, secrets: this.#redactor, signal: abort.signal })
      .then(({ url, protocols }) => {
        if (stale()) return;
        const Ctor = this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
        if (!Ctor) throw new ChannelKitError('INVALID_ARGUMENT', 'no WebSocket implementation: pass the `WebSocket` option (e.g. the `ws` package in Node < 22)');
        const socket = new Ctor(url, protocols);
        this.#socket = socket;
        socket.binaryType = 'arraybuffer';
        socket.onopen = () => {
          if (stale()) return;
          for (const frame of this.#protocol.onOpen?.(socket.protocol) ?? []) this.#rawSend(frame);
          this.#machine.send({ type: 'OPENED' });
        };
        const emitter = socket as unknown as { on?: (type: 'message', fn: (data: unknown, isBinary: boolean) => void) => void };
        if (typeof emitter.on === 'function') {
          // The `ws` package (Node): its EventEmitter API skips building a MessageEvent per
          // frame, measurably cheaper on the receive path. Stale sockets are ignored below.
          emitter.on('message', (data, isBinary) => {
            if (!stale()) this.#onMessage(isBinary ? data : String(data));
          });
        } else {
          socket.onmessage = (event) => {
            if (!stale()) this.#onMessage(event.data);
          };
        }
        socket.onerror = (event) => {
          const message = (event as { message?: unknown; error?: { message?: unknown } })?.message ?? (event as { error?: { message?: unknown } })?.error?.message;
          if (typeof message === 'string') this.#socketError = this.#redactor.text(message);
        };
        socket.onclose = (event) => {
          if (stale()) return;
          this.#lost({ code: event.code, reason: event.reason ?? '', phase: this.#phase(), ...(this.#socketError ? { error: this.#socketError } : {}) });
        };
      })
      .catch((error: unknown) => {
        if (stale()) return;
        const ck = error instanceof ChannelKitError ? error : new ConnectionError('CONNECTION_LOST', `${this.#protocol.name}: could not start a connection: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        this.#redactor.scrub(ck);
        const info: CloseInfo = { code: 1006, reason: ck.message, phase: 'connecting' };
        const decision: CloseDecision = ck instanceof AuthError ? { action: 'reauth' } : ck.code === 'INVALID_ARGUMENT' ? { action: 'stop', error: ck } : { action: 'retry' };
        this.#machine.send({ type: 'LOST', info, error: ck, decision });
      });
  }

  #phase(): CloseInfo['phase'] {
    const s = this.#machine.state;
    return s === 'handshaking' ? 'handshaking' : s === 'connected' ? 'connected' : 'connecting';
  }

  /** The socket is gone (or must go): let the protocol decide what happens next. */
  #lost(info: CloseInfo, error?: ChannelKitError): void {
    const decision = this.#protocol.closeDecision(info);
    const err =
      error ??
      (decision.action === 'stop'
        ? decision.error
        : new ConnectionError('CONNECTION_LOST', `${this.#protocol.name}: socket closed with ${info.code}${info.reason ? ` (${info.reason})` : ''}${info.error ? `: ${info.error}` : ''}`, { details: { closeCode: info.code, phase: info.phase } }));
    this.#machine.send({ type: 'LOST', info, error: this.#redactor.scrub(err), decision });
  }

  #onLost(event: Extract<MachineEvent, { type: 'LOST' }>): ConnectionState {
    const { decision, info } = event;
    this.#lastError = event.error;
    this.#log.log('info', `connection lost in ${info.phase} (${event.error.message}); decision ${decision.action}`);
    if (decision.action === 'stop') {
      this.#fatal = this.#redactor.scrub(decision.error);
      return 'failed';
    }
    if (decision.action === 'reauth') {
      // Auth failures never loop: one fresh-credential retry, then stop.
      if (this.#reauthedSinceReady) {
        this.#fatal = this.#redactor.scrub(authLoopError(info));
        return 'failed';
      }
      this.#reauthedSinceReady = true;
      this.#reauthNext = true;
      this.#throttled = false;
      return 'reconnecting';
    }
    this.#throttled = decision.throttled ?? false;
    return 'reconnecting';
  }

  #onMessage(data: unknown): void {
    let frames: InboundFrame | readonly InboundFrame[];
    try {
      const payload = typeof data === 'string' || data instanceof ArrayBuffer || data instanceof Uint8Array ? data : String(data);
      frames = this.#protocol.decode(payload);
    } catch (error) {
      const garbage = error instanceof ChannelKitError ? error : new ProtocolError(`${this.#protocol.name}: undecodable frame: ${error instanceof Error ? error.message : String(error)}`);
      this.#watchdog?.frame('other');
      this.#report(garbage);
      return;
    }
    if (Array.isArray(frames)) for (const f of frames) this.#onFrame(f);
    else this.#onFrame(frames as InboundFrame);
  }

  #onFrame(frame: InboundFrame): void {
    this.#watchdog?.frame(frame.type === 'keepalive' ? 'keepalive' : frame.type === 'pong' ? 'pong' : 'other');
    switch (frame.type) {
      case 'event': {
        const entry = frame.subscriptionId !== undefined ? this.#registry.bySubscriptionId(frame.subscriptionId) : frame.channel !== undefined ? this.#registry.byChannel(frame.channel) : undefined;
        if (!entry) return;
        // Hot path (every event): no per-event closures, and the shared meta unless the frame has its own.
        const meta: EventMeta = frame.meta ? { ...frame.meta, channel: entry.channel } : entry.meta;
        for (const s of entry.subscribers) {
          try {
            s.onEvent(frame.data, meta);
          } catch (error) {
            this.#listenerThrew(error);
          }
        }
        return;
      }
      case 'connected':
        this.#machine.send({ type: 'READY', keepAliveTimeoutMs: frame.keepAliveTimeoutMs });
        return;
      case 'subscribed': {
        const entry = this.#registry.bySubscriptionId(frame.subscriptionId);
        if (entry && entry.wire === 'pending') this.#subscribed(entry);
        return;
      }
      case 'subscribe_failed': {
        const entry = this.#registry.bySubscriptionId(frame.subscriptionId);
        if (entry) this.#subscribeFailed(entry, frame.error);
        return;
      }
      case 'publish_result':
        this.#publishResult(frame);
        return;
      case 'operation_error': {
        if (this.#inflight.has(frame.id)) return this.#publishResult({ type: 'publish_result', publishId: frame.id, error: frame.error });
        const entry = this.#registry.bySubscriptionId(frame.id);
        if (entry?.wire === 'pending') return this.#subscribeFailed(entry, frame.error);
        return this.#report(frame.error);
      }
      case 'channel_error': {
        const entry = this.#registry.bySubscriptionId(frame.subscriptionId);
        this.#report(frame.error);
        if (entry) for (const s of [...entry.subscribers]) this.#guard(() => s.onError?.(frame.error));
        return;
      }
      case 'error':
        if (frame.decision) {
          const info: CloseInfo = { code: 1000, reason: frame.error.message, phase: this.#phase() };
          this.#machine.send({ type: 'LOST', info, error: this.#redactor.scrub(frame.error), decision: frame.decision });
        } else {
          this.#report(frame.error);
        }
        return;
      default:
        return;
    }
  }

  #onConnected(keepAliveTimeoutMs: number | undefined): () => void {
    this.#hasConnected = true;
    this.#reauthedSinceReady = false;
    this.#backoff.connected();
    this.#log.log('info', `connected`);
    const watchdog = new KeepAliveWatchdog(this.#protocol.liveness, this.#platform, {
      onExpire: (ms) => {
        const error = new ConnectionError('CONNECTION_TIMEOUT', `${this.#protocol.name}: no sign of life for ${ms} ms; reconnecting`, { details: { timeoutMs: ms } });
        this.#machine.send({ type: 'LOST', info: { code: 4000, reason: 'keep-alive timeout', phase: 'connected' }, error, decision: { action: 'retry' } });
      },
      sendPing: () => {
        const ping = this.#protocol.encodePing?.();
        if (ping !== undefined) this.#rawSend(ping);
      },
    });
    this.#watchdog = watchdog;
    watchdog.start(keepAliveTimeoutMs);
    // Services that cap connection lifetime (API Gateway: 2 h) drop us at the cap; reconnecting
    // a little earlier, on our schedule and without backoff, keeps the gap short and planned.
    const cap = this.#protocol.maxConnectionMs;
    const proactive =
      cap === undefined
        ? undefined
        : this.#platform.setTimeout(() => {
            this.#log.log('info', `reconnecting ahead of the ${cap} ms connection limit`);
            this.#reconnectNow = true;
            this.#machine.send({ type: 'LOST', info: { code: 1000, reason: 'proactive reconnect', phase: 'connected' }, error: new ConnectionError('CONNECTION_CLOSED', 'reconnecting ahead of the connection duration limit', { retryable: true }), decision: { action: 'retry' } });
          }, cap);
    this.#ready = false;
    const entries = this.#registry.entries();
    for (const entry of entries) this.#subscribeWire(entry, true);
    this.#resubscribeSettled(undefined);
    return () => {
      if (proactive !== undefined) this.#platform.clearTimeout(proactive);
      watchdog.stop();
      this.#watchdog = undefined;
      this.#backoff.disconnected();
    };
  }

  #scheduleRetry(): () => void {
    this.#teardownSocket(4000, 'reconnecting');
    if (!this.#online()) {
      this.#log.log('info', `offline; waiting for the network`);
      return () => {};
    }
    const delay = this.#reauthNext || this.#reconnectNow ? 0 : this.#backoff.next(this.#throttled);
    this.#reconnectNow = false;
    this.#log.log('debug', `retrying in ${delay} ms`);
    const timer = this.#platform.setTimeout(() => this.#machine.send({ type: 'RETRY' }), delay);
    return () => this.#platform.clearTimeout(timer);
  }

  /** Entered closed or failed: nothing may stay pending. */
  #settle(error: ChannelKitError): void {
    this.#teardownSocket(1000, 'closed');
    this.#outbox.rejectAll(error);
    if (this.#machine.state === 'failed') {
      this.#log.log('error', `connection failed: ${error.message}`, { code: error.code });
      for (const entry of this.#registry.entries()) for (const s of [...entry.subscribers]) this.#guard(() => s.onError?.(error));
    }
  }

  #teardownSocket(code: number, reason: string): void {
    this.#attemptId++;
    this.#ready = false;
    this.#pendingResubscribes.clear();
    this.#sendQueue.reset();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      // Keep a listener: with `ws`, an 'error' event without one is an uncaught exception.
      socket.onerror = () => {};
      if (socket.readyState === OPEN || socket.readyState === CONNECTING) {
        try {
          socket.close(code, reason);
        } catch {
          // Closing a socket that never opened may throw in some runtimes; it is gone either way.
        }
      }
    }
    for (const entry of this.#registry.entries()) {
      if (entry.ackTimer !== undefined) this.#platform.clearTimeout(entry.ackTimer);
      entry.ackTimer = undefined;
      entry.wire = 'none';
    }
    // Never written → certainly not delivered: back to the front of the outbox, in order.
    // Written but unacknowledged → unknown fate: reject so the caller decides.
    const unwritten: OutboxEntry[] = [];
    for (const [id, inflight] of this.#inflight) {
      this.#inflight.delete(id);
      if (inflight.timer !== undefined) this.#platform.clearTimeout(inflight.timer);
      if (inflight.written) {
        inflight.entry.reject(new ConnectionError('CONNECTION_LOST', `connection lost before the server acknowledged the publish to ${inflight.entry.channel}`));
      } else {
        unwritten.push(inflight.entry);
      }
    }
    if (unwritten.length > 0) this.#outbox.requeue(unwritten);
  }

  // ── sending ────────────────────────────────────────────────────────────────────────

  #rawSend(frame: string): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(frame);
      return true;
    } catch (error) {
      this.#log.log('warn', `send failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  // ── environment & status ───────────────────────────────────────────────────────────

  #watchEnvironment(): void {
    const { network, visibility } = this.#options;
    if (network) {
      this.#cleanups.push(
        network.subscribe(() => {
          this.#log.log('info', `network ${network.get() ? 'online' : 'offline'}`);
          if (network.get()) this.#backoff.reset();
          if (!this.#machine.send({ type: 'NETWORK' })) this.#publishSnapshot();
        }),
      );
    }
    if (visibility) {
      this.#cleanups.push(
        visibility.subscribe(() => {
          if (visibility.get() && this.#online()) this.#machine.send({ type: 'RETRY' });
        }),
      );
    }
  }

  #online(): boolean {
    return this.#options.network?.get() ?? true;
  }

  #ackTimeout(): number {
    return this.#options.ackTimeoutMs ?? 10_000;
  }

  #publishSnapshot(): void {
    const state = this.#machine.state;
    const next: ConnectionSnapshot = {
      status: toPublicStatus(state, this.#hasConnected),
      state,
      error: state === 'failed' ? this.#fatal : this.#lastError,
      attempt: this.#backoff.attempt,
      online: this.#online(),
    };
    const prev = this.#snapshot;
    if (prev.status === next.status && prev.state === next.state && prev.error === next.error && prev.attempt === next.attempt && prev.online === next.online) return;
    this.#snapshot = Object.freeze(next);
    this.#statusEmitter.emit();
  }

  #report(error: ChannelKitError): void {
    this.#redactor.scrub(error);
    this.#log.log('warn', error.message, { code: error.code });
    this.#errors.emit(error);
  }

  /** A throwing listener must not break the socket loop or other listeners. */
  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#listenerThrew(error);
    }
  }

  #listenerThrew(error: unknown): void {
    this.#report(new ChannelKitError('INVALID_ARGUMENT', `a channel listener threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
  }
}

/**
 * Creates a {@link Connection}. Nothing happens on the network until `connect()` or (with
 * `autoConnect`, the default) the first subscribe or publish.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * const connection = createConnection({ protocol: myAdapter, WebSocket, logger: consoleLogger() });
 * const release = connection.channel('/chat/lobby').subscribe((msg) => console.log(msg));
 * ```
 */
export function createConnection(options: ConnectionOptions): Connection {
  return new Connection(options);
}
