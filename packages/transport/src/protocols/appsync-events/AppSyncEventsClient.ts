import { type Channel, Connection, type ConnectionOptions, type StatusStore } from '../../connection/Connection.js';
import type { ChannelSubscriber, EventMeta } from '../../connection/ChannelRegistry.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { createRedactor } from '../../errors/redact.js';
import { type AppSyncEventsConfig, type AppSyncPublishContext, appSyncAuthFor, appSyncEvents } from './appSyncEvents.js';
import type { AppSyncAuth } from './auth.js';
import { appSyncChannel } from './channelPath.js';
import { type AppSyncPublishResult, publishResult } from './codec.js';
import type { AppSyncEndpoints } from './endpoints.js';
import { postEvents } from './httpPublish.js';
import { encodeEvents, splitIntoRequests } from './limits.js';

/**
 * Options of {@link createAppSyncEventsClient}: the Event API config plus the connection's
 * options (WebSocket class, logger, backoff, outbox, signals …) and `fetch` for HTTP publish.
 *
 * @example
 * ```ts
 * const options: AppSyncEventsClientOptions = { httpEndpoint, auth: apiKeyAuth(key), WebSocket };
 * ```
 */
export interface AppSyncEventsClientOptions extends AppSyncEventsConfig, Omit<ConnectionOptions, 'protocol'> {
  fetch?: typeof fetch;
}

/**
 * Options of one publish.
 *
 * @example
 * ```ts
 * await client.publish('/admin/alerts', [alert], { auth: iamAuth({ credentials, region }) });
 * ```
 */
export interface AppSyncPublishOptions {
  /** Auth for this publish only. */
  auth?: AppSyncAuth;
}

/**
 * A channel of an {@link AppSyncEventsClient}: subscribe (leases, refcounted) and publish
 * with per-event results.
 *
 * @example
 * ```ts
 * const room = client.channel<Message>('/default/room-1');
 * const release = room.subscribe((msg) => show(msg));
 * const { failed } = await room.publish({ text: 'hi' });
 * ```
 */
export interface AppSyncChannel<T = unknown> {
  readonly name: string;
  subscribe(subscriber: ((data: T, meta: EventMeta) => void) | ChannelSubscriber<T>): () => void;
  publish(...events: T[]): Promise<AppSyncPublishResult>;
}

/**
 * An AppSync Events client: one managed WebSocket (reconnects, `ka` watchdog, outbox,
 * refcounted subscriptions, discontinuity after outages), publish over the socket or over
 * HTTP, both with per-event results and with batches of any size split into valid requests.
 *
 * @example
 * ```ts
 * const client = createAppSyncEventsClient({ httpEndpoint, auth: apiKeyAuth(key) });
 * const release = client.channel('/default/*').subscribe((event, meta) => console.log(meta.channel, event));
 * await client.publish('/default/room', [{ text: 'hello' }]);
 * await client.post('/default/room', [{ text: 'over HTTP' }]);
 * ```
 */
export class AppSyncEventsClient {
  /** The managed connection (status, errors, raw channel access). */
  readonly connection: Connection;
  readonly status: StatusStore;
  readonly endpoints: AppSyncEndpoints;
  readonly #options: AppSyncEventsClientOptions;
  readonly #secrets = createRedactor();

  constructor(options: AppSyncEventsClientOptions) {
    this.#options = options;
    const protocol = appSyncEvents(options);
    this.endpoints = protocol.endpoints;
    this.connection = new Connection({ ...options, protocol });
    this.status = this.connection.status;
  }

  /**
   * Connects now (otherwise the first subscribe or publish does).
   *
   * @example
   * ```ts
   * client.connect();
   * ```
   */
  connect(): void {
    this.connection.connect();
  }

  /**
   * Closes the socket; `connect()` again resubscribes every live channel.
   *
   * @example
   * ```ts
   * useEffect(() => () => client.close(), []);
   * ```
   */
  close(): void {
    this.connection.close();
  }

  /**
   * Non-fatal errors (broadcast errors, garbage frames, throwing listeners).
   *
   * @example
   * ```ts
   * client.onError((error) => console.warn(error.code, error.message));
   * ```
   */
  onError(listener: (error: ChannelKitError) => void): () => void {
    return this.connection.onError(listener);
  }

