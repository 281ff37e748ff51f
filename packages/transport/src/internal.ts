// `@channelkit/transport/internal`: the building blocks the client is made of, for backend
// authors and ChannelKit's own packages. UNSTABLE: anything here may change in a minor release.
export { Connection } from './connection/Connection.js';
export { ChannelRegistry, type ChannelEntry } from './connection/ChannelRegistry.js';
export { ChannelStateCell } from './connection/ChannelStateStore.js';
export { toPublicStatus } from './connection/ConnectionStatus.js';
export { KeepAliveWatchdog } from './connection/KeepAliveWatchdog.js';
export { Outbox, type OutboxEntry } from './connection/Outbox.js';
export { PublishPipeline } from './connection/PublishPipeline.js';
export { SendQueue, type SendItem } from './connection/SendQueue.js';
export { SocketSession } from './connection/SocketSession.js';
export { Subscriptions } from './connection/Subscriptions.js';
export { Backoff } from './lib/backoff.js';
export { base64UrlEncode } from './lib/base64url.js';
export { createEmitter, type Emitter } from './lib/emitter.js';
export { StateMachine, type FsmConfig, type FsmEvent, type FsmStateConfig, type FsmTransition, type FsmTransitionInfo } from './lib/fsm.js';
export { randomId } from './lib/ids.js';
export { redactingLogger } from './lib/logger.js';
export { utf8Length } from './lib/utf8Length.js';
