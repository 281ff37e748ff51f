import type { Capabilities } from '../../client/Capabilities.js';
import type { ChannelFacets } from '../../client/ChannelFacets.js';
import type { Backend, CloseInfo, FacetContext, InboundFrame, PresenceMember, PublishBatch } from '../../connection/Backend.js';
import { defaultClosePolicy } from '../../connection/defaultClosePolicy.js';
import { toSender } from '../../connection/MessageSender.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { LimitExceededError, ProtocolError } from '../../errors/errors.js';
import { safeJsonStringify } from '../../lib/safeJsonStringify.js';
import { utf8Length } from '../../lib/utf8Length.js';
import { API_GATEWAY_DEFAULT_CHANNEL, apiGatewayChannel, MAX_CHANNEL_LENGTH } from './apiGatewayChannels.js';
import type { ApiGatewayUrlSigner } from './iam.js';

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
  query?: (Record<string, string> | ((ctx: { reauth: boolean }) => Promise<Record<string, string>> | Record<string, string>)) | undefined;
  /** Subprotocols to offer; the `$connect` integration must select one. */
  protocols?: string[] | undefined;
  /**
   * IAM-authorized `$connect`: `apiGatewayIam({ region, credentials })` presigns the URL
   * (service `execute-api`) for every attempt. A separate export, so apps without IAM do not
   * ship the signer.
   */
  iam?: ApiGatewayUrlSigner | undefined;
  /** The field the API's route selection expression reads (`$request.body.action` → `action`). */
  routeSelectionKey?: string | undefined;
  routes?: Partial<Record<keyof typeof DEFAULT_ROUTES, string>> | undefined;
  /**
   * Keep-alive: a ping message this often so the 10-minute idle timeout never fires (default
   * 9 minutes). With `expectPong` (default true; the emulator's router answers) a missing
   * `pong` within two intervals counts as a dead socket.
   */
  keepAliveIntervalMs?: number | undefined;
  expectPong?: boolean | undefined;
  /** How long without a `pong` before the socket counts as dead (default 2 × interval + 5 s). */
  pongTimeoutMs?: number | undefined;
  /** Reconnect ahead of the 2-hour cap (default: 2 h − 5 min). */
  maxConnectionMs?: number | undefined;
  /**
   * The server tracks presence (`@channelkit/server` does, on channels named `presence.*`):
   * `true` gives those channels `channel.presence`, so `usePresence` uses the server's member
   * list (join and leave frames, the list with `subscribed`) instead of the sibling-channel
   * convention. A predicate names the presence channels when the server's rule differs.
   * Default: off (a server without presence is the convention's).
   */
  presence?: boolean | ((channel: string) => boolean) | undefined;
}

/** What the channel convention on API Gateway can do: socket publish with acks, nothing stored. */
const CAPABILITIES: Capabilities = Object.freeze({
  publish: 'socket',
  publishAcks: true,
  wildcardSubscribe: false,
  history: false,
  presence: false,
  storage: false,
  limits: Object.freeze({ eventBytes: APIGW_LIMITS.frameBytes - 512, batchEvents: 1000, channelNameLength: MAX_CHANNEL_LENGTH }),
});

/** With server-side presence (`presence` option). */
const PRESENCE_CAPABILITIES: Capabilities = Object.freeze({ ...CAPABILITIES, presence: true });

/** Room in a publish frame for everything but the events: route, id, channel, JSON punctuation. */
const frameOverhead = (key: string, route: string, channel: string) => utf8Length(JSON.stringify({ [key]: route, id: 'x'.repeat(36), channel, events: [] }));

/**
 * Packs events into as few publish frames as fit API Gateway's 32 KB frame limit, in order.
 * An event that cannot fit even alone is refused up front, naming its index.
 */
