// Public surface of `@channelkit/transport/server`: no socket, no React, no Node APIs.

export { ConnectionGoneError } from './ConnectionGoneError.js';
export { type ConnectionData, type ConnectionInfo, ConnectionsClient, type ConnectionsClientOptions, type FanOutResult } from './ConnectionsClient.js';
