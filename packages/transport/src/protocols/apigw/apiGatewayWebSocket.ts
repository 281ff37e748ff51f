import { defaultClosePolicy } from '../../connection/defaultClosePolicy.js';
import type { CloseInfo, InboundFrame, ProtocolAdapter } from '../../connection/ProtocolAdapter.js';
import { utf8Length } from '../../connection/utf8Length.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { LimitExceededError, ProtocolError } from '../../errors/errors.js';
import { type CredentialsInput, toCredentialsProvider } from '../../sigv4/credentials.js';
import { presignUrl } from '../../sigv4/presignUrl.js';
import { API_GATEWAY_DEFAULT_CHANNEL, apiGatewayChannel } from './apiGatewayChannels.js';

/**
 * API Gateway WebSocket limits (AWS quotas): 32 KB per frame, 128 KB per message, 10 minutes
 * idle, 2 hours per connection. Browsers and `ws` send each message as one frame, so in
 * practice a message must fit in a frame.
 *
 * @example
 * ```ts
 * if (bytes > APIGW_LIMITS.frameBytes) splitMessage();
 * ```
 */
export const APIGW_LIMITS = Object.freeze({
  frameBytes: 32 * 1024,
  messageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60_000,
  maxConnectionMs: 2 * 3_600_000,
});

/**
 * Route keys of the channel convention (sent in the route selection field).
 *
 * @example
 * ```ts
 * apiGatewayWebSocket({ url, routes: { ...DEFAULT_ROUTES, publish: 'sendmessage' } });
 * ```
 */
export const DEFAULT_ROUTES = Object.freeze({ subscribe: 'subscribe', unsubscribe: 'unsubscribe', publish: 'publish', ping: 'ping' });

/**
 * Options of {@link apiGatewayWebSocket}.
 *
 * @example
 * ```ts
 * const options: ApiGatewayWebSocketOptions = { url: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod', query: async () => ({ token: await getToken() }) };
 * ```
 */
export interface ApiGatewayWebSocketOptions {
  /** The stage URL, `wss://{api-id}.execute-api.{region}.amazonaws.com/{stage}` (or a custom domain). */
  url: string;
  /** Query parameters for `$connect` (auth tokens usually go here: browsers cannot set headers). Values are treated as secrets. */
  query?: Record<string, string> | ((ctx: { reauth: boolean }) => Promise<Record<string, string>> | Record<string, string>);
  /** Subprotocols to offer; the `$connect` integration must select one. */
  protocols?: string[];
  /** IAM-authorized `$connect`: the URL is SigV4-presigned (service `execute-api`). */
  iam?: { region: string; credentials: CredentialsInput };
  /** The field the API's route selection expression reads (`$request.body.action` → `action`). */
  routeSelectionKey?: string;
  routes?: Partial<Record<keyof typeof DEFAULT_ROUTES, string>>;
  /**
   * Keep-alive: a ping message this often so the 10-minute idle timeout never fires (default
   * 9 minutes). With `expectPong` (default true; the emulator's router answers) a missing
   * `pong` within two intervals counts as a dead socket.
   */
  keepAliveIntervalMs?: number;
  expectPong?: boolean;
  /** How long without a `pong` before the socket counts as dead (default 2 × interval + 5 s). */
  pongTimeoutMs?: number;
  /** Reconnect ahead of the 2-hour cap (default: 2 h − 5 min). */
  maxConnectionMs?: number;
}

/**
 * API Gateway WebSocket APIs with ChannelKit's channel convention, so an API Gateway backend
 * behaves like the other backends:
 *
 * client → server (`action` = route key):
 * - `{"action":"subscribe","id":"<subscription id>","channel":"<name>"}`
 * - `{"action":"unsubscribe","id":"<subscription id>"}`
 * - `{"action":"publish","id":"<publish id>","channel":"<name>","events":[…]}`
 * - `{"action":"ping"}`
 *
 * server → client (route responses or `@connections` posts):
 * - `{"type":"subscribed","id"}` · `{"type":"subscribe_error","id","message"}`
 * - `{"type":"published","id"}` · `{"type":"publish_error","id","message"}`
 * - `{"type":"event","channel","data"}` · `{"type":"pong"}`
 *
 * Anything else the backend sends is delivered on the `$default` channel. Gateway errors
 * (`{"message": "Forbidden", …}` for a missing route, `"Internal server error"`) are reported
 * as non-fatal errors. The emulator ships a router that implements the convention.
 *
 * @example
 * ```ts
 * const connection = createConnection({ protocol: apiGatewayWebSocket({ url: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod' }) });
 * connection.channel('room-1').subscribe((msg) => console.log(msg));
 * ```
 */