function packFrames(key: string, route: string, channel: string, events: readonly unknown[]): PublishBatch[] {
  const overhead = frameOverhead(key, route, channel);
  const batches: Array<{ offset: number; events: unknown[]; bytes: number }> = [];
  let current: { offset: number; events: unknown[]; bytes: number } | undefined;
  events.forEach((event, index) => {
    const json = safeJsonStringify(event, `event ${index}`);
    const size = utf8Length(json) + 1;
    if (overhead + size > APIGW_LIMITS.messageBytes) {
      throw new LimitExceededError('messageBytes', overhead + size, APIGW_LIMITS.messageBytes, `event ${index} is too large: API Gateway WebSocket messages are at most 128 KB`);
    }
    if (overhead + size > APIGW_LIMITS.frameBytes) {
      throw new LimitExceededError('frameBytes', overhead + size, APIGW_LIMITS.frameBytes, `event ${index} is too large: API Gateway WebSocket frames are at most 32 KB`);
    }
    if (!current || current.bytes + size > APIGW_LIMITS.frameBytes) {
      current = { offset: index, events: [], bytes: overhead };
      batches.push(current);
    }
    current.events.push(event);
    current.bytes += size;
  });
  return batches;
}

/** Every option's type and range, before anything can turn into a reconnect loop (a NaN interval). */
function validateOptions(options: ApiGatewayWebSocketOptions): void {
  const fail = (name: string, rule: string) => new ChannelKitError('INVALID_ARGUMENT', `apiGatewayWebSocket(options): options.${name} ${rule}`);
  for (const name of ['keepAliveIntervalMs', 'pongTimeoutMs', 'maxConnectionMs'] as const) {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) throw fail(name, 'must be a positive finite number of ms');
  }
  if (options.expectPong !== undefined && typeof options.expectPong !== 'boolean') throw fail('expectPong', 'must be a boolean');
  if (options.routeSelectionKey !== undefined && (typeof options.routeSelectionKey !== 'string' || !options.routeSelectionKey)) throw fail('routeSelectionKey', 'must be a non-empty string');
  const { routes, query, protocols, iam } = options;
  if (routes !== undefined && (routes === null || typeof routes !== 'object' || Object.values(routes).some((r) => typeof r !== 'string' || !r)))
    throw fail('routes', 'must map subscribe/unsubscribe/publish/ping to route keys');
  if (query !== undefined && typeof query !== 'function' && (query === null || typeof query !== 'object' || Object.values(query).some((v) => typeof v !== 'string'))) {
    throw fail('query', 'must be an object of strings or a function returning one');
  }
  if (protocols !== undefined && (!Array.isArray(protocols) || protocols.some((p) => typeof p !== 'string'))) throw fail('protocols', 'must be an array of strings');
  if (options.presence !== undefined && typeof options.presence !== 'boolean' && typeof options.presence !== 'function') throw fail('presence', 'must be a boolean or a function of the channel name');
  if (iam !== undefined && typeof iam !== 'function') throw fail('iam', 'must be apiGatewayIam({ region, credentials }) (from @channelkit/transport/apigw)');
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
 * - presence channels (server-side presence, option `presence`): `{"type":"subscribed","id",
 *   "channel","self","members"}` and `{"type":"presence","channel","action":"join"|"leave","members"}`,
 *   members as `{id, name?}`
 * - `{"type":"published","id"}` · `{"type":"publish_error","id","message"}`
 * - `{"type":"event","channel","data","sender"?}` (`sender`: `{id, name?}` the server
 *   authenticated, delivered as `meta.sender`) · `{"type":"pong"}`
 *
 * Anything else the backend sends is delivered on the `$default` channel. Gateway errors
 * (`{"message": "Forbidden", …}` for a missing route, `"Internal server error"`) are reported
 * as non-fatal errors. The emulator ships a router that implements the convention.
 *
 * @example
 * ```ts
 * const client = createClient({ backend: apiGatewayWebSocket({ url: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod' }) });
 * client.channel('room-1').subscribe((msg) => console.log(msg));
 * ```
 */
