import type { Redactor } from '../errors/redact.js';
import type { CloseInfo } from './Backend.js';
import type { WebSocketConstructor, WebSocketLike } from './WebSocketLike.js';

const CONNECTING = 0;
const OPEN = 1;

/** What a {@link SocketSession} reports. None of these fire after `dispose()`. */
export interface SocketSessionHandlers {
  open(socketProtocol: string): void;
  message(data: unknown): void;
  close(info: Omit<CloseInfo, 'phase'>): void;
}

/**
 * One socket attempt. Disposing it detaches every handler, so whatever the old socket does
 * later (a late close, a buffered message) can never reach a newer attempt — this replaces
 * attempt counters and "is this stale?" checks scattered through the connection.
 *
 * @example
 * ```ts
 * const session = new SocketSession(WebSocket, url, protocols, { open, message, close }, redactor);
 * session.send('{"type":"connection_init"}');
 * session.dispose(1000, 'closed'); // nothing it does later reaches the handlers
 * ```
 */
export class SocketSession {
  readonly #socket: WebSocketLike;
  #disposed = false;
  #error: string | undefined;

  constructor(Ctor: WebSocketConstructor, url: string, protocols: string | string[] | undefined, handlers: SocketSessionHandlers, redactor: Redactor) {
    const socket = new Ctor(url, protocols);
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (!this.#disposed) handlers.open(socket.protocol ?? '');
    };
    const emitter = socket as unknown as { on?: (type: 'message', fn: (data: unknown, isBinary: boolean) => void) => void };
    if (typeof emitter.on === 'function') {
      // The `ws` package (Node): its EventEmitter API skips building a MessageEvent per
      // frame, measurably cheaper on the receive path.
      emitter.on('message', (data, isBinary) => {
        if (!this.#disposed) handlers.message(isBinary ? data : String(data));
      });
    } else {
      socket.onmessage = (event) => {
        if (!this.#disposed) handlers.message(event.data);
      };
    }
    socket.onerror = (event) => {
      const e = event as { message?: unknown; error?: { message?: unknown } } | undefined;
      const message = e?.message ?? e?.error?.message;
      if (typeof message === 'string') this.#error = redactor.text(message);
    };
    socket.onclose = (event) => {
      if (this.#disposed) return;
      this.#disposed = true;
      handlers.close({ code: event.code, reason: event.reason ?? '', ...(this.#error ? { error: this.#error } : {}) });
    };
  }

  /** Writes a frame; false when the socket is not open or refused it. */
  send(frame: string): boolean {
    if (this.#disposed || this.#socket.readyState !== OPEN) return false;
    try {
      this.#socket.send(frame);
      return true;
    } catch {
      return false;
    }
  }

  /** Detaches every handler and closes the socket if it is still open or opening. */
  dispose(code: number, reason: string): void {
    this.#disposed = true;
    const socket = this.#socket;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Keep a listener: with `ws`, an 'error' event without one is an uncaught exception.
    socket.onerror = () => {};
    if (socket.readyState === OPEN || socket.readyState === CONNECTING) {
      try {
        socket.close(code, reason);
      } catch {
        // Closing a socket that never opened may throw in some runtimes; it is gone either way.
      }
    }
  }
}