  /**
   * A channel handle; the name is validated and normalised (`default/a` → `/default/a`) on use.
   *
   * @example
   * ```ts
   * const release = client.channel<Message>('/default/room').subscribe((m, meta) => render(m));
   * ```
   */
  channel<T = unknown>(name: string): AppSyncChannel<T> {
    return {
      name,
      subscribe: (subscriber) => {
        const inner: Channel<T> = this.connection.channel<T>(appSyncChannel(name, 'subscribe'));
        return inner.subscribe(subscriber);
      },
      publish: (...events) => this.publish(name, events),
    };
  }

  /**
   * Publishes over the WebSocket. Any number of events: they are split into requests of at
   * most 5 events and 1.2 MB, sent in order, and the per-event results are merged with
   * indices into `events`. While disconnected the requests wait in the outbox.
   *
   * @example
   * ```ts
   * const { failed } = await client.publish('/default/room', messages);
   * for (const f of failed) retryLater(messages[f.index]);
   * ```
   */
  async publish(channel: string, events: readonly unknown[], options: AppSyncPublishOptions = {}): Promise<AppSyncPublishResult> {
    const normal = appSyncChannel(channel, 'publish');
    const chunks = splitIntoRequests(normal, encodeEvents(events));
    const context: AppSyncPublishContext = { encoded: true, ...(options.auth ? { auth: options.auth } : {}) };
    const settled = await Promise.allSettled(
      chunks.map(({ offset, events: chunk }) =>
        this.connection.publish(normal, chunk, context).then((ack) => publishResult((ack.detail ?? {}) as AppSyncPublishResult, offset)),
      ),
    );
    return merge(settled, chunks.length);
  }

  /**
   * Publishes over HTTP (`POST /event`), no socket needed: for servers, or to publish without
   * subscribing. Same splitting and per-event results as {@link publish}; requests are sent
   * one after another so order is kept.
   *
   * @example
   * ```ts
   * await client.post('/default/alerts', [{ level: 'info', text: 'deployed' }]);
   * ```
   */
  async post(channel: string, events: readonly unknown[], options: AppSyncPublishOptions = {}): Promise<AppSyncPublishResult> {
    const normal = appSyncChannel(channel, 'publish');
    const chunks = splitIntoRequests(normal, encodeEvents(events));
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    if (!fetchImpl) throw new ChannelKitError('INVALID_ARGUMENT', 'no fetch implementation: pass the `fetch` option');
    const auth = options.auth ?? appSyncAuthFor(this.#options, normal, 'publish');
    const settled: Array<PromiseSettledResult<AppSyncPublishResult>> = [];
    for (const { offset, events: chunk } of chunks) {
      try {
        settled.push({ status: 'fulfilled', value: await postEvents({ endpoints: this.endpoints, auth, fetch: fetchImpl, secrets: this.#secrets }, normal, chunk, offset) });
      } catch (error) {
        settled.push({ status: 'rejected', reason: error instanceof Error ? this.#secrets.scrub(error) : error });
        break;
      }
    }
    return merge(settled, chunks.length);
  }
}

/**
 * Joins per-request results. If a request failed as a whole, rejects with its error, with the
 * per-event results of the requests that did succeed in `details.partial`.
 */
function merge(settled: Array<PromiseSettledResult<AppSyncPublishResult>>, requests: number): AppSyncPublishResult {
  const result: AppSyncPublishResult = { successful: [], failed: [] };
  let failure: unknown;
  for (const s of settled) {
    if (s.status === 'fulfilled') {
      result.successful.push(...s.value.successful);
      result.failed.push(...s.value.failed);
    } else failure ??= s.reason;
  }
  if (failure !== undefined) {
    if (failure instanceof ChannelKitError && requests > 1) Object.assign(failure.details, { partial: result });
    throw failure;
  }
  return result;
}

/**
 * Creates an {@link AppSyncEventsClient}.
 *
 * @example
 * ```ts
 * import { createAppSyncEventsClient, apiKeyAuth } from '@channelkit/transport/appsync-events';
 * const client = createAppSyncEventsClient({
 *   httpEndpoint: 'https://abc.appsync-api.us-east-1.amazonaws.com/event',
 *   auth: apiKeyAuth('da2-…'),
 * });
 * ```
 */
export function createAppSyncEventsClient(options: AppSyncEventsClientOptions): AppSyncEventsClient {
  return new AppSyncEventsClient(options);
}
