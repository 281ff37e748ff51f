// Public surface of `@channelkit/transport`: the uniform client, its types, the backend seam,
// errors and injectable environment pieces. Backends live on their own subpaths
// (`/appsync-events`, `/apigw`), SigV4 on `/sigv4`, so an app ships only what it uses.
// Building blocks with no stability promise are on `@channelkit/transport/internal`.
export { createClient, type ClientOptions } from './client/createClient.js';
export type { RealtimeClient, PublishOptions } from './client/RealtimeClient.js';
export type { Channel } from './client/Channel.js';
export type { Capabilities } from './client/Capabilities.js';
export { allSuccessful, mergePublishResults, type PublishResult } from './client/PublishResult.js';
export type { ChannelDirectory, ChannelFacets, ChannelSummary, ClientFacets, HistoryFacet, HistoryListOptions, HistoryPage, PresenceFacet, StorageFacet } from './client/ChannelFacets.js';
export type { ConnectionOptions } from './connection/ConnectionOptions.js';
export type { ChannelSubscriber, EventMeta } from './connection/ChannelRegistry.js';
export { IDLE_CHANNEL_STATE, type ChannelState, type ChannelStateStore } from './connection/ChannelStateStore.js';
export type { UnroutedEvent } from './connection/Subscriptions.js';
export type { ConnectionSnapshot, ConnectionState, ConnectionStatus, StatusStore } from './connection/ConnectionStatus.js';
export { defaultClosePolicy } from './connection/defaultClosePolicy.js';
export { DEFAULT_OUTBOX_BOUNDS, type OutboxBounds } from './connection/Outbox.js';
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
export { browserNetworkSignal, browserVisibilitySignal, type EnvironmentSignal } from './connection/signals.js';
export type { WebSocketConstructor, WebSocketHandler, WebSocketLike } from './connection/WebSocketLike.js';
export { ChannelKitError, type ChannelKitErrorOptions, type ErrorCode } from './errors/ChannelKitError.js';
export { AuthError, ConnectionError, InvalidChannelError, LimitExceededError, OutboxFullError, ProtocolError } from './errors/errors.js';
export { createRedactor, redact, type Redactor } from './errors/redact.js';
export { DEFAULT_BACKOFF, type BackoffPolicy } from './lib/backoff.js';
export { consoleLogger, silentLogger, type Logger, type LogLevel } from './lib/logger.js';
export { createPlatform, defaultPlatform, type Platform, type TimerHandle } from './lib/platform.js';
export { safeJsonStringify } from './lib/safeJsonStringify.js';
export { invalidArgument } from './lib/invalidArgument.js';
