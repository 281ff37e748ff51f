// Public surface of `@channelkit/transport`. SigV4 lives at `@channelkit/transport/sigv4` so
// apps that never sign do not ship it.
export { Connection, createConnection, type Channel, type ConnectionOptions, type PublishAck, type StatusStore } from './connection/Connection.js';
export type { ChannelSubscriber, EventMeta } from './connection/ChannelRegistry.js';
export { toPublicStatus, type ConnectionSnapshot, type ConnectionState, type ConnectionStatus } from './connection/ConnectionStatus.js';
export { defaultClosePolicy } from './connection/defaultClosePolicy.js';
export { KeepAliveWatchdog } from './connection/KeepAliveWatchdog.js';
export { DEFAULT_OUTBOX_BOUNDS, Outbox, type OutboxBounds, type OutboxEntry } from './connection/Outbox.js';
export type {
  CloseDecision,
  CloseInfo,
  ConnectContext,
  InboundFrame,
  Liveness,
  ProtocolAdapter,
  WirePublish,
  WireSubscription,
} from './connection/ProtocolAdapter.js';
export { browserNetworkSignal, browserVisibilitySignal, type EnvironmentSignal } from './connection/signals.js';
export { utf8Length } from './connection/utf8Length.js';
export type { WebSocketConstructor, WebSocketLike } from './connection/WebSocketLike.js';
export { ChannelKitError, type ChannelKitErrorOptions, type ErrorCode } from './errors/ChannelKitError.js';
export { AuthError, ConnectionError, InvalidChannelError, LimitExceededError, OutboxFullError, ProtocolError } from './errors/errors.js';
export { createRedactor, redact, type Redactor } from './errors/redact.js';
export { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './lib/backoff.js';
export { base64UrlEncode } from './lib/base64url.js';
export { createEmitter, type Emitter } from './lib/emitter.js';
export { StateMachine, type FsmConfig, type FsmEvent, type FsmStateConfig, type FsmTransition, type FsmTransitionInfo } from './lib/fsm.js';
export { randomId } from './lib/ids.js';
export { consoleLogger, redactingLogger, silentLogger, type Logger, type LogLevel } from './lib/logger.js';
export { defaultPlatform, type Platform, type TimerHandle } from './lib/platform.js';
