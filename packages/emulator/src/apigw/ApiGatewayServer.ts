import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BackendContext } from '../core/BackendPlugin.js';
import type { Backend, ConnectionRegistry } from '../core/ConnectionRegistry.js';
import type { FaultController } from '../core/FaultController.js';
import { readBody } from '../core/readBody.js';
import { refuseUpgrade } from '../core/refuseUpgrade.js';
import { requestTarget } from '../core/requestTarget.js';
import { verifySigV4 } from '../sigv4/verifySigV4.js';
import { createChannelRouter, memoryStore } from '@channelkit/server';
import type { ApiGatewayEvent, HandlerResult, LambdaHandler, ManagementApi, ResolvedApiGatewayOptions, RouteHandler } from './options.js';

/** API Gateway WebSocket limits (AWS quotas). */
const FRAME_BYTES = 32 * 1024;
const MESSAGE_BYTES = 128 * 1024;

interface Client {
  id: string;
  ws: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string | null;
  idle: NodeJS.Timeout | undefined;
  lifetime: NodeJS.Timeout | undefined;
  closing: { code: number; reason: string } | undefined;
  /** The invocation of this connection's previous message (see #onOpen). */
  inflight: Promise<void>;
}

/**
 * Where the emulated API answers (set once the server listens).
 *
 * @example
 * ```ts
 * const { webSocketUrl, managementEndpoint }: ApiGatewayAddress = emulator.apigw.address;
 * ```
 */
export interface ApiGatewayAddress {
  webSocketUrl: string;
  managementEndpoint: string;
  /** `host:port`, the `domainName` of events. */
  domainName: string;
}

/**
 * The emulated Amazon API Gateway WebSocket API: `$connect` (can refuse with any status),
 * `$disconnect`, `$default` and custom routes dispatched to JS handlers with API Gateway's
 * event shape, route selection on `$request.body.<key>`, the gateway's own error messages,
 * frame and message limits, idle and maximum-duration timers, and the SigV4-verified
 * `@connections` management API on the same host. Without custom routes it runs the built-in
 * router of ChannelKit's channel convention. Behaviour follows the API Gateway WebSocket
 * documentation (developer guide: routes, `$connect`/`$disconnect`, the limits table).
 *
 * @example
 * ```ts
 * const apigw = new ApiGatewayServer(resolveApiGatewayOptions(), { registry, faults });
 * server.on('request', (req, res) => apigw.handleHttp(req, res));
 * server.on('upgrade', (req, socket, head) => apigw.handleUpgrade(req, socket, head));
 * ```
 */
export class ApiGatewayServer {
  address: ApiGatewayAddress = { webSocketUrl: '', managementEndpoint: '', domainName: '' };
  readonly options: ResolvedApiGatewayOptions;
  readonly #registry: ConnectionRegistry;
  readonly #faults: FaultController;
  readonly #clients = new Map<string, Client>();
  // A Map, not an object: route keys come from clients, and `constructor` or `__proto__`
  // must be unknown routes, not Object.prototype's members.
  readonly #routes: Map<string, RouteHandler>;
  readonly #disconnect: RouteHandler | undefined;
  readonly #connect: RouteHandler | undefined;
  /** Routes go to a Lambda-shaped handler (the built-in router or the app's), not to `routes`. */
  readonly #hostsHandler: boolean;
  // connectionId → what the authorizer returned, sent with every event of the connection.
  readonly #authorizers = new Map<string, Record<string, unknown>>();
  // maxPayload: messages over 128 KB are closed with 1009 by `ws` itself, as API Gateway does.
  readonly #pendingProtocol = new WeakMap<IncomingMessage, string>();
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MESSAGE_BYTES, handleProtocols: (_offered, req) => this.#pendingProtocol.get(req) ?? false });
  readonly #channelsOf: (connectionId: string) => string[] = () => [];
  readonly api: ManagementApi;

