import { randomBytes } from 'node:crypto';

/**
 * The event an emulated integration receives: the shape of API Gateway's Lambda proxy
 * integration event for WebSocket APIs.
 *
 * @example
 * ```ts
 * const handler: RouteHandler = (event) => ({ statusCode: 200, body: `you said ${event.body}` });
 * ```
 */
export interface ApiGatewayEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
    connectionId: string;
    connectedAt: number;
    requestTimeEpoch: number;
    requestId: string;
    messageId?: string;
    domainName: string;
    stage: string;
    apiId: string;
    messageDirection: 'IN';
    /** `accessKey`: the caller's access key id, on `$connect` with `connectAuthorization: 'AWS_IAM'`. */
    identity: { sourceIp: string; userAgent: string | null; accessKey?: string };
    /** What `authorizer` returned for the connection (every route, as on AWS). */
    authorizer?: Record<string, unknown>;
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  queryStringParameters?: Record<string, string> | null;
  multiValueQueryStringParameters?: Record<string, string[]> | null;
  body?: string;
  isBase64Encoded: boolean;
}

/**
 * What a handler may return: a status (for `$connect`, non-2xx refuses the connection), a
 * body (sent back to the client as the route response) and headers (`$connect` selects a
 * subprotocol with `Sec-WebSocket-Protocol`).
 *
 * @example
 * ```ts
 * const refuse: HandlerResult = { statusCode: 403 };
 * ```
 */
export interface HandlerResult {
  statusCode?: number;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * The management API as handlers see it (a Lambda would use `@connections`; the emulator
 * hands handlers the same operations in-process).
 *
 * @example
 * ```ts
 * const echo: RouteHandler = async (event, api) => { await api.postToConnection(event.requestContext.connectionId, event.body ?? ''); };
 * ```
 */
export interface ManagementApi {
  postToConnection(connectionId: string, data: string): Promise<void>;
  deleteConnection(connectionId: string): Promise<void>;
  getConnection(connectionId: string): Promise<{ connectedAt: string; lastActiveAt: string; identity: { sourceIp: string; userAgent: string | null } }>;
}

/**
 * A JS stand-in for a Lambda integration.
 *
 * @example
 * ```ts
 * const connect: RouteHandler = (event) => (event.queryStringParameters?.token === 'ok' ? { statusCode: 200 } : { statusCode: 401 });
 * ```
 */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that return nothing are the common case
export type RouteHandler = (event: ApiGatewayEvent, api: ManagementApi) => HandlerResult | undefined | void | Promise<HandlerResult | undefined | void>;

/**
 * A Lambda handler as API Gateway invokes it (proxy integration): the event, and a context the
 * emulator leaves mostly empty. It posts through `@connections` itself, as in Lambda: the
 * events name the emulator's management API, and the emulator's credentials are in the
 * environment (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`) for it to find.
 *
 * @example
 * ```ts
 * import { createChannelRouter, memoryStore } from '@channelkit/server';
 * const handler: LambdaHandler = createChannelRouter({ store: memoryStore(), anonymous: true });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: any Lambda handler's event and result types must fit
export type LambdaHandler = (event: any, context: any) => Promise<any> | any;

/**
 * Options of the emulated API Gateway WebSocket API.
 *
 * @example
 * ```ts
 * startEmulator({ apigw: { routes: { sendmessage: (event, api) => api.postToConnection(event.requestContext.connectionId, 'ok') } } });
 * ```
 */
export interface ApiGatewayEmulatorOptions {
  stage?: string;
  region?: string;
  apiId?: string;
  /** Credentials the `@connections` API accepts (SigV4, service `execute-api`). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Field read by the route selection expression `$request.body.<key>` (default `action`). */
  routeSelectionKey?: string;
  /**
   * How `$connect` is authorized (the route's `authorizationType`): `NONE` (the default, as on
   * AWS) or `AWS_IAM` — the upgrade must then be SigV4-presigned (service `execute-api`) with
   * the emulator's `credentials`, else it is refused with 403, before the `connect` handler.
   */
  connectAuthorization?: 'NONE' | 'AWS_IAM';
  /**
   * A Lambda-shaped handler run for every route (`$connect`, `$disconnect`, `$default` and
   * `routeKeys`), with API Gateway's event shape — an app's own handler, or
   * `createChannelRouter` from `@channelkit/server` (which is also the default when neither
   * `handler` nor `routes` is given). With it, `connect` runs before the handler's `$connect`
   * (a refusal stops there), `disconnect` after its `$disconnect`, and `routes` replace it for
   * their route keys.
   */
  handler?: LambdaHandler;
  /** The custom routes `handler` serves (default: the channel convention's subscribe, unsubscribe, publish, ping). */
  routeKeys?: string[];
  /**
   * A stand-in for a Lambda authorizer on `$connect`: what it returns becomes
   * `requestContext.authorizer` (`principalId` plus context); `null` refuses with 403.
   */
  authorizer?: (event: ApiGatewayEvent) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>;
  /** `$connect`; default: accept. */
  connect?: RouteHandler;
  disconnect?: RouteHandler;
  /**
   * Route handlers by route key, `$default` included. Without `routes` the emulator runs the
   * built-in router of ChannelKit's channel convention (subscribe / unsubscribe / publish / ping).
   */
  routes?: Record<string, RouteHandler>;
  /** AWS: 10 minutes. */
  idleTimeoutMs?: number;
  /** AWS: 2 hours. */
  maxConnectionMs?: number;
  now?: () => number;
}

type Optional = 'connect' | 'disconnect' | 'routes' | 'handler' | 'routeKeys' | 'authorizer';
export type ResolvedApiGatewayOptions = Required<Omit<ApiGatewayEmulatorOptions, Optional>> & Pick<ApiGatewayEmulatorOptions, Optional>;

/** Defaults: stage `prod`, AWS's timeouts, fresh credentials. */
export function resolveApiGatewayOptions(options: ApiGatewayEmulatorOptions = {}): ResolvedApiGatewayOptions {
  const id = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x');
  return {
    stage: options.stage ?? 'prod',
    region: options.region ?? 'us-east-1',
    apiId: options.apiId ?? id(8).slice(0, 10).toLowerCase(),
    credentials: options.credentials ??
      (options.handler ? environmentCredentials() : undefined) ?? { accessKeyId: `AKIAEMU${id(10).slice(0, 13).toUpperCase()}`, secretAccessKey: id(30).slice(0, 40) },
    routeSelectionKey: options.routeSelectionKey ?? 'action',
    connectAuthorization: options.connectAuthorization ?? 'NONE',
    idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
    maxConnectionMs: options.maxConnectionMs ?? 2 * 3_600_000,
    now: options.now ?? Date.now,
    ...(options.connect ? { connect: options.connect } : {}),
    ...(options.disconnect ? { disconnect: options.disconnect } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.handler ? { handler: options.handler } : {}),
    ...(options.routeKeys ? { routeKeys: options.routeKeys } : {}),
    ...(options.authorizer ? { authorizer: options.authorizer } : {}),
  };
}

/** Credentials a hosted handler will find in the environment, if they are there already. */
function environmentCredentials(): { accessKeyId: string; secretAccessKey: string } | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}
