// `@channelkit/transport/internal`: the building blocks the client is made of, for backend
// authors and ChannelKit's own packages. UNSTABLE: anything here may change in a minor release.

export { type ChannelEntry, ChannelRegistry } from './connection/ChannelRegistry.js';
export { ChannelStateCell } from './connection/ChannelStateStore.js';
export { Connection } from './connection/Connection.js';
export { toPublicStatus } from './connection/ConnectionStatus.js';
export { KeepAliveWatchdog } from './connection/KeepAliveWatchdog.js';
export { Outbox, type OutboxEntry } from './connection/Outbox.js';
export { PublishPipeline } from './connection/PublishPipeline.js';
export { type SendItem, SendQueue } from './connection/SendQueue.js';
export { SocketSession } from './connection/SocketSession.js';
export { Subscriptions } from './connection/Subscriptions.js';
export { Backoff } from './lib/backoff.js';
export { base64UrlEncode } from './lib/base64url.js';
export { createEmitter, type Emitter } from './lib/emitter.js';
export { type FsmConfig, type FsmEvent, type FsmStateConfig, type FsmTransition, type FsmTransitionInfo, StateMachine } from './lib/fsm.js';
export { randomId } from './lib/ids.js';
export { redactingLogger } from './lib/logger.js';
export { utf8Length } from './lib/utf8Length.js';
