// The WebSocketLike @example, verbatim: `ws`'s default export is the WebSocket class.
import type { WebSocketLike } from '@channelkit/transport';
import WebSocket from 'ws';

export const socket: WebSocketLike = new WebSocket('wss://example.com', ['aws-appsync-event-ws']);
