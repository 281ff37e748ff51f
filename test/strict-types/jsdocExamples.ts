// The @example blocks of WebSocketLike.ts, verbatim apart from the wrapping, so they keep compiling.
import type { WebSocketConstructor } from '@channelkit/transport';
import { WebSocket as NodeWebSocket } from 'ws';
// Not yet re-exported by the package index (see the h2-errors report).
import type { WebSocketHandler } from '../../packages/transport/src/connection/WebSocketLike.js';

export const onclose: WebSocketHandler = (event) => console.log(event.code, event.reason);

export const Ctor: WebSocketConstructor = typeof WebSocket === 'function' ? WebSocket : NodeWebSocket;
