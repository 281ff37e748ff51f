/**
 * A socket event handler. The parameter is `any` on purpose: every implementation types its
 * events differently (`ws`'s `WebSocket.MessageEvent`, the DOM's `MessageEvent` with a `this`
 * of `WebSocket`, React Native's `WebSocketCloseEvent` whose `code` is optional), and under
 * `strictFunctionTypes` a handler property with any concrete event type rejects all but one
 * of them. The transport reads only `data` (message), `code`/`reason` (close) and `message`
 * (error), and tolerates each being absent.
 *
 * @example
 * ```ts
 * const onclose: WebSocketHandler = (event) => console.log(event.code, event.reason);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: the one type every implementation's handler accepts; see above
export type WebSocketHandler = (event: any) => void;

/**
 * The subset of the WHATWG WebSocket the transport uses. Browsers' `WebSocket`, the `ws`
 * package's and React Native's satisfy it as they are: no cast needed under `strict`,
 * `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * const socket: WebSocketLike = new WebSocket('wss://example.com', ['aws-appsync-event-ws']);
 * ```
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** The subprotocol the server selected (React Native's type does not declare it). */
  readonly protocol?: string;
  binaryType?: string;
  // A method, not a function property: parameters of methods are compared bivariantly, so
  // implementations accepting more (Blob, Buffer, a callback) still fit. The transport sends text.
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: WebSocketHandler | null;
  onmessage: WebSocketHandler | null;
  onclose: WebSocketHandler | null;
  onerror: WebSocketHandler | null;
}

/**
 * A WebSocket class: `new WebSocket(url, protocols)`.
 *
 * @example
 * ```ts
 * import { WebSocket as NodeWebSocket } from 'ws';
 *
 * const Ctor: WebSocketConstructor = typeof WebSocket === 'function' ? WebSocket : NodeWebSocket;
 * ```
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;
