import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BackendContext } from '../core/BackendPlugin.js';
import { decodePathSegment } from '../core/decodePathSegment.js';
import { jsonText } from '../core/jsonText.js';
import { refuseUpgrade } from '../core/refuseUpgrade.js';
import { requestTarget } from '../core/requestTarget.js';
import { HotsockHub } from './HotsockHub.js';
import { handleHotsockHttp } from './hotsockHttp.js';
import { type Conn, HotsockRefusal } from './model.js';
import type { ResolvedHotsockOptions } from './options.js';
import type { Claims } from './permissions.js';

/** API Gateway's WebSocket message limit: larger messages close the socket with 1009. */
const MESSAGE_BYTES = 128 * 1024;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The `token` query parameter exactly as sent: percent-decoded, but `+` stays `+` (spec §2.1). */
function rawToken(url: string | undefined): string | undefined {
  const q = (url ?? '').indexOf('?');
  if (q < 0) return undefined;
  for (const part of (url ?? '').slice(q + 1).split('&')) {
    if (!part.startsWith('token=')) continue;
    try {
      return decodeURIComponent(part.slice(6));
    } catch {
      return part.slice(6);
    }
  }
  return undefined;
}

/**
 * The emulated Hotsock WebSocket endpoint (spec §2, §4, §6): JWT-checked upgrades (refused with
 * 401/403, never accepted-then-closed), `hotsock.connected` first, autoSubscribe, every client
 * command in arrival order, idle and maximum-duration closes (1001), `keepAlive` frames,
 * `heartbeatTimeout` enforcement (close 1000, an emulator choice), and the emulator's faults.
 * HTTP requests on the same port go to the Client HTTP API, server publish and admin API.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 0 });
 * emulator.hotsock.hub.publish(undefined, { channel: 'room', event: 'welcome', data: 'hi', store: -1 });
 * ```
 */
