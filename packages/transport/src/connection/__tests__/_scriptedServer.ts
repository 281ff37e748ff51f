import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A real WebSocket server speaking the "lite" protocol (see `_liteProtocol.ts`): a small
 * pub/sub hub with named behaviours that tests (and the demo) switch on to exercise the
 * transport's edge cases over real sockets.
 */
export interface ScriptedBehaviour {
  /** Tokens accepted in `init`; others get an auth error and close 4401. Undefined = any. */
  validTokens?: ReadonlySet<string>;
  /** Refuse the HTTP upgrade with this status (401, 403, 429 …). */
  refuseUpgrade?: number;
  /** Keep-alive interval announced and sent; 0 = never send `ka`. */
  keepAliveMs: number;
  /** Announced keep-alive timeout (kaMs in the ack). */
  announcedTimeoutMs?: number;
  /** Do not answer `init` at all. */
  silentHandshake?: boolean;
}

export interface ScriptedServer {
  url: string;
  behaviour: ScriptedBehaviour;
  /** Every frame received, in order, with the connection number. */
  received: Array<{ conn: number; frame: Record<string, unknown> }>;
  /** Number of connections accepted so far. */
  readonly connectionCount: number;
  readonly openConnections: number;
  /** Kills every socket without a close frame (as a network drop does). */
  dropAll(): void;
  /** Closes every socket with a code. */
  closeAll(code: number, reason?: string): void;
  /** Sends a raw frame to every socket. */
  broadcastRaw(frame: string): void;
  close(): Promise<void>;
}

export async function startScriptedServer(initial: Partial<ScriptedBehaviour> = {}): Promise<ScriptedServer> {
  const behaviour: ScriptedBehaviour = { keepAliveMs: 1000, ...initial };
  const received: ScriptedServer['received'] = [];
  const subscriptions = new Map<string, Map<WebSocket, string>>(); // channel → socket → sub id
  let count = 0;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('lite') ? 'lite' : false),
    verifyClient: (_info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      if (behaviour.refuseUpgrade) done(false, behaviour.refuseUpgrade, 'refused');
      else done(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));

  wss.on('connection', (socket) => {
    const conn = ++count;
    sockets.add(socket);
    let ka: NodeJS.Timeout | undefined;
    const send = (frame: Record<string, unknown>) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame));
    socket.on('message', (raw) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(raw));
      } catch {
        return socket.close(1003, 'not json');
      }
      received.push({ conn, frame });
      switch (frame.type) {
        case 'init': {
          if (behaviour.silentHandshake) return;
          if (behaviour.validTokens && !behaviour.validTokens.has(String(frame.token))) {
            send({ type: 'error', message: 'Unauthorized', fatal: 'auth' });
            return socket.close(4401, 'Unauthorized');
          }
          send(behaviour.announcedTimeoutMs ? { type: 'ack', kaMs: behaviour.announcedTimeoutMs } : { type: 'ack' });
          if (behaviour.keepAliveMs > 0) ka = setInterval(() => send({ type: 'ka' }), behaviour.keepAliveMs);
          return;
        }
        case 'sub': {
          const channel = String(frame.channel);
          const subs = subscriptions.get(channel) ?? new Map<WebSocket, string>();
          subscriptions.set(channel, subs);
          subs.set(socket, String(frame.id));
          return send({ type: 'subscribed', id: frame.id });
        }
        case 'unsub':
          for (const subs of subscriptions.values()) if (subs.get(socket) === frame.id) subs.delete(socket);
          return;
        case 'pub': {
          const events = frame.events as unknown[];
          for (const [peer, id] of subscriptions.get(String(frame.channel)) ?? []) {
            for (const data of events) if (peer.readyState === peer.OPEN) peer.send(JSON.stringify({ type: 'data', id, data }));
          }
          return send({ type: 'published', id: frame.id });
        }
        case 'ping':
          return send({ type: 'pong' });
        default:
          return send({ type: 'error', message: `unknown type ${String(frame.type)}` });
      }
    });
    socket.on('close', () => {
      clearInterval(ka);
      sockets.delete(socket);
      for (const subs of subscriptions.values()) subs.delete(socket);
    });
  });

  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    behaviour,
    received,
    get connectionCount() {
      return count;
    },
    get openConnections() {
      return sockets.size;
    },
    dropAll: () => {
      for (const s of sockets) s.terminate();
    },
    closeAll: (code, reason) => {
      for (const s of sockets) s.close(code, reason);
    },
    broadcastRaw: (frame) => {
      for (const s of sockets) s.send(frame);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
}
