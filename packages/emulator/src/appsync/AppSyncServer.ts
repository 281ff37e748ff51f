import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BackendContext } from '../core/BackendPlugin.js';
import type { ConnectionRegistry } from '../core/ConnectionRegistry.js';
import type { FaultController } from '../core/FaultController.js';
import { preview } from '../core/preview.js';
import { readBody } from '../core/readBody.js';
import { refuseUpgrade } from '../core/refuseUpgrade.js';
import { requestTarget } from '../core/requestTarget.js';
import { type AuthResult, authorize } from './authorize.js';
import { type AppSyncIdentity, handlerContext, handlerFailure } from './handlers.js';
import type { AuthMode, PublishVerdict, ResolvedAppSyncOptions } from './options.js';
import { checkEvents, LIMITS, matches, OPERATION_ID, parseChannel } from './validate.js';

/**
 * Where the emulated API answers (filled in once the server listens).
 *
 * @example
 * ```ts
 * const { httpUrl, realtimeUrl }: AppSyncAddress = emulator.appsync.address;
 * ```
 */
export interface AppSyncAddress {
  httpUrl: string;
  realtimeUrl: string;
  /** `host[:port]` of the HTTP endpoint: what auth objects must name. */
  host: string;
}

interface Subscription {
  id: string;
  path: string;
  wildcard: boolean;
}

interface Session {
  id: string;
  ws: WebSocket;
  connectedAt: number;
  subscriptions: Map<string, Subscription>;
  keepAlive: NodeJS.Timeout | undefined;
  keepAliveStopped: boolean;
  lifetime: NodeJS.Timeout | undefined;
  publishTimes: number[];
}

const PROTOCOL = 'aws-appsync-event-ws';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type,x-api-key,authorization,x-amz-date,x-amz-security-token,x-amz-user-agent,x-amz-content-sha256,accept,content-encoding',
  'access-control-allow-methods': 'POST,OPTIONS',
  'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType',
};

/**
 * The emulated AWS AppSync Events API: the realtime WebSocket endpoint (`/event/realtime`,
 * subprotocol `aws-appsync-event-ws`) and HTTP publish (`POST /event`), with every auth mode
 * enforced, namespaces, wildcard routing, the documented limits and error shapes, `ka` at a
 * configurable interval, and the emulator's faults. Behaviour follows the AppSync Events
 * documentation (Event API WebSocket protocol, HTTP publish); choices it leaves open are marked
 * UNCONFIRMED inline.
 *
 * @example
 * ```ts
 * const appsync = new AppSyncServer(resolveAppSyncOptions(), { registry, faults });
 * httpServer.on('request', (req, res) => appsync.handleHttp(req, res));
 * httpServer.on('upgrade', (req, socket, head) => appsync.handleUpgrade(req, socket, head));
 * ```
 */
