import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers a WebSocket upgrade request with a plain HTTP error instead of switching protocols,
 * as a refused handshake looks to clients (`Unexpected server response: 401`).
 *
 * @example
 * ```ts
 * if (!authorized) return refuseUpgrade(socket, 401);
 * ```
 */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed || !socket.writable) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}
