import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** An HTTP answer as the tests see it. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  reusedSocket: boolean;
}

/**
 * One HTTP request with a deadline (a hang is a failure, not a stuck test). The body may be
 * any bytes; `agent` lets tests reuse one kept-alive connection.
 */
export function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent; path?: string; timeoutMs?: number } = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: init.method ?? 'GET', path: init.path ?? `${u.pathname}${u.search}`, headers: init.headers, agent: init.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, reusedSocket: req.reusedSocket });
      });
    });
    req.setTimeout(init.timeoutMs ?? 5000, () => req.destroy(new Error(`no answer within ${init.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A keep-alive agent with one socket, so consecutive requests share a connection. */
export function oneConnection(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

/**
 * Writes raw bytes to host:port and resolves with everything received until the peer closes,
 * one complete response head arrived, or `waitMs` passes (for hostile request lines no HTTP
 * client would send). `waitMs` is a deadline, not a delay: an answer ends the wait at once, so
 * it is generous (a loaded machine must not turn a slow answer into "no answer").
 */
export function rawExchange(port: number, data: string | Buffer, waitMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One complete response head is the answer (a 101 would otherwise stay open).
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setImmediate(done);
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (e) => (chunks.length ? done() : reject(e)));
    socket.write(data);
  });
}

/** The status code of the first HTTP response line in `text`, or 0. */
export function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

/** A raw upgrade request for `target` with optional subprotocols. */
export function upgradeRequest(port: number, target: string, protocols: string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(protocols.length ? [`Sec-WebSocket-Protocol: ${protocols.join(', ')}`] : []),
    '',
    '',
  ].join('\r\n');
}

/**
 * Opens a WebSocket by hand (so the test can then send frames no client library would) and
 * resolves with the socket once the 101 arrived, plus everything received after it.
 */
export function rawWebSocket(port: number, target: string, protocols: string[] = []): Promise<{ socket: Socket; received: () => Buffer; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let closed = false;
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      if (!upgraded) reject(new Error(`closed before the upgrade: ${buffer.toString('latin1')}`));
    });
    socket.on('data', (c: Buffer) => {
      buffer = Buffer.concat([buffer, c]);
      if (upgraded) return;
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      if (statusOf(head) !== 101) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      upgraded = true;
      buffer = buffer.subarray(end + 4);
      resolve({ socket, received: () => buffer, closed: () => closed });
    });
    socket.write(upgradeRequest(port, target, protocols));
  });
}

/** One WebSocket frame; client frames must be masked, so `mask: false` is a protocol violation. */
export function frame(opcode: number, payload: Buffer, options: { mask?: boolean; declaredLength?: number } = {}): Buffer {
  const mask = options.mask ?? true;
  const length = options.declaredLength ?? payload.length;
  let head: Buffer;
  if (length < 126) head = Buffer.from([0x80 | opcode, (mask ? 0x80 : 0) | length]);
  else if (length < 65_536) {
    head = Buffer.alloc(4);
    head.writeUInt8(0x80 | opcode, 0);
    head.writeUInt8((mask ? 0x80 : 0) | 126, 1);
    head.writeUInt16BE(length, 2);
  } else {
    head = Buffer.alloc(10);
    head.writeUInt8(0x80 | opcode, 0);
    head.writeUInt8((mask ? 0x80 : 0) | 127, 1);
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!mask) return Buffer.concat([head, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([head, key, masked]);
}

/** `n`-deep nested arrays as JSON text (`[[[…]]]`), built without recursion. */
export function deep(n: number): string {
  return `${'['.repeat(n)}${']'.repeat(n)}`;
}