export class AppSyncServer {
  address: AppSyncAddress = { httpUrl: '', realtimeUrl: '', host: '' };
  readonly options: ResolvedAppSyncOptions;
  readonly #registry: ConnectionRegistry;
  readonly #faults: FaultController;
  readonly #sessions = new Map<string, Session>();
  readonly #wss = new WebSocketServer({
    noServer: true,
    // Frames up to the request limit plus JSON overhead; larger ones are a protocol violation.
    maxPayload: 4 * LIMITS.requestBytes,
    handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false),
  });

  constructor(options: ResolvedAppSyncOptions, context: BackendContext) {
    this.options = options;
    this.#registry = context.registry;
    this.#faults = context.faults;
  }

  // ── HTTP publish ───────────────────────────────────────────────────────────────────

  async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'x-amzn-requestid': randomUUID(), ...(errorType ? { 'x-amzn-errortype': errorType } : {}), ...CORS });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, errorType: string, message: string) => reply(status, { errors: [{ errorType, message }] }, errorType);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return void res.end();
    }
    const path = requestTarget(req.url)?.path;
    if (path === undefined) return error(400, 'BadRequestException', 'the request target is not a valid origin-form or absolute URL');
    if (path !== '/event') return error(404, 'NotFoundException', `no route ${req.method} ${path}; the Event API serves POST /event and /event/realtime`);
    if (req.method !== 'POST') return error(405, 'BadRequestException', 'Publishing is the only supported action over the endpoint (POST /event)');
    const raw = await readBody(req, LIMITS.requestBytes);
    if (raw === undefined) return error(413, 'BadRequestException', `request body exceeds the publish request limit of ${LIMITS.requestBytes} bytes`);
    const bodyText = raw.toString('utf8');
    let body: { channel?: unknown; events?: unknown };
    try {
      body = JSON.parse(bodyText);
    } catch {
      return error(400, 'BadRequestException', 'request body is not valid JSON');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return error(400, 'BadRequestException', `request body must be a JSON object {channel, events}, got ${preview(body)}`);
    const channel = parseChannel(body.channel, false);
    if (!channel) return error(400, 'BadRequestException', `invalid channel ${preview(body.channel)}: 1-5 segments of [A-Za-z0-9-] up to 50 characters, no wildcard`);
    const invalid = checkEvents(body.events);
    if (invalid) return error(400, 'BadRequestException', invalid);
    const ns = this.options.namespaces[channel.namespace];
    if (!ns) return error(404, 'ResourceNotFound', `Namespace not found: ${channel.namespace}`);
    const auth = this.#authorize(
      req.headers as Record<string, unknown>,
      ns.publishAuthModes ?? this.options.defaultPublishAuthModes,
      // The signature covers the path as sent (the query is not part of this API).
      { operation: 'publish', body: bodyText, httpHost: this.address.host, path, channel: channel.path },
    );
    if (!auth.ok) return error(auth.status, auth.errorType, auth.message);
    if (this.#faults.active('appsync', 'throttle')) return error(429, 'LimitExceededError', 'Rate exceeded');
    const published = this.#publish(channel.path, body.events as string[], auth.mode, auth.identity);
    // A handler's rejection fails the whole request: 403 for util.unauthorized(), else 400.
    if ('errorType' in published) return error(published.errorType === 'UnauthorizedException' ? 403 : 400, published.errorType, published.message);
    reply(200, published);
  }

  // ── WebSocket ──────────────────────────────────────────────────────────────────────

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number) => refuseUpgrade(socket, status);
    const path = requestTarget(req.url)?.path;
    if (path === undefined) return refuse(400);
    if (path !== '/event/realtime') return refuse(404);
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!offered.includes(PROTOCOL)) return refuse(400);
    const refused = this.#faults.active('appsync', 'refuseHandshake');
    if (refused) return refuse(refused.code ?? 503);
    // `ws` refuses '=' (not an RFC 6455 token character) with 400, yet the spec accepts a
    // padded `header-` (§7.1): hand it the list with padding stripped.
    req.headers['sec-websocket-protocol'] = offered.map((p) => (p.startsWith('header-') ? p.replace(/=+$/, '') : p)).join(', ');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, req, offered));
  }

  #onConnection(ws: WebSocket, req: IncomingMessage, offered: string[]): void {
    // First, before anything can fail: an invalid frame (bad UTF-8, unmasked, oversized)
    // arriving while an unauthorized socket is closing emits 'error'; unheard, it kills the process.
    ws.on('error', () => {});
    const session: Session = {
      id: randomUUID(),
      ws,
      connectedAt: this.options.now(),
      subscriptions: new Map(),
      keepAlive: undefined,
      keepAliveStopped: !!this.#faults.active('appsync', 'stopKeepAlive'),
      lifetime: undefined,
      publishTimes: [],
    };
    // Auth: the `header-` subprotocol first, else the upgrade request's own headers (the
    // Swift and Kotlin clients send headers).
    const encoded = offered.find((p) => p.startsWith('header-'));
    let authHeaders: Record<string, unknown> = req.headers as Record<string, unknown>;
    if (encoded) {
      try {
        // Padded base64url is accepted too (spec §7.1); Node's base64url decoder ignores '='.
        const parsed: unknown = JSON.parse(Buffer.from(encoded.slice('header-'.length), 'base64url').toString('utf8'));
        authHeaders = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      } catch {
        authHeaders = {};
      }
    }
    const auth = this.#authorize(authHeaders, this.options.connectionAuthModes, { operation: 'connect', body: '{}', httpHost: this.address.host, path: '/event' });
    if (!auth.ok) {
      // AWS accepts the upgrade, sends connection_error, then closes with 1000 (spec §2.1, §7.2).
      this.#send(ws, { type: 'connection_error', errors: [{ errorType: auth.errorType, message: auth.message }] });
      ws.close(1000, 'Unauthorized');
      return;
    }
    this.#sessions.set(session.id, session);
    this.#registry.add({
      backend: 'appsync',
      connectionId: session.id,
      connectedAt: session.connectedAt,
      channels: () => [...session.subscriptions.values()].map((s) => `/${s.path}${s.wildcard ? '/*' : ''}`),
      drop: () => ws.terminate(),
      close: (code, reason) => ws.close(code, reason),
      sendGarbage: () => ws.readyState === ws.OPEN && ws.send('\u0000garbage{not json'),
      stopKeepAlive: () => {
        session.keepAliveStopped = true;
        clearInterval(session.keepAlive);
      },
    });
    session.lifetime = setTimeout(() => ws.close(1000, 'Maximum connection duration reached'), this.options.maxConnectionDurationMs);
    ws.on('message', (data, isBinary) => {
      try {
        this.#onMessage(session, isBinary ? '' : data.toString());
      } catch {
        // A bug here must cost one frame, not the process (a listener's throw is uncaught).
        this.#send(ws, { type: 'error', errors: [{ errorType: 'InternalFailure', message: 'the emulator failed to process this frame' }] });
      }
    });
    ws.on('close', () => this.#forget(session));
  }

  #forget(session: Session): void {
    clearInterval(session.keepAlive);
    clearTimeout(session.lifetime);
    this.#sessions.delete(session.id);
    this.#registry.remove(session.id);
  }

  #onMessage(session: Session, text: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text);
      if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new TypeError('not an object');
    } catch {
      // UNCONFIRMED what AWS sends; errors never close the socket (spec §7.8, §7.10).
      return this.#send(session.ws, { type: 'error', errors: [{ errorType: 'InvalidInputError', message: 'Invalid JSON' }] });
    }
    const id = typeof m.id === 'string' ? m.id : undefined;
    switch (m.type) {
      case 'connection_init':
        return this.#onInit(session);
      case 'subscribe':
        this.#startKeepAlive(session); // EMU-DEFAULT: clients may skip connection_init.
        return this.#onSubscribe(session, m);
      case 'unsubscribe':
        if (id && session.subscriptions.delete(id)) return this.#send(session.ws, { type: 'unsubscribe_success', id });
        return this.#send(session.ws, {
          type: 'unsubscribe_error',
          ...(id ? { id } : {}),
          errors: [{ errorType: 'UnknownOperationError', message: `Unknown operation id ${typeof m.id === 'string' ? m.id.slice(0, 128) : preview(m.id)}` }],
        });
      case 'publish':
        this.#startKeepAlive(session);
        return this.#onPublish(session, m);
      default:
        return this.#send(session.ws, {
          type: 'error',
          ...(id ? { id } : {}),
          errors: [{ errorType: 'UnsupportedOperation', message: `WebSocket did not understand the operation ${preview(m.type)}` }],
        });
    }
  }

  #onInit(session: Session): void {
    const ack = () => {
      this.#send(session.ws, { type: 'connection_ack', connectionTimeoutMs: this.options.connectionTimeoutMs });
      this.#startKeepAlive(session);
    };
    const delay = this.#faults.active('appsync', 'delayHandshake');
    if (delay) setTimeout(ack, delay.durationMs ?? 0);
    else ack();
  }

  #startKeepAlive(session: Session): void {
    if (session.keepAlive || session.keepAliveStopped) return;
    // EMU-DEFAULT: one `ka` right after the ack, then every interval.
    const ka = () => {
      if (this.#faults.active('appsync', 'stopKeepAlive')) return;
      this.#send(session.ws, { type: 'ka' });
    };
    ka();
    session.keepAlive = setInterval(ka, this.options.keepAliveIntervalMs);
  }

  #onSubscribe(session: Session, m: Record<string, unknown>): void {
    const id = m.id;
    // Echo only a string id: anything else is attacker-shaped (and may be 20 000 levels deep).
    const fail = (errorType: string, message: string) => this.#send(session.ws, { type: 'subscribe_error', ...(typeof id === 'string' ? { id } : {}), errors: [{ errorType, message }] });
    if (typeof id !== 'string' || !OPERATION_ID.test(id)) return fail('BadRequestException', 'id must be 1-128 characters of [a-zA-Z0-9-_+]');
    // EMU-DEFAULT errorType for duplicates (AWS: "the subscription message is duplicated").
    if (session.subscriptions.has(id)) return fail('BadRequestException', `Subscription with id ${id} is duplicated`);
    const channel = parseChannel(m.channel, true);
    if (!channel) return fail('BadRequestException', `invalid channel ${preview(m.channel)}: 1-5 segments of [A-Za-z0-9-] up to 50 characters, optionally ending in /*`);
    const ns = this.options.namespaces[channel.namespace];
    if (!ns) return fail('ResourceNotFound', `Namespace not found: ${channel.namespace}`);
    const auth = this.#authorize(
      authObject(m.authorization),
      ns.subscribeAuthModes ?? this.options.defaultSubscribeAuthModes,
      // The IAM signature covers {"channel": <as sent>}; the server rebuilds it (spec §2.3).
      { operation: 'subscribe', body: JSON.stringify({ channel: m.channel }), httpHost: this.address.host, path: '/event', channel: channel.path },
    );
    if (!auth.ok) return fail(auth.errorType, auth.message);
    if (session.subscriptions.size >= this.options.maxSubscriptionsPerConnection) {
      return fail('MaxSubscriptionsReachedError', `Max number of ${this.options.maxSubscriptionsPerConnection} subscriptions reached`);
    }
    if (ns.onSubscribe && !ns.onSubscribe({ channel: `/${channel.path}${channel.wildcard ? '/*' : ''}`, authMode: auth.mode })) return fail('Unauthorized', 'Unauthorized');
    if (ns.handlers?.onSubscribe) {
      try {
        ns.handlers.onSubscribe(handlerContext(channel.wildcard ? `${channel.path}/*` : channel.path, 'SUBSCRIBE', auth.identity));
      } catch (error) {
        const failure = handlerFailure(error, 'SUBSCRIBE');
        return fail(failure.errorType, failure.message);
      }
    }
    session.subscriptions.set(id, { id, path: channel.path, wildcard: channel.wildcard });
    this.#send(session.ws, { type: 'subscribe_success', id });
  }

  #onPublish(session: Session, m: Record<string, unknown>): void {
    const id = m.id;
    const fail = (errorType: string, message: string) => this.#send(session.ws, { type: 'publish_error', ...(typeof id === 'string' ? { id } : {}), errors: [{ errorType, message }] });
    if (typeof id !== 'string' || !OPERATION_ID.test(id)) return fail('BadRequestException', 'id must be 1-128 characters of [a-zA-Z0-9-_+]');
    const channel = parseChannel(m.channel, false);
    if (!channel) return fail('BadRequestException', `invalid channel ${preview(m.channel)}: 1-5 segments of [A-Za-z0-9-] up to 50 characters (publishing to wildcards is not allowed)`);
    const invalid = checkEvents(m.events);
    if (invalid) return fail('BadRequestException', invalid);
    const body = JSON.stringify({ channel: m.channel, events: m.events });
    if (Buffer.byteLength(body) > LIMITS.requestBytes) return fail('BadRequestException', `publish exceeds ${LIMITS.requestBytes} bytes`);
    const ns = this.options.namespaces[channel.namespace];
    if (!ns) return fail('ResourceNotFound', `Namespace not found: ${channel.namespace}`);
    const auth = this.#authorize(authObject(m.authorization), ns.publishAuthModes ?? this.options.defaultPublishAuthModes, {
      operation: 'publish',
      body,
      httpHost: this.address.host,
      path: '/event',
      channel: channel.path,
    });
    if (!auth.ok) return fail(auth.errorType, auth.message);
    if (this.#faults.active('appsync', 'throttle') || this.#rateLimited(session)) return fail('LimitExceededError', 'Rate exceeded');
    const published = this.#publish(channel.path, m.events as string[], auth.mode, auth.identity);
    if ('errorType' in published) return fail(published.errorType, published.message);
    this.#send(session.ws, { type: 'publish_success', id, ...published });
  }

  #rateLimited(session: Session): boolean {
    const limit = this.options.publishRateLimitPerSecond;
    if (!limit) return false;
    const now = this.options.now();
    session.publishTimes = session.publishTimes.filter((t) => now - t < 1000);
    if (session.publishTimes.length >= limit) return true;
    session.publishTimes.push(now);
    return false;
  }

  #authorize(headers: Record<string, unknown>, modes: readonly AuthMode[], ctx: Parameters<typeof authorize>[2]): AuthResult {
    if (this.#faults.active('appsync', 'rejectAuth'))
      return { ok: false, errorType: 'UnauthorizedException', message: 'You are not authorized to make this call. (emulator fault: rejectAuth)', status: 401 };
    return authorize(headers, modes, ctx, this.options);
  }

  /**
   * Runs the namespace's hooks and handlers, fans out one `data` frame per surviving event,
   * returns per-event results — or the error a handler rejected the whole request with.
   */
  #publish(
    path: string,
    events: string[],
    authMode: AuthMode,
    identity: AppSyncIdentity,
  ): { successful: Array<{ identifier: string; index: number }>; failed: Array<{ identifier: string; index: number; code: number; message: string }> } | { errorType: string; message: string } {
    const ns = this.options.namespaces[path.split('/')[0] as string];
    const verdicts: PublishVerdict[] = ns?.onPublish ? ns.onPublish({ channel: `/${path}`, events, authMode }) : events.map((event) => ({ event }));
    const identifiers = events.map(() => randomUUID());
    const handled = ns?.handlers?.onPublish ? this.#runOnPublish(ns.handlers.onPublish, path, identity, events, identifiers, verdicts) : undefined;
    if (handled && 'errorType' in handled) return handled;
    const successful: Array<{ identifier: string; index: number }> = [];
    const failed: Array<{ identifier: string; index: number; code: number; message: string }> = [];
    const deliver: string[] = [];
    for (const [index, event] of events.entries()) {
      const identifier = identifiers[index] as string;
      const verdict = handled ? (handled.get(identifier) ?? { drop: true as const }) : (verdicts[index] ?? { event });
      // EMU-DEFAULT failed-item shape {identifier, index, code, message} (spec §3.6).
      if ('error' in verdict) failed.push({ identifier, index, code: verdict.code ?? 400, message: verdict.error });
      else {
        successful.push({ identifier, index });
        if ('event' in verdict) deliver.push(verdict.event);
      }
    }
    this.broadcast(path, deliver);
    return { successful, failed };
  }

  /**
   * AppSync's onPublish: events in as `{ id, payload }` (the publish hook's verdicts applied
   * first), out as the events to broadcast keyed by id. An event the handler leaves out is not
   * broadcast, one with `error` is reported failed, `null` broadcasts nothing (AWS docs).
   */
  #runOnPublish(
    onPublish: NonNullable<NonNullable<ResolvedAppSyncOptions['namespaces'][string]['handlers']>['onPublish']>,
    path: string,
    identity: AppSyncIdentity,
    events: string[],
    identifiers: string[],
    verdicts: PublishVerdict[],
  ): Map<string, PublishVerdict> | { errorType: string; message: string } {
    const out = new Map<string, PublishVerdict>();
    const incoming: Array<{ id: string; payload: unknown }> = [];
    for (const [index, event] of events.entries()) {
      const verdict = verdicts[index] ?? { event };
      if ('event' in verdict) incoming.push({ id: identifiers[index] as string, payload: JSON.parse(verdict.event) });
      else out.set(identifiers[index] as string, verdict);
    }
    let returned: unknown;
    try {
      // structuredClone: the handler may mutate its ctx; the published strings stay as they were.
      returned = onPublish(handlerContext(path, 'PUBLISH', identity, structuredClone(incoming)));
    } catch (error) {
      return handlerFailure(error, 'PUBLISH');
    }
    if (returned === null || returned === undefined) return out;
    if (!Array.isArray(returned)) return handlerFailure(new Error('onPublish must return an array of events or null'), 'PUBLISH');
    const known = new Set(incoming.map((e) => e.id));
    for (const item of returned as Array<Record<string, unknown> | null>) {
      if (item === null || typeof item !== 'object' || typeof item.id !== 'string' || !known.has(item.id)) continue;
      if (typeof item.error === 'string') out.set(item.id, { error: item.error });
      else {
        let event: string | undefined;
        try {
          event = JSON.stringify(item.payload);
        } catch {
          event = undefined;
        }
        out.set(item.id, event === undefined ? { error: 'the handler returned a payload JSON cannot carry' } : { event });
      }
    }
    return out;
  }

  /**
   * Delivers event strings to every matching subscription, one `data` frame per event (also
   * used directly by benchmarks to generate load without publish overhead). Returns the number
   * of frames sent.
   */
  broadcast(channel: string, events: readonly string[]): number {
    const path = channel.replace(/^\/|\/$/g, '');
    const failDelivery = this.options.namespaces[path.split('/')[0] as string]?.failDelivery;
    let sent = 0;
    for (const session of this.#sessions.values()) {
      if (session.ws.readyState !== session.ws.OPEN) continue;
      for (const sub of session.subscriptions.values()) {
        if (!matches(sub, path)) continue;
        for (const event of events) {
          if (failDelivery?.({ channel: `/${path}`, event, subscriptionId: sub.id })) {
            this.#send(session.ws, { type: 'broadcast_error', id: sub.id, errors: [{ errorType: 'MessageProcessingError', message: 'There was an error processing the message' }] });
            continue;
          }
          session.ws.send(`{"type":"data","id":${JSON.stringify(sub.id)},"event":${JSON.stringify(event)}}`);
          sent++;
        }
      }
    }
    return sent;
  }

  /** Drops every connection. */
  reset(): void {
    for (const session of this.#sessions.values()) session.ws.terminate();
  }

  close(): void {
    this.reset();
    this.#wss.close();
  }

  #send(ws: WebSocket, frame: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }
}

/** The `authorization` object of a frame, or an empty one when it is anything else. */
function authObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
