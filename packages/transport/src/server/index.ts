// Public surface of `@channelkit/transport/server`: no socket, no React, no Node APIs.
export { ConnectionsClient, type ConnectionData, type ConnectionInfo, type ConnectionsClientOptions, type FanOutResult } from './ConnectionsClient.js';
export { ConnectionGoneError } from './ConnectionGoneError.js';