export class HotsockServer {
  readonly hub: HotsockHub;
  readonly options: ResolvedHotsockOptions;
  readonly #context: BackendContext;
  readonly #sockets = new Map<string, WebSocket>();
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MESSAGE_BYTES, handleProtocols: () => false });

  constructor(options: ResolvedHotsockOptions, context: BackendContext) {
    this.options = options;
    this.#context = context;
    this.hub = new HotsockHub(options, context);
  }

  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return handleHotsockHttp(this.hub, this.options, req, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const faults = this.#context.faults;
    const target = requestTarget(req.url);
    if (!target || decodePathSegment(target.path) === undefined) return refuseUpgrade(socket, 400);
    if (target.path.replace(/\/$/, '') !== `/${this.options.stage}`) return refuseUpgrade(socket, 404);
    const refused = faults.active('hotsock', 'refuseHandshake');
    if (refused) return refuseUpgrade(socket, refused.code ?? 503);
    if (faults.active('hotsock', 'rejectAuth')) return refuseUpgrade(socket, 401);
    const verdict = this.hub.verify(rawToken(req.url), 'connect');
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status);
    const delay = faults.active('hotsock', 'delayHandshake')?.durationMs ?? 0;
    const upgrade = () => {
      if (socket.destroyed) return;
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, verdict.claims));
    };
    if (delay > 0) setTimeout(upgrade, delay);
    else upgrade();
  }

  #accept(ws: WebSocket, claims: Claims): void {
    const hub = this.hub;
    const now = hub.now();
    const id = `${randomBytes(11).toString('base64url').slice(0, 15)}=`;
    const secret = Array.from(randomBytes(20), (b) => ALNUM[b % ALNUM.length]).join('');
    let keepAliveStopped = !!this.#context.faults.active('hotsock', 'stopKeepAlive');
    const timers: NodeJS.Timeout[] = [];
    let idle: NodeJS.Timeout | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    const close = (code: number, reason: string) => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    };
    const conn: Conn = {
      id,
      secret,
      claims,
      uid: typeof claims.uid === 'string' ? claims.uid : null,
      umd: claims.umd ?? null,
      connectedAt: now,
      subs: new Map(),
      send: (frame) => {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(jsonText(frame));
        touch();
      },
      close,
    };
    // The idle timer counts traffic in either direction (API Gateway's 10 minutes).
    const touch = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => close(1001, 'Going away'), this.options.idleTimeoutMs);
    };
    const heartbeatMs = typeof claims.heartbeatTimeout === 'number' && claims.heartbeatTimeout >= 5 && claims.heartbeatTimeout <= 600 ? claims.heartbeatTimeout * 1000 : undefined;
    const armHeartbeat = () => {
      if (heartbeatMs === undefined) return;
      if (heartbeat) clearTimeout(heartbeat);
      heartbeat = setTimeout(() => close(1000, 'heartbeat timeout'), heartbeatMs);
    };
    // Registered before any frame is read: commands sent right after `onopen` find the connection.
    hub.conns.set(id, conn);
    this.#sockets.set(id, ws);
    this.#context.registry.add({
      backend: 'hotsock',
      connectionId: id,
      connectedAt: now,
      channels: () => [...conn.subs.keys()],
      drop: () => ws.terminate(),
      close: (code, reason) => close(code, reason),
      sendGarbage: () => ws.readyState === ws.OPEN && ws.send('\u0000not json'),
      stopKeepAlive: () => {
        keepAliveStopped = true;
      },
    });
    timers.push(setTimeout(() => close(1001, 'Going away'), this.options.maxConnectionMs));
    if (claims.keepAlive === true) timers.push(setInterval(() => !keepAliveStopped && conn.send({ event: 'hotsock.keepAlive', data: {} }), this.options.keepAliveIntervalMs));
    touch();
    armHeartbeat();
    const expiresAt = new Date(Math.floor((now + this.options.maxConnectionMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    conn.send({ event: 'hotsock.connected', data: { connectionId: id, connectionExpiresAt: expiresAt, connectionSecret: secret }, meta: { uid: conn.uid, umd: conn.umd } });
    this.#autoSubscribe(conn);

    ws.on('message', (raw, isBinary) => {
      touch();
      if (isBinary) return conn.send({ event: 'hotsock.error', error: { code: 'INVALID_MESSAGE', message: 'binary frames are not accepted' } });
      try {
        this.#command(conn, raw.toString(), { stopped: () => keepAliveStopped, heartbeat: armHeartbeat });
      } catch {
        // A bug must cost one error frame, not the process (a throw here is uncaught).
        conn.send({ event: 'hotsock.error', error: { code: 'INTERNAL_ERROR', message: 'the emulator failed to process this frame' } });
      }
    });
    ws.on('close', () => {
      for (const t of timers) clearTimeout(t);
      if (idle) clearTimeout(idle);
      if (heartbeat) clearTimeout(heartbeat);
      this.#sockets.delete(id);
      this.#context.registry.remove(id);
      hub.disconnect(conn);
    });
    // `ws` has already started the close with the status the error carries (1007 bad UTF-8,
    // 1009 too big, 1002 protocol); terminating here would race that close frame and leave the
    // client with 1006. Listening is still needed: an unheard 'error' kills the process.
    ws.on('error', () => {});
  }

  #autoSubscribe(conn: Conn): void {
    const channels = conn.claims.channels;
    if (channels === null || typeof channels !== 'object') return;
    for (const [key, d] of Object.entries(channels as Record<string, unknown>)) {
      if ((d as Record<string, unknown> | null)?.autoSubscribe !== true || key.includes('*') || key.startsWith('#regex:')) continue;
      this.#answer(conn, key, () => [this.hub.subscribe(conn, key, undefined, true), ...this.hub.observed(conn, key)]);
    }
  }

  /** Runs one command; a refusal becomes `hotsock.error` naming the channel as the client sent it. */
  #answer(conn: Conn, channel: unknown, run: () => Record<string, unknown>[] | undefined): void {
    try {
      for (const frame of run() ?? []) conn.send(frame);
    } catch (error) {
      if (!(error instanceof HotsockRefusal)) throw error;
      conn.send({ event: 'hotsock.error', ...(typeof channel === 'string' ? { channel } : {}), error: { code: error.code, message: error.message } });
    }
  }

  #command(conn: Conn, text: string, io: { stopped: () => boolean; heartbeat: () => void }): void {
    let m: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      m = parsed as Record<string, unknown>;
    } catch {
      return conn.send({ event: 'hotsock.error', error: { code: 'INVALID_MESSAGE', message: 'frames must be JSON objects' } });
    }
    const hub = this.hub;
    const channel = m.channel;
    const data = (m.data ?? undefined) as Record<string, unknown> | undefined;
    switch (m.event) {
      case 'hotsock.subscribe':
        return this.#answer(conn, channel, () => {
          const subscribed = hub.subscribe(conn, channel, data !== null && typeof data === 'object' ? data.token : undefined);
          return [subscribed, ...hub.observed(conn, subscribed.channel as string)];
        });
      case 'hotsock.unsubscribe':
        return this.#answer(conn, channel, () => [hub.unsubscribe(conn, channel)]);
      case 'hotsock.ping':
        // The docs sample's `data` is the string "{}"; sent exactly so.
        if (!io.stopped()) conn.send({ event: 'hotsock.pong', data: '{}' });
        return;
      case 'hotsock.heartbeat':
        return io.heartbeat();
      case 'hotsock.pong':
        return;
      case 'hotsock.channelStorageGet':
        return this.#answer(conn, channel, () => {
          const v = hub.storageGet(conn, channel, m.key);
          return [{ event: 'hotsock.channelStorageData', channel, key: m.key, data: v?.data ?? null, meta: v?.meta ?? null }];
        });
      case 'hotsock.channelStorageSet':
        return this.#answer(conn, channel, () => void hub.storageSet(conn, channel, m.key, m.data));
      case 'hotsock.messageReaction':
        return this.#answer(conn, channel, () => void hub.react(conn, channel, m.data));
      case 'hotsock.umdUpdate':
        return this.#answer(conn, channel, () => void hub.umdUpdate(conn, channel, data !== null && typeof data === 'object' ? data.token : undefined));
      default:
        if (typeof m.event !== 'string') return conn.send({ event: 'hotsock.error', error: { code: 'INVALID_MESSAGE', message: 'event must be a string' } });
        // Fire-and-forget for the sender; a refusal is reported (emulator-defined codes).
        return this.#answer(
          conn,
          channel,
          () => void hub.publish(conn, { channel, event: m.event, data: m.data, scheduleExpression: m.scheduleExpression, scheduleExpressionTimezone: m.scheduleExpressionTimezone }),
        );
    }
  }

  /** Drops every connection and forgets all state. */
  reset(): void {
    for (const ws of this.#sockets.values()) ws.terminate();
    this.hub.reset();
  }

  close(): void {
    this.reset();
    this.#wss.close();
  }
}