export function apiGatewayWebSocket(options: ApiGatewayWebSocketOptions): Backend {
  if (options === null || typeof options !== 'object' || typeof options.url !== 'string') {
    throw new ChannelKitError('INVALID_ARGUMENT', 'apiGatewayWebSocket(options): options.url must be the stage URL, e.g. wss://abc.execute-api.us-east-1.amazonaws.com/prod');
  }
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new ChannelKitError('INVALID_ARGUMENT', `apiGatewayWebSocket(options): options.url is not a URL (${options.url.length} characters)`);
  }
  if (base.protocol !== 'wss:' && base.protocol !== 'ws:') throw new ChannelKitError('INVALID_ARGUMENT', `url must be wss:// (or ws:// for a local emulator), got ${base.protocol}`);
  validateOptions(options);
  const key = options.routeSelectionKey ?? 'action';
  const routes = { ...DEFAULT_ROUTES, ...options.routes };
  const interval = options.keepAliveIntervalMs ?? 9 * 60_000;
  if (interval >= APIGW_LIMITS.idleTimeoutMs) throw new ChannelKitError('INVALID_ARGUMENT', `keepAliveIntervalMs must be below the 10-minute idle timeout, got ${interval}`);

  const frame = (route: string, body: Record<string, unknown>) => {
    const text = JSON.stringify({ [key]: route, ...body });
    const bytes = utf8Length(text);
    if (bytes > APIGW_LIMITS.messageBytes) throw new LimitExceededError('messageBytes', bytes, APIGW_LIMITS.messageBytes, 'API Gateway WebSocket messages are at most 128 KB');
    if (bytes > APIGW_LIMITS.frameBytes) throw new LimitExceededError('frameBytes', bytes, APIGW_LIMITS.frameBytes, 'API Gateway WebSocket frames are at most 32 KB (messages are sent as one frame)');
    return text;
  };

  const presence = options.presence;
  const isPresence = typeof presence === 'function' ? presence : presence === true ? (channel: string) => channel.startsWith('presence.') : undefined;
  // channel → this connection's own member id, as the server's `subscribed` names it.
  const selves = new Map<string, string>();

  return {
    name: 'apigw',
    capabilities: isPresence ? PRESENCE_CAPABILITIES : CAPABILITIES,
    liveness:
      options.expectPong === false ? { mode: 'ping', pingIntervalMs: interval, timeoutMs: 0 } : { mode: 'ping', pingIntervalMs: interval, timeoutMs: options.pongTimeoutMs ?? 2 * interval + 5000 },
    maxConnectionMs: options.maxConnectionMs ?? APIGW_LIMITS.maxConnectionMs - 5 * 60_000,
    // $connect is the handshake: an open socket is a connected one.
    handshake: false,
    subscribeAcks: true,
    publishAcks: true,
    async connect(context) {
      const url = new URL(base);
      const query = typeof options.query === 'function' ? await options.query({ reauth: context.reauth }) : options.query;
      if (query !== undefined && (query === null || typeof query !== 'object' || Object.values(query).some((v) => typeof v !== 'string'))) {
        throw new ChannelKitError('INVALID_ARGUMENT', 'apiGatewayWebSocket(options): options.query() must return an object of strings');
      }
      for (const [k, v] of Object.entries(query ?? {})) {
        url.searchParams.set(k, v);
        context.secrets.add(v);
      }
      const target = options.iam ? await options.iam(url.toString(), context) : url.toString();
      if (target.length > 4096) throw new LimitExceededError('urlLength', target.length, 4096, 'API Gateway URLs are at most 4096 characters');
      return options.protocols ? { url: target, protocols: options.protocols } : { url: target };
    },
    decode: (raw) => decodeFrame(raw, (channel, self) => selves.set(channel, self)),
    ...(isPresence
      ? {
          channelFacets: (channel: string, { state }: FacetContext): ChannelFacets =>
            isPresence(channel)
              ? {
                  presence: {
                    members: () => state.getSnapshot().members ?? [],
                    self: () => {
                      const id = selves.get(channel);
                      return id === undefined ? undefined : (state.getSnapshot().members ?? []).find((m) => m.id === id);
                    },
                    update: async () => {
                      throw new ChannelKitError('UNSUPPORTED', 'presence.update: API Gateway presence lists the identity the server established at $connect; it carries no member data to update');
                    },
                  },
                }
              : {},
        }
      : {}),
    channelKey: apiGatewayChannel,
    // Frame sizes are checked here, so an oversized publish fails at the call, not in the outbox.
    preparePublish: (channel, events) => packFrames(key, routes.publish, channel, events),
    encodeSubscribe: ({ subscriptionId, channel }) => (channel === API_GATEWAY_DEFAULT_CHANNEL ? undefined : frame(routes.subscribe, { id: subscriptionId, channel })),
    encodeUnsubscribe: ({ subscriptionId, channel }) => (channel === API_GATEWAY_DEFAULT_CHANNEL ? undefined : frame(routes.unsubscribe, { id: subscriptionId })),
    encodePublish: ({ publishId, channel, events }) => frame(routes.publish, { id: publishId, channel, events }),
    encodePing: () => frame(routes.ping, {}),
    closeDecision(info: CloseInfo) {
      // 1003: we sent something API Gateway cannot take (binary) — a bug, not a blip.
      if (info.code === 1003)
        return { action: 'stop', error: new ProtocolError('API Gateway closed the socket with 1003 (unsupported data: binary frames are not accepted)', { details: { closeCode: 1003 } }) };
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
export function decodeApiGatewayFrame(raw: string | ArrayBuffer | Uint8Array): InboundFrame | readonly InboundFrame[] {
  return decodeFrame(raw);
}

/** A server presence member `{id, name?}` in the transport's shape (`name` as `data.name`). */
function toMember(value: unknown): PresenceMember | undefined {
  const m = value !== null && typeof value === 'object' ? (value as { id?: unknown; name?: unknown }) : undefined;
  const sender = m ? toSender(m.id, m.name) : undefined;
  if (!sender) return undefined;
  return sender.name !== undefined ? { id: sender.id, data: { name: sender.name } } : { id: sender.id };
}

const membersOf = (list: unknown): PresenceMember[] => (Array.isArray(list) ? list.map(toMember).filter((m): m is PresenceMember => m !== undefined) : []);

function decodeFrame(raw: string | ArrayBuffer | Uint8Array, onSelf?: (channel: string, self: string) => void): InboundFrame | readonly InboundFrame[] {
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
      if (typeof m.channel === 'string') {
        // The sender a server stamped (`@channelkit/server` does, from $connect's identity);
        // a server that stamps none yields no meta.sender rather than a guess.
        const s = m.sender !== null && typeof m.sender === 'object' ? (m.sender as { id?: unknown; name?: unknown }) : undefined;
        const sender = s ? toSender(s.id, s.name) : undefined;
        return sender ? { type: 'event', channel: m.channel, data: m.data, meta: { sender } } : { type: 'event', channel: m.channel, data: m.data };
      }
      break;
    case 'pong':
      return { type: 'pong' };
    case 'subscribed':
      // A presence channel's `subscribed` carries the member list and who this connection is.
      if (typeof m.channel === 'string' && Array.isArray(m.members)) {
        const self = toMember(m.self);
        if (self) onSelf?.(m.channel, self.id);
        return [
          { type: 'subscribed', subscriptionId: id },
          { type: 'presence', channel: m.channel, action: 'sync', members: membersOf(m.members) },
        ];
      }
      return { type: 'subscribed', subscriptionId: id };
    case 'presence':
      if (typeof m.channel === 'string' && (m.action === 'join' || m.action === 'leave')) return { type: 'presence', channel: m.channel, action: m.action, members: membersOf(m.members) };
      break;
    case 'subscribe_error':
      return { type: 'subscribe_failed', subscriptionId: id, error: new ChannelKitError('SUBSCRIBE_FAILED', String(m.message ?? 'subscribe refused')) };
    case 'published':
      return { type: 'publish_result', publishId: id };
    case 'publish_error':
      return { type: 'publish_result', publishId: id, error: new ChannelKitError('PUBLISH_FAILED', String(m.message ?? 'publish refused')) };
  }
  // API Gateway's own error messages: {"message": "Forbidden", "connectionId":…, "requestId":…}.
  if (typeof m.message === 'string' && typeof m.connectionId === 'string' && m.type === undefined) {
    return {
      type: 'error',
      error: new ProtocolError(`API Gateway: ${m.message}${m.message === 'Forbidden' ? ' (no route matched and there is no $default route)' : ''}`, {
        details: { requestId: m.requestId ?? m.messageId },
      }),
    };
  }
  return { type: 'event', channel: API_GATEWAY_DEFAULT_CHANNEL, data: m };
}
