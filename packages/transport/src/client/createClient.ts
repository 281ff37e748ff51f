import type { Backend, FacetContext, PublishBatch } from '../connection/Backend.js';
import type { ChannelSubscriber } from '../connection/ChannelRegistry.js';
import { Connection } from '../connection/Connection.js';
import type { ConnectionOptions } from '../connection/ConnectionOptions.js';
import { merge } from '../connection/PublishPipeline.js';
import { ConnectionError } from '../errors/errors.js';
import { invalidArgument as baseInvalidArgument, kindOf } from '../lib/invalidArgument.js';
import type { Channel } from './Channel.js';
import type { ChannelDirectory, ClientFacets } from './ChannelFacets.js';
import type { PublishResult } from './PublishResult.js';
import type { PublishOptions, RealtimeClient } from './RealtimeClient.js';
import { validateClientOptions } from './validateClientOptions.js';

const invalidArgument = (argument: string, rule: string, got: unknown) => baseInvalidArgument(argument, `${rule} (got ${kindOf(got)})`);

/**
 * Options of {@link createClient}: the backend (a value from a backend factory) plus the
 * connection's options (WebSocket class, fetch, logger, backoff, outbox, signals …).
 *
 * @example
 * ```ts
 * const options: ClientOptions = { backend: appSyncEvents({ httpEndpoint, auth: apiKeyAuth(key) }), WebSocket };
 * ```
 */
export interface ClientOptions extends ConnectionOptions {
  backend: Backend;
}

const REQUIRED_BACKEND_METHODS = ['channelKey', 'connect', 'decode', 'encodeSubscribe', 'encodeUnsubscribe', 'preparePublish', 'closeDecision'] as const;

/**
 * Creates a {@link RealtimeClient}: one managed socket (reconnects with backoff, keep-alive
 * watchdog, bounded outbox, refcounted subscriptions, recovery or a discontinuity signal after
 * outages) with the same surface for every backend.
 *
 * @example
 * ```ts
 * import { createClient } from '@channelkit/transport';
 * import { appSyncEvents, apiKeyAuth } from '@channelkit/transport/appsync-events';
 * import WebSocket from 'ws'; // Node 20 only: browsers and Node 22+ have a global WebSocket
 *
 * const client = createClient({
 *   backend: appSyncEvents({ httpEndpoint: 'https://abc.appsync-api.us-east-1.amazonaws.com/event', auth: apiKeyAuth('da2-…') }),
 *   WebSocket,
 * });
 * const room = client.channel<{ text: string }>('/default/room-1');
 * const release = room.subscribe((msg) => console.log(msg.text));
 * await room.publish({ text: 'hi' });
 * ```
 */
export function createClient(options: ClientOptions): RealtimeClient {
  if (options === null || typeof options !== 'object') throw invalidArgument('options', 'must be an object with a `backend`', options);
  const backend = options.backend;
  if (backend === null || typeof backend !== 'object') throw invalidArgument('options.backend', 'must be a backend, e.g. appSyncEvents({ … }) or apiGatewayWebSocket({ … })', backend);
  for (const method of REQUIRED_BACKEND_METHODS) {
    if (typeof backend[method] !== 'function') throw invalidArgument(`options.backend.${method}`, 'must be a function (is this a backend from a ChannelKit factory?)', backend[method]);
  }
  if (options.WebSocket !== undefined && typeof options.WebSocket !== 'function') throw invalidArgument('options.WebSocket', 'must be a WebSocket class', options.WebSocket);
  validateClientOptions(options as unknown as Record<string, unknown>);
  return new Client(backend, options);
}

class Client implements RealtimeClient {
  readonly #connection: Connection;
  readonly #backend: Backend;
  readonly #channels = new Map<string, Channel<never>>();
  #clientFacets: ClientFacets | undefined;
  /** What client and channel facets may use (channel facets add their state store). */
  readonly #facetContext: Omit<FacetContext, 'state'>;

  constructor(backend: Backend, options: ConnectionOptions) {
    this.#backend = backend;
    const connection = new Connection(backend, options);
    this.#connection = connection;
    this.#facetContext = { session: () => connection.session, fetch: connection.fetch, secrets: connection.redactor };
  }

  get backend(): string {
    return this.#backend.name;
  }

  get capabilities() {
    return this.#backend.capabilities;
  }

  get status() {
    return this.#connection.status;
  }

  get directory(): ChannelDirectory | undefined {
    return this.#facets().directory;
  }

  /** The backend's client facets, asked for once, on first use. */
  #facets(): ClientFacets {
    if (this.#clientFacets === undefined) this.#clientFacets = this.#backend.clientFacets?.(this.#facetContext) ?? {};
    return this.#clientFacets;
  }

  connect(): void {
    this.#connection.connect();
  }

  close(): void {
    this.#connection.close();
  }

  onError(listener: Parameters<RealtimeClient['onError']>[0]): () => void {
    if (typeof listener !== 'function') throw invalidArgument('listener', 'must be a function', listener);
    return this.#connection.onError(listener);
  }

