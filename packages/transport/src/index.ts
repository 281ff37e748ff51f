// Public surface of `@channelkit/transport`: the uniform client, its types, the backend seam,
// errors and injectable environment pieces. Backends live on their own subpaths
// (`/appsync-events`, `/apigw`), SigV4 on `/sigv4`, so an app ships only what it uses.
// Building blocks with no stability promise are on `@channelkit/transport/internal`.

export type { Capabilities } from './client/Capabilities.js';
export type { Channel } from './client/Channel.js';
export type {
  ChannelDirectory,
  ChannelFacets,
  ChannelSummary,
  ClientFacets,
  HistoryFacet,
  HistoryListOptions,
  HistoryPage,
  MessagesFacet,
  PresenceFacet,
  StorageFacet,
} from './client/ChannelFacets.js';
export { type ClientOptions, createClient } from './client/createClient.js';
export { allSuccessful, mergePublishResults, type PublishResult } from './client/PublishResult.js';
export type { PublishOptions, RealtimeClient } from './client/RealtimeClient.js';
export type {
  Backend,
  CloseDecision,
  CloseInfo,
  ConnectContext,
  FacetContext,
  HttpPublish,
  InboundFrame,
  Liveness,
  PresenceMember,
  PublishBatch,
  Recovery,
  Session,
  WirePublish,
  WireSubscription,
} from './connection/Backend.js';
export type { ChannelSubscriber, EventMeta } from './connection/ChannelRegistry.js';
export { type ChannelState, type ChannelStateStore, IDLE_CHANNEL_STATE } from './connection/ChannelStateStore.js';
export type { ConnectionOptions } from './connection/ConnectionOptions.js';
export type { ConnectionSnapshot, ConnectionState, ConnectionStatus, StatusStore } from './connection/ConnectionStatus.js';
export { defaultClosePolicy } from './connection/defaultClosePolicy.js';
export type { MessageSender } from './connection/MessageSender.js';
export { DEFAULT_OUTBOX_BOUNDS, type OutboxBounds } from './connection/Outbox.js';
export type { UnroutedEvent } from './connection/Subscriptions.js';
export { browserNetworkSignal, browserVisibilitySignal, type EnvironmentSignal } from './connection/signals.js';
export type { WebSocketConstructor, WebSocketHandler, WebSocketLike } from './connection/WebSocketLike.js';
export { ChannelKitError, type ChannelKitErrorOptions, type ErrorCode } from './errors/ChannelKitError.js';
export { AuthError, ConnectionError, InvalidChannelError, LimitExceededError, OutboxFullError, ProtocolError } from './errors/errors.js';
export { createRedactor, type Redactor, redact } from './errors/redact.js';
export { type BackoffPolicy, DEFAULT_BACKOFF } from './lib/backoff.js';
export { invalidArgument } from './lib/invalidArgument.js';
export { consoleLogger, type Logger, type LogLevel, silentLogger } from './lib/logger.js';
export { createPlatform, defaultPlatform, type Platform, type TimerHandle } from './lib/platform.js';
export { safeJsonStringify } from './lib/safeJsonStringify.js';
