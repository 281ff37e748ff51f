import type { StatusStore } from '../connection/ConnectionStatus.js';
import type { UnroutedEvent } from '../connection/Subscriptions.js';
import type { ChannelKitError } from '../errors/ChannelKitError.js';
import type { Capabilities } from './Capabilities.js';
import type { Channel } from './Channel.js';
import type { ChannelDirectory } from './ChannelFacets.js';
import type { PublishResult } from './PublishResult.js';

/**
 * Options of one {@link RealtimeClient.publish} call.
 *
 * @example
 * ```ts
 * await client.publish('/default/alerts', [alert], { via: 'http', context: { auth: iamAuth(opts) } });
 * ```
 */
export interface PublishOptions {
  /** Override the backend's default publish path (where `capabilities.publish` is `both`). */
  via?: 'socket' | 'http';
  /** Backend-specific options of this publish (AppSync Events: `{ auth }`). */
  context?: unknown;
}

/**
 * One realtime connection to one backend, the same surface for every backend. Create it with
 * `createClient({ backend })`; nothing touches the network until `connect()` or the first
 * subscribe or publish.
 *
 * @example
 * ```ts
 * async function sendGreeting(client: RealtimeClient, channel: string) {
 *   const room = client.channel<{ text: string }>(channel);
 *   const release = room.subscribe((m) => console.log('got', m.text));
 *   await room.publish({ text: 'hello' });
 *   release();
 * }
 * ```
 */
export interface RealtimeClient {
  /** The backend's name (`appsync-events`, `apigw` …). */
  readonly backend: string;
  readonly capabilities: Capabilities;
  /** Connection status as a `useSyncExternalStore` store. */
  readonly status: StatusStore;
  /** Connects now (no-op unless idle, closed or failed: also how to retry after `failed`). */
  connect(): void;
  /** Closes the socket and stops reconnecting; pending publishes reject with CONNECTION_CLOSED. */
  close(): void;
  /** Non-fatal errors: garbage frames, server error frames, throwing listeners. */
  onError(listener: (error: ChannelKitError) => void): () => void;
  /** Events for channels nobody subscribed to. */
  onUnrouted(listener: (event: UnroutedEvent) => void): () => void;
  /**
   * The user's channel list where the backend keeps one (Chime: memberships, prefetch, read
   * markers); undefined elsewhere.
   */
  readonly directory?: ChannelDirectory | undefined;
  /** The handle of a channel (validated and normalised; throws INVALID_CHANNEL). */
  channel<T = unknown>(name: string): Channel<T>;
  /** Publishes events to a channel; see {@link Channel.publish}. */
  publish<T = unknown>(channel: string, events: readonly T[], options?: PublishOptions): Promise<PublishResult>;
}
