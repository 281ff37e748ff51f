// Public surface of `@channelkit/server`: the API Gateway channel router and its stores.

export type { ApiGatewayProxyResult, ApiGatewayWebSocketEvent } from './ApiGatewayWebSocketEvent.js';
export type { ChannelStore, ConnectionIdentity, StoredConnection, StoredSubscription } from './ChannelStore.js';
export { type AuthorizeRequest, type ChannelRouter, type ChannelRouterOptions, createChannelRouter } from './createChannelRouter.js';
export { defaultIdentify } from './defaultIdentify.js';
export { type MemoryStore, memoryStore } from './memoryStore.js';