  /**
   * The backend name its connections and faults go by: `apigw`, or another backend that runs
   * on an API Gateway WebSocket API and so shares its limits and timers (Hotsock).
   */
  readonly name: Backend;

  constructor(options: ResolvedApiGatewayOptions, context: BackendContext, name: Backend = 'apigw') {
    this.options = options;
    this.name = name;
    this.#registry = context.registry;
    this.#faults = context.faults;
    if (options.routes && !options.handler) {
      this.#routes = new Map(Object.entries(options.routes));
      this.#hostsHandler = false;
      this.#connect = options.connect;
      this.#disconnect = options.disconnect;
    } else {
      this.#hostsHandler = true;
      let handler: LambdaHandler;
      if (options.handler) {
        handler = options.handler;
        // A Lambda finds its credentials in the environment: put the emulator's there, or
        // adopt the ones already there (every emulator in one process then shares them).
        // adopt the ones already there (resolveApiGatewayOptions did): every emulator in one
        // process then shares them.
        const env = process.env;
        if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
          env.AWS_ACCESS_KEY_ID = options.credentials.accessKeyId;
          env.AWS_SECRET_ACCESS_KEY = options.credentials.secretAccessKey;
        }
        env.AWS_REGION ??= options.region;
      } else {
        // The built-in router is the one Lambda runs, over an in-memory store. Connections
        // nobody vouched for are accepted (the emulator has no authorizer by default), and it
        // is handed the emulator's credentials rather than reading the environment.
        const store = memoryStore();
        handler = createChannelRouter({ store, anonymous: true, credentials: () => Promise.resolve(options.credentials), region: options.region });
        this.#channelsOf = (connectionId) => store.channelsOf(connectionId);
      }
      const invoke: RouteHandler = async (event) => {
        const result = await handler(event, { awsRequestId: event.requestContext.requestId, functionName: 'channelkit-emulator' });
        return result && typeof result === 'object' ? (result as HandlerResult) : undefined;
      };
      const routeKeys = options.routeKeys ?? ['subscribe', 'unsubscribe', 'publish', 'ping'];
      this.#routes = new Map([...routeKeys, '$default'].map((key) => [key, invoke]));
      for (const [key, route] of Object.entries(options.routes ?? {})) this.#routes.set(key, route);
      // The app's `connect` runs first (it may refuse, or pick a subprotocol); the handler's
      // $connect then runs too, so the router knows the connection.
      const check = options.connect;
      this.#connect = check
        ? async (event, api) => {
            const first = await check(event, api);
            const status = first?.statusCode ?? 200;
            if (status < 200 || status > 299) return first;
            const second = await invoke(event, api);
            const next = second?.statusCode ?? 200;
            return next < 200 || next > 299 ? second : (first ?? second);
          }
        : invoke;
      const extra = options.disconnect;
      this.#disconnect = async (event, api) => {
        await invoke(event, api);
        return extra?.(event, api);
      };
    }
    this.api = {
      postToConnection: async (id, data) => {
        const status = this.#post(id, Buffer.from(data));
        if (status !== 200) throw Object.assign(new Error(status === 410 ? 'GoneException' : 'PayloadTooLargeException'), { statusCode: status });
      },
      deleteConnection: async (id) => {
        if (!this.#delete(id)) throw Object.assign(new Error('GoneException'), { statusCode: 410 });
      },
      getConnection: async (id) => {
        const info = this.#info(id);
        if (!info) throw Object.assign(new Error('GoneException'), { statusCode: 410 });
        return info;
      },
    };
  }

  // ── WebSocket ──────────────────────────────────────────────────────────────────────

  /** The secret of the one access key this API accepts (for @connections and an IAM $connect). */
  readonly #secretFor = (accessKeyId: string): string | undefined => (accessKeyId === this.options.credentials.accessKeyId ? this.options.credentials.secretAccessKey : undefined);

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number) => refuseUpgrade(socket, status);
    const target = requestTarget(req.url);
    if (!target) return refuse(400);
    if (target.path.replace(/\/$/, '') !== `/${this.options.stage}`) return refuse(403);
    const refused = this.#faults.active(this.name, 'refuseHandshake');
    if (refused) return refuse(refused.code ?? 503);
    if (this.#faults.active(this.name, 'rejectAuth')) return refuse(401);
    let accessKey: string | undefined;
    if (this.options.connectAuthorization === 'AWS_IAM') {
      // A presigned GET of the stage URL, signed for the host the client dialled.
      const verified = verifySigV4(
        {
          method: 'GET',
          host: String(req.headers.host ?? ''),
          // The raw path as received (origin-form, or the path of an absolute-form target).
          path: target.path,
          query: [...target.query],
          headers: req.headers as Record<string, string>,
          body: Buffer.alloc(0),
        },
        {
          service: 'execute-api',
          region: this.options.region,
          now: this.options.now(),
          secretFor: this.#secretFor,
        },
      );
      if (!verified.ok) return refuse(403);
      accessKey = verified.accessKeyId;
    }
    const id = randomBytes(11).toString('base64'); // 16 characters ending in "=", like API Gateway's
    const now = this.options.now();
    const event = this.#event(id, '$connect', 'CONNECT', now, req);
    if (accessKey !== undefined) event.requestContext.identity = { ...event.requestContext.identity, accessKey };
    event.headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
    event.multiValueHeaders = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v : [String(v)]]));
    const query: Record<string, string[]> = {};
    for (const [k, v] of target.query) query[k] = [...(query[k] ?? []), v];
    event.queryStringParameters = target.query.size ? Object.fromEntries([...target.query]) : null;
    event.multiValueQueryStringParameters = target.query.size ? query : null;

    const delay = this.#faults.active(this.name, 'delayHandshake')?.durationMs ?? 0;
    // The upgrade is held until $connect's integration finishes (spec B1).
    setTimeout(async () => {
      // biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing
      let result: HandlerResult | undefined | void;
      if (this.options.authorizer) {
        let context: Record<string, unknown> | null;
        try {
          context = await this.options.authorizer(event);
        } catch {
          return refuse(500);
        }
        if (context === null || typeof context !== 'object') return refuse(403);
        event.requestContext.authorizer = context;
        this.#authorizers.set(id, context);
      }
      try {
        result = await this.#connect?.(event, this.api);
      } catch {
        return refuse(500);
      }
      const status = result?.statusCode ?? 200;
      if (status < 200 || status > 299) {
        this.#authorizers.delete(id);
        return refuse(status);
      }
      const chosen = Object.entries(result?.headers ?? {}).find(([k]) => k.toLowerCase() === 'sec-websocket-protocol')?.[1];
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (offered.length > 0 && (!chosen || !offered.includes(chosen))) {
        // Browsers fail a handshake whose offered subprotocols were all ignored; API Gateway
        // needs $connect to pick one (spec B1). Refuse clearly instead.
        return refuse(400);
      }
      if (chosen) this.#pendingProtocol.set(req, chosen);
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onOpen(ws, id, now, req));
    }, delay);
  }

  #onOpen(ws: WebSocket, id: string, connectedAt: number, req: IncomingMessage): void {
    const client: Client = {
      id,
      ws,
      connectedAt,
      lastActiveAt: connectedAt,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
      idle: undefined,
      lifetime: undefined,
      closing: undefined,
      inflight: Promise.resolve(),
    };
    this.#clients.set(id, client);
    this.#registry.add({
      backend: this.name,
      connectionId: id,
      connectedAt,
      channels: () => this.#channelsOf(id),
      drop: () => ws.terminate(),
      close: (code, reason) => this.#close(client, code, reason),
      sendGarbage: () => ws.readyState === ws.OPEN && ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true }),
      stopKeepAlive: () => {},
    });
    this.#touch(client);
    // Spec B1: the idle timeout and the 2-hour cap close with 1001 "Going away".
    client.lifetime = setTimeout(() => this.#close(client, 1001, 'Going away'), this.options.maxConnectionMs);
    // One connection's messages invoke the integration one after another, in arrival order. AWS
    // invokes them independently (a Lambda per message, nothing orders them), so an app must not
    // rely on it; the emulator chooses the deterministic order so that a local run never
    // reorders a client's outbox by a race of its own async handlers.
    ws.on('message', (data, isBinary) => {
      client.inflight = client.inflight.then(() => this.#onMessage(client, data as Buffer, isBinary)).catch(() => {});
    });
    ws.on('close', (code, reason) => this.#onClose(client, client.closing?.code ?? code, client.closing?.reason ?? (String(reason) || 'Client-side close frame status not set')));
    ws.on('error', () => {});
  }

  #touch(client: Client): void {
    client.lastActiveAt = this.options.now();
    clearTimeout(client.idle);
    client.idle = setTimeout(() => this.#close(client, 1001, 'Going away'), this.options.idleTimeoutMs);
  }

  async #onMessage(client: Client, data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) return this.#close(client, 1003, 'Binary frames are not supported');
    // Clients send each message as one frame, so a message over 32 KB is a frame over 32 KB.
    if (data.length > FRAME_BYTES) return this.#close(client, 1009, 'Frame size exceeds 32 KB');
    this.#touch(client);
    const body = data.toString('utf8');
    let routeKey = '$default';
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      const value = parsed?.[this.options.routeSelectionKey];
      if (value !== undefined && value !== null && typeof value !== 'object' && this.#routes.has(String(value))) routeKey = String(value);
    } catch {
      // Not JSON: $default (spec B1).
    }
    // stopKeepAlive: the backend stops answering keep-alive pings.
    if (routeKey === 'ping' && this.#hostsHandler && this.#faults.active(this.name, 'stopKeepAlive')) return;
    const handler = this.#routes.get(routeKey);
    const requestId = randomBytes(11).toString('base64');
    // The gateway's own messages, with AWS's exact spacing (spec B1).
    const gatewayError = (message: string) => this.#send(client, `{"message": "${message}", "connectionId":"${client.id}", "requestId":"${requestId}"}`);
    if (!handler) return gatewayError('Forbidden');
    const event = this.#event(client.id, routeKey, 'MESSAGE', client.connectedAt);
    event.body = body;
    event.requestContext.messageId = randomBytes(11).toString('base64');
    try {
      const result = await handler(event, this.api);
      if (result?.body !== undefined) this.#send(client, result.body);
    } catch {
      gatewayError('Internal server error');
    }
  }

  #onClose(client: Client, code: number, reason: string): void {
    if (!this.#clients.delete(client.id)) return;
    clearTimeout(client.idle);
    clearTimeout(client.lifetime);
    this.#registry.remove(client.id);
    const event = this.#event(client.id, '$disconnect', 'DISCONNECT', client.connectedAt);
    event.requestContext.disconnectStatusCode = code;
    event.requestContext.disconnectReason = reason;
    this.#authorizers.delete(client.id);
    Promise.resolve(this.#disconnect?.(event, this.api)).catch(() => {});
  }

  #close(client: Client, code: number, reason: string): void {
    client.closing = { code, reason };
    client.ws.close(code, reason);
  }

  #send(client: Client, text: string): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(text);
  }

  #event(connectionId: string, routeKey: string, eventType: ApiGatewayEvent['requestContext']['eventType'], connectedAt: number, req?: IncomingMessage): ApiGatewayEvent {
    const client = this.#clients.get(connectionId);
    const authorizer = this.#authorizers.get(connectionId);
    return {
      requestContext: {
        routeKey,
        eventType,
        connectionId,
        connectedAt,
        requestTimeEpoch: this.options.now(),
        requestId: randomUUID(),
        domainName: this.address.domainName,
        stage: this.options.stage,
        apiId: this.options.apiId,
        messageDirection: 'IN',
        identity: { sourceIp: client?.sourceIp ?? req?.socket.remoteAddress ?? '127.0.0.1', userAgent: client?.userAgent ?? (req?.headers['user-agent'] as string | undefined) ?? null },
        ...(authorizer ? { authorizer } : {}),
      },
      isBase64Encoded: false,
    };
  }

  // ── @connections management API ────────────────────────────────────────────────────

  async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body?: unknown, errorType?: string) => {
      res.writeHead(status, { 'x-amzn-requestid': randomUUID(), ...(errorType ? { 'x-amzn-errortype': errorType } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const target = requestTarget(req.url);
    if (!target) return reply(400, { message: 'the request target is not a valid origin-form or absolute URL' }, 'BadRequestException');
    const rawPath = target.path;
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return reply(400, { message: 'malformed path' }, 'BadRequestException');
    }
    // Both `/prod/@connections/…` and `/prod/%40connections/…` (the docs' awscurl form).
    const m = new RegExp(`^/${this.options.stage}/@connections/(.+)$`).exec(decoded);
    if (!m) return reply(403, { message: 'Forbidden' }, 'ForbiddenException');
    const id = m[1] as string;
    const body = await readBody(req, MESSAGE_BYTES);
    // Size before signature, as AWS does: a signed 2 MB post is 413, not a signature error.
    if (body === undefined) return reply(413, { message: `Message payload exceeds the ${MESSAGE_BYTES}-byte limit of @connections` }, 'PayloadTooLargeException');
    const verified = verifySigV4(
      { method: req.method ?? 'GET', host: this.address.domainName, path: rawPath, query: [...target.query], headers: req.headers as Record<string, string>, body },
      {
        service: 'execute-api',
        region: this.options.region,
        now: this.options.now(),
        secretFor: this.#secretFor,
      },
    );
    if (!verified.ok) return reply(403, { message: verified.message }, verified.errorType === 'UnrecognizedClientException' ? 'UnrecognizedClientException' : 'InvalidSignatureException');
    switch (req.method) {
      case 'POST': {
        if (this.#faults.active(this.name, 'throttle')) return reply(429, { message: 'Rate exceeded' }, 'LimitExceededException');
        const status = this.#post(id, body);
        if (status === 413) return reply(413, { message: `Message payload exceeds ${MESSAGE_BYTES} bytes` }, 'PayloadTooLargeException');
        // Real 410s carry the error type header and no parsable body (spec B3).
        if (status === 410) return reply(410, undefined, 'GoneException');
        return reply(200);
      }
      case 'GET': {
        const info = this.#info(id);
        return info ? reply(200, info) : reply(410, undefined, 'GoneException');
      }
      case 'DELETE':
        return this.#delete(id) ? reply(204) : reply(410, undefined, 'GoneException');
      default:
        return reply(403, { message: 'Forbidden' }, 'ForbiddenException');
    }
  }

  #post(id: string, data: Buffer): 200 | 410 | 413 {
    if (data.length > MESSAGE_BYTES) return 413;
    const client = this.#clients.get(id);
    if (!client || client.ws.readyState !== client.ws.OPEN) return 410;
    client.ws.send(data.toString('utf8'));
    return 200;
  }

  #delete(id: string): boolean {
    const client = this.#clients.get(id);
    if (!client) return false;
    // UNCONFIRMED which code the client sees (spec B1); 1000 is the neutral choice.
    this.#close(client, 1000, 'Deleted by @connections');
    return true;
  }

  #info(id: string) {
    const client = this.#clients.get(id);
    if (!client) return undefined;
    // Lower-case keys: the AWS SDK reads `connectedAt`, `identity.sourceIp`, … (spec B3).
    return {
      connectedAt: new Date(client.connectedAt).toISOString(),
      identity: { sourceIp: client.sourceIp, userAgent: client.userAgent },
      lastActiveAt: new Date(client.lastActiveAt).toISOString(),
    };
  }

  /** Drops every connection. */
  reset(): void {
    for (const client of this.#clients.values()) client.ws.terminate();
  }

  close(): void {
    this.reset();
    this.#wss.close();
  }
}
