/**
 * The subset of the WHATWG WebSocket the transport uses. Browsers' `WebSocket`, React
 * Native's, and the `ws` package all satisfy it.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * createConnection({ protocol, WebSocket: WebSocket as unknown as WebSocketConstructor });
 * ```
 */
export interface WebSocketLike {
  readonly readyState: number;
  /** The subprotocol the server selected. */
  readonly protocol: string;
  binaryType: string;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean?: boolean }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/**
 * A WebSocket class: `new WebSocket(url, protocols)`.
 *
 * @example
 * ```ts
 * const Ctor: WebSocketConstructor = globalThis.WebSocket;
 * ```
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;