export function apiGatewayWebSocket(options: ApiGatewayWebSocketOptions): ProtocolAdapter {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new ChannelKitError('INVALID_ARGUMENT', `url ${JSON.stringify(options.url)} is not a WebSocket URL`);
  }
  if (base.protocol !== 'wss:' && base.protocol !== 'ws:') throw new ChannelKitError('INVALID_ARGUMENT', `url must be wss:// (or ws:// for a local emulator), got ${base.protocol}`);
  const key = options.routeSelectionKey ?? 'action';
  const routes = { ...DEFAULT_ROUTES, ...options.routes };
  const interval = options.keepAliveIntervalMs ?? 9 * 60_000;
  if (interval >= APIGW_LIMITS.idleTimeoutMs) throw new ChannelKitError('INVALID_ARGUMENT', `keepAliveIntervalMs must be below the 10-minute idle timeout, got ${interval}`);
  const credentials = options.iam ? toCredentialsProvider(options.iam.credentials) : undefined;

  const frame = (route: string, body: Record<string, unknown>) => {
    const text = JSON.stringify({ [key]: route, ...body });
    const bytes = utf8Length(text);
    if (bytes > APIGW_LIMITS.messageBytes) throw new LimitExceededError('messageBytes', bytes, APIGW_LIMITS.messageBytes, 'API Gateway WebSocket messages are at most 128 KB');
    if (bytes > APIGW_LIMITS.frameBytes) throw new LimitExceededError('frameBytes', bytes, APIGW_LIMITS.frameBytes, 'API Gateway WebSocket frames are at most 32 KB (messages are sent as one frame)');
    return text;
  };

  return {
    name: 'apigw',
    liveness: options.expectPong === false ? { mode: 'ping', pingIntervalMs: interval, timeoutMs: 0 } : { mode: 'ping', pingIntervalMs: interval, timeoutMs: options.pongTimeoutMs ?? 2 * interval + 5000 },
    maxConnectionMs: options.maxConnectionMs ?? APIGW_LIMITS.maxConnectionMs - 5 * 60_000,
    // $connect is the handshake: an open socket is a connected one.
    handshake: false,
    subscribeAcks: true,
    publishAcks: true,
    async connect(context) {
      const url = new URL(base);
      const query = typeof options.query === 'function' ? await options.query({ reauth: context.reauth }) : options.query;
      for (const [k, v] of Object.entries(query ?? {})) {
        url.searchParams.set(k, v);
        context.secrets.add(v);
      }
      let target = url.toString();
      if (options.iam && credentials) {
        const creds = await credentials();
        context.secrets.add(creds.secretAccessKey);
        context.secrets.add(creds.sessionToken);
        target = presignUrl({ url: target }, { service: 'execute-api', region: options.iam.region, credentials: creds, expiresIn: 60 });
      }
      if (target.length > 4096) throw new LimitExceededError('urlLength', target.length, 4096, 'API Gateway URLs are at most 4096 characters');
      return options.protocols ? { url: target, protocols: options.protocols } : { url: target };
    },
    decode: decodeApiGatewayFrame,
    validateChannel(channel, use) {
      apiGatewayChannel(channel, use);
    },
    validatePublish(channel, events) {
      // Frame-size check here too, so an oversized publish fails at the call, not in the outbox.
      frame(routes.publish, { id: 'x'.repeat(36), channel, events });
    },
    encodeSubscribe: ({ subscriptionId, channel }) => (channel === API_GATEWAY_DEFAULT_CHANNEL ? undefined : frame(routes.subscribe, { id: subscriptionId, channel })),
    encodeUnsubscribe: ({ subscriptionId, channel }) => (channel === API_GATEWAY_DEFAULT_CHANNEL ? undefined : frame(routes.unsubscribe, { id: subscriptionId })),
    encodePublish: ({ publishId, channel, events }) => frame(routes.publish, { id: publishId, channel, events }),
    encodePing: () => frame(routes.ping, {}),
    closeDecision(info: CloseInfo) {
      // 1003: we sent something API Gateway cannot take (binary) — a bug, not a blip.
      if (info.code === 1003) return { action: 'stop', error: new ProtocolError('API Gateway closed the socket with 1003 (unsupported data: binary frames are not accepted)', { details: { closeCode: 1003 } }) };
      // 1001 (idle timeout, 2-hour cap), 1009 (a frame/message too big: that message is lost,
      // the connection is not), 1011 and the rest: reconnect.
      return defaultClosePolicy(info);
    },
  };
}

/**
 * Decodes one inbound message of the channel convention (see {@link apiGatewayWebSocket}).
 *
 * @example
 * ```ts
 * decodeApiGatewayFrame('{"type":"event","channel":"room","data":{"n":1}}'); // { type: 'event', channel: 'room', data: { n: 1 } }
 * ```
 */
export function decodeApiGatewayFrame(raw: string | ArrayBuffer | Uint8Array): InboundFrame {
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text);
  } catch {
    return { type: 'event', channel: API_GATEWAY_DEFAULT_CHANNEL, data: text };
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return { type: 'event', channel: API_GATEWAY_DEFAULT_CHANNEL, data: m };
  const id = typeof m.id === 'string' ? m.id : '';
  switch (m.type) {
    case 'event':
      if (typeof m.channel === 'string') return { type: 'event', channel: m.channel, data: m.data };
      break;
    case 'pong':
      return { type: 'pong' };
    case 'subscribed':
      return { type: 'subscribed', subscriptionId: id };
    case 'subscribe_error':
      return { type: 'subscribe_failed', subscriptionId: id, error: new ChannelKitError('SUBSCRIBE_FAILED', String(m.message ?? 'subscribe refused')) };
    case 'published':
      return { type: 'publish_result', publishId: id };
    case 'publish_error':
      return { type: 'publish_result', publishId: id, error: new ChannelKitError('PUBLISH_FAILED', String(m.message ?? 'publish refused')) };
  }
  // API Gateway's own error messages: {"message": "Forbidden", "connectionId":…, "requestId":…}.
  if (typeof m.message === 'string' && typeof m.connectionId === 'string' && m.type === undefined) {
    return { type: 'error', error: new ProtocolError(`API Gateway: ${m.message}${m.message === 'Forbidden' ? ' (no route matched and there is no $default route)' : ''}`, { details: { requestId: m.requestId ?? m.messageId } }) };
  }
  return { type: 'event', channel: API_GATEWAY_DEFAULT_CHANNEL, data: m };
}
