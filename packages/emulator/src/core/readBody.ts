import type { IncomingMessage } from 'node:http';

/** Past this many bytes the emulator stops draining and drops the connection. */
const DRAIN_CAP = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes. A larger body is drained and discarded (the
 * result is `undefined`, the caller answers 413): stopping mid-body would leave the rest of it
 * on a kept-alive connection, and the next request there would fail with ECONNRESET. A body
 * beyond 64 MB is not worth draining; that connection is destroyed.
 *
 * @example
 * ```ts
 * const body = await readBody(req, 1024 * 1024);
 * if (body === undefined) return reply(413, { error: 'body exceeds 1048576 bytes' });
 * ```
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_CAP) {
        req.socket.destroy();
        return resolve(undefined);
      }
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    // An aborted request has nobody to answer; resolving keeps the handler from hanging.
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(size > limit || !req.complete ? undefined : Buffer.concat(chunks)));
  });
}