  onUnrouted(listener: Parameters<RealtimeClient['onUnrouted']>[0]): () => void {
    if (typeof listener !== 'function') throw invalidArgument('listener', 'must be a function', listener);
    return this.#connection.onUnrouted(listener);
  }

  channel<T = unknown>(name: string): Channel<T> {
    if (typeof name !== 'string') throw invalidArgument('channel', 'must be a string', name);
    const key = this.#backend.channelKey(name, 'subscribe');
    let channel = this.#channels.get(key);
    if (channel === undefined) {
      channel = this.#createChannel<never>(key);
      this.#channels.set(key, channel);
    }
    return channel as unknown as Channel<T>;
  }

  publish<T = unknown>(channel: string, events: readonly T[], options: PublishOptions = {}): Promise<PublishResult> {
    try {
      if (typeof channel !== 'string') throw invalidArgument('channel', 'must be a string', channel);
      if (!Array.isArray(events)) throw invalidArgument('events', 'must be an array of events (to publish one event, pass [event])', events);
      if (events.length === 0) throw invalidArgument('events', 'must hold at least one event', events);
      // A hole ([1, , 3]) would reach the encoders as a missing event.
      for (let i = 0; i < events.length; i++) if (!(i in events)) throw baseInvalidArgument(`events[${i}]`, 'is missing (a sparse array)');
      if (options === null || typeof options !== 'object') throw invalidArgument('options', 'must be an object', options);
      const via = options.via ?? (this.#backend.capabilities.publish === 'http' ? 'http' : 'socket');
      if (via !== 'socket' && via !== 'http') throw invalidArgument('options.via', "must be 'socket' or 'http'", via);
      const key = this.#backend.channelKey(channel, 'publish');
      const batches = this.#backend.preparePublish(key, events, options.context);
      if (via === 'http') {
        // A closed client publishes nothing, whichever path the publish would take.
        if (this.#connection.status.getSnapshot().status === 'closed') throw new ConnectionError('CONNECTION_CLOSED', 'connection is closed; call connect() first');
        return this.#publishHttp(key, batches, options.context);
      }
      if (!this.#backend.encodePublish) throw invalidArgument('options.via', `${this.#backend.name} publishes over HTTP only`, via);
      return this.#connection.publish(key, batches, options.context);
    } catch (error) {
      return Promise.reject(error instanceof Error ? this.#connection.redactor.scrub(error) : error);
    }
  }

  /** Requests go one after another so order is kept; the first failure stops the rest. */
  async #publishHttp(channel: string, batches: readonly PublishBatch[], context: unknown): Promise<PublishResult> {
    const publish = this.#backend.publish;
    if (!publish) throw invalidArgument('options.via', `${this.#backend.name} has no HTTP publish`, 'http');
    const connection = this.#connection;
    const settled: Array<PromiseSettledResult<PublishResult>> = [];
    for (const batch of batches) {
      try {
        settled.push({
          status: 'fulfilled',
          value: await publish.call(this.#backend, { channel, events: batch.events, context, session: connection.session, fetch: connection.fetch, secrets: connection.redactor }),
        });
      } catch (error) {
        settled.push({ status: 'rejected', reason: error instanceof Error ? connection.redactor.scrub(error) : error });
        break;
      }
    }
    // The same merge as socket publishes: indices at their offsets, `details.partial` on failure.
    return merge(settled, batches);
  }

  #createChannel<T>(key: string): Channel<T> {
    const connection = this.#connection;
    const state = connection.channelState(key);
    const facets = this.#backend.channelFacets?.(key, { ...this.#facetContext, state }) ?? {};
    return Object.freeze({
      name: key,
      state,
      subscribe: (subscriber: ((data: T, meta: never) => void) | ChannelSubscriber<T>) => connection.acquire(key, toSubscriber(subscriber)),
      publish: (...events: T[]) => this.publish(key, events),
      ...facets,
    }) as Channel<T>;
  }
}

function toSubscriber<T>(subscriber: unknown): ChannelSubscriber {
  if (typeof subscriber === 'function') return { onEvent: subscriber as ChannelSubscriber['onEvent'] };
  if (subscriber === null || typeof subscriber !== 'object' || Array.isArray(subscriber)) {
    throw invalidArgument('subscriber', 'must be a function or an object with an onEvent function', subscriber);
  }
  const s = subscriber as Record<string, unknown>;
  if (typeof s.onEvent !== 'function') throw invalidArgument('subscriber.onEvent', 'must be a function', s.onEvent);
  for (const hook of ['onSubscribed', 'onError', 'onDiscontinuity']) {
    if (s[hook] !== undefined && typeof s[hook] !== 'function') throw invalidArgument(`subscriber.${hook}`, 'must be a function when given', s[hook]);
  }
  return subscriber as ChannelSubscriber<T> as ChannelSubscriber;
}
