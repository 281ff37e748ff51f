// Compiled by ../strict-types.test.ts with the strictest flags apps use: every WebSocket
// implementation below must satisfy WebSocketConstructor as it is, without a cast (issue 9.2).
import { type ClientOptions, createClient, type WebSocketConstructor, type WebSocketLike } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import NodeWebSocketDefault, { WebSocket as NodeWebSocket } from 'ws';

export const fromWs: WebSocketConstructor = NodeWebSocket;
export const fromWsDefault: WebSocketConstructor = NodeWebSocketDefault;
export const fromDom: WebSocketConstructor = globalThis.WebSocket;
export const fromDomGlobal: WebSocketConstructor = WebSocket;
export const instance: WebSocketLike = new NodeWebSocket('ws://127.0.0.1:1', ['aws-appsync-event-ws'], { handshakeTimeout: 1 });

// React Native's global WebSocket exactly as its type declarations describe it (react-native
// globals.d.ts): no `protocol` or `binaryType` declared, which the transport tolerates.
interface RNMessageEvent extends Event {
  // biome-ignore lint/suspicious/noExplicitAny: as React Native declares it
  data?: any;
}
interface RNErrorEvent extends Event {
  message: string;
}
interface RNCloseEvent extends Event {
  code?: number | undefined;
  reason?: string | undefined;
  message?: string | undefined;
}
interface RNWebSocket extends EventTarget {
  readonly readyState: number;
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void;
  close(code?: number, reason?: string): void;
  ping(): void;
  onopen: (() => void) | null;
  onmessage: ((event: RNMessageEvent) => void) | null;
  onerror: ((event: RNErrorEvent) => void) | null;
  onclose: ((event: RNCloseEvent) => void) | null;
}
declare const RNWebSocketClass: {
  prototype: RNWebSocket;
  // biome-ignore lint/suspicious/noExplicitAny: as React Native declares it
  new (uri: string, protocols?: string | string[] | null, options?: { headers: { [headerName: string]: string }; [optionName: string]: any } | null): RNWebSocket;
  readonly OPEN: number;
};
export const fromReactNative: WebSocketConstructor = RNWebSocketClass;

// Where users pass it.
export const client = createClient({ backend: appSyncEvents({ httpEndpoint: 'http://127.0.0.1:4011/event', auth: apiKeyAuth('da2-example') }), WebSocket: NodeWebSocket });
export const viaDom = createClient({ backend: apiGatewayWebSocket({ url: 'wss://example.com/prod' }), WebSocket: globalThis.WebSocket });
export const viaReactNative = (options: Omit<ClientOptions, 'WebSocket'>) => createClient({ ...options, WebSocket: RNWebSocketClass });

// The type still means something: a class that is not a socket is refused.
// @ts-expect-error Date has no send/close/readyState
export const notASocket: WebSocketConstructor = Date;

// Optional options take an explicit `undefined` under exactOptionalPropertyTypes (apps write
// `WebSocket: isNode ? WS : undefined`), as the journey review found they did not.
declare const maybeWs: typeof NodeWebSocket | undefined;
declare const maybeNumber: number | undefined;
export const withUndefined = createClient({
  backend: appSyncEvents({ httpEndpoint: 'https://example.com/event', auth: apiKeyAuth('da2-x'), channelAuth: undefined, realtimeEndpoint: undefined }),
  WebSocket: maybeWs,
  logger: undefined,
  ackTimeoutMs: maybeNumber,
});
export const gatewayWithUndefined = apiGatewayWebSocket({ url: 'wss://example.com/prod', query: undefined, keepAliveIntervalMs: maybeNumber, iam: undefined });
