import type { Capabilities } from '../../client/Capabilities.js';
import type { Backend, CloseInfo, InboundFrame, Session } from '../../connection/Backend.js';
import { defaultClosePolicy } from '../../connection/defaultClosePolicy.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { ConnectionError, LimitExceededError } from '../../errors/errors.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { utf8Length } from '../../lib/utf8Length.js';
import { readClaims } from './claims.js';
import { decodeHotsockFrame, type WireBook } from './codec.js';
import { hotsockFacets, type StorageListener } from './facets.js';
import { type HotsockHttpApi, hotsockHttpApi } from './hotsockHttpApi.js';
import { checkedData, HOTSOCK_LIMITS, hotsockChannel, hotsockEventName } from './limits.js';
import { recoverMissed } from './recover.js';
import { checkPublishContext, checkToken } from './validateInput.js';

/**
 * Options of {@link hotsock}.
 *
 * @example
 * ```ts
 * const options: HotsockOptions = {
 *   webSocketUrl: 'wss://1ycut2oy9h.execute-api.us-east-1.amazonaws.com/v1',
 *   httpApiUrl: 'https://r6zcm2.lambda-url.us-east-1.on.aws/',
 *   connectToken: async () => (await fetch('/api/hotsock-token')).text(),
 * };
 * ```
 */
export interface HotsockOptions {
  /** The `WebSocketsAwsWssUrl` stack output, without a query string. */
  webSocketUrl: string;
  /** The `HttpApiUrl` stack output: enables HTTP publish, history, storage and presence updates. */
  httpApiUrl?: string | undefined;
  /** A fresh connect token (JWT, scope `connect`) for every connection attempt. */
  connectToken: (context: { reauth: boolean }) => Promise<string> | string;
  /** A subscribe-scoped token for a channel, or undefined to subscribe with the connect token's grants. */
  subscribeToken?: (context: { channel: string; connectionId: string | undefined }) => Promise<string | undefined> | string | undefined;
  /** A umd-scoped token carrying `umd` for `channel.presence.update(umd)` (issued by your server). */
  umdToken?: ((context: { channel: string; umd: unknown; connectionId: string | undefined }) => Promise<string> | string) | undefined;
  /** Event name of publishes that do not name one (`publish(…, { context: { event } })`). Default `message`. */
  event?: string | undefined;
  /** `hotsock.ping` interval keeping the 10-minute idle timeout away (default 4 minutes). */
  pingIntervalMs?: number | undefined;
}

/**
 * Publish options of a Hotsock publish, passed as `context`.
 *
 * @example
 * ```ts
 * await client.publish('room', [{ text: 'hi' }], { via: 'http', context: { event: 'chat', eagerIdGeneration: true } satisfies HotsockPublishContext });
 * ```
 */
export interface HotsockPublishContext {
  event?: string;
  eagerIdGeneration?: boolean;
  scheduleExpression?: string;
  scheduleExpressionTimezone?: string;
}

/**
 * A Hotsock backend: the {@link Backend} plus its Client HTTP API and storage observation.
 *
 * @example
 * ```ts
 * const backend: HotsockBackend = hotsock(options);
 * backend.onStorage(({ channel, key, data }) => console.log(channel, key, data));
 * // For the rest of the Client HTTP API, see hotsockHttpApi().
 * ```
 */
export interface HotsockBackend extends Backend {
  /** `hotsock.channelStorageUpdated` observations (on subscribe and on change). */
  onStorage(listener: StorageListener): () => void;
}

const CAPABILITIES = (http: boolean): Capabilities =>
  Object.freeze({
    publish: http ? 'both' : 'socket',
    // Socket publishes are fire-and-forget; HTTP publishes are confirmed with 202.
    publishAcks: false,
    wildcardSubscribe: false,
    history: http,
    presence: true,
    storage: http,
    limits: Object.freeze({ eventBytes: HOTSOCK_LIMITS.dataBytes, batchEvents: 1, channelNameLength: HOTSOCK_LIMITS.channelNameLength }),
  });

const contextOf = (context: unknown): HotsockPublishContext => (context !== null && typeof context === 'object' ? (context as HotsockPublishContext) : {});

/**
 * Hotsock (hotsock.io): a JWT-authorized WebSocket with channels, presence (`presence.*`),
 * echo, user metadata, channel storage and message history, plus the Client HTTP API.
 * Messages on channels with `historyStart` permission are recovered after reconnects (0 lost,
 * 0 duplicated); elsewhere subscribers get `onDiscontinuity`. One backend value per client.
 *
 * @example
 * ```ts
 * const client = createClient({
 *   backend: hotsock({ webSocketUrl, httpApiUrl, connectToken: () => fetchToken() }),
 * });
 * client.channel<{ text: string }>('room.1').subscribe((m, meta) => console.log(meta.uid, m.text));
 * ```
 */
export function hotsock(options: HotsockOptions): HotsockBackend {
  if (options === null || typeof options !== 'object') throw invalidArgument('options', `must be an object with webSocketUrl and connectToken (got ${kindOf(options)})`);
  const wsUrl = parseSocketUrl(options.webSocketUrl);
  if (typeof options.connectToken !== 'function') throw invalidArgument('options.connectToken', `must be a function returning a connect JWT (got ${kindOf(options.connectToken)})`);
  for (const name of ['subscribeToken', 'umdToken'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw invalidArgument(`options.${name}`, `must be a function when given (got ${kindOf(options[name])})`);
  }
  const defaultEvent = hotsockEventName(options.event ?? 'message');
  const pingMs = options.pingIntervalMs ?? 4 * 60_000;
  if (typeof pingMs !== 'number' || !(pingMs >= 1000 && pingMs < 10 * 60_000)) throw invalidArgument('options.pingIntervalMs', 'must be between 1000 and 599999 (below the 10-minute idle timeout)');

  let session: Session | undefined;
  /** Claims of the current connect token and of each channel's subscribe token (for historyStart). */
  let connectClaims: Record<string, unknown> | undefined;
  const subscribeClaims = new Map<string, Record<string, unknown> | undefined>();
  const storageListeners = new Set<StorageListener>();
  /** What storage observers threw while the current frame was decoded; reported with it. */
  const listenerErrors: ChannelKitError[] = [];
  const book: WireBook = {
    subscriptions: new Map(),
    aliases: new Map(),
    storage: (channel, key, data, meta) => {
      // One throwing observer must not keep the value from the others, nor turn the frame into
      // an "undecodable frame": its error is reported as LISTENER_ERROR beside the frame.
      for (const l of [...storageListeners]) {
        try {
          l({ channel, key, data, meta });
        } catch (error) {
          listenerErrors.push(new ChannelKitError('LISTENER_ERROR', `a storage observer of ${channel} threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
        }
      }
    },
  };
  const http = options.httpApiUrl !== undefined;
  // Checked now, not at the first HTTP call: a wrong URL is a mistake in the config.
  if (http) hotsockHttpApi({ httpApiUrl: options.httpApiUrl as string, credentials: () => undefined });
  // Every call goes through the client's fetch and redactor: a per-call API on the same URL.
  const apiFor = (fetchImpl: typeof fetch, secrets: Parameters<typeof hotsockHttpApi>[0]['secrets'], s: () => Session | undefined): HotsockHttpApi => {
    if (options.httpApiUrl === undefined) throw invalidArgument('options.httpApiUrl', 'is needed for the Client HTTP API (HTTP publish, history, storage, presence updates)');
    return hotsockHttpApi({
      httpApiUrl: options.httpApiUrl,
      fetch: fetchImpl,
      ...(secrets ? { secrets } : {}),
      credentials: () => {
        const live = s();
        return live?.connectionId !== undefined && live.secret !== undefined ? { connectionId: live.connectionId, connectionSecret: live.secret } : undefined;
      },
    });
  };

  const frame = (body: Record<string, unknown>): string => {
    const text = JSON.stringify(body);
    const bytes = utf8Length(text);
    if (bytes > HOTSOCK_LIMITS.messageBytes) throw new LimitExceededError('messageBytes', bytes, HOTSOCK_LIMITS.messageBytes, 'Hotsock WebSocket messages are at most 128 KB (API Gateway)');
    return text;
  };

  const backend: HotsockBackend = {
    name: 'hotsock',
    capabilities: CAPABILITIES(http),
    liveness: { mode: 'ping', pingIntervalMs: pingMs, timeoutMs: 2 * pingMs + 5000 },
    // API Gateway's 2-hour cap; `connectionExpiresAt` brings the reconnect forward if sooner.
    maxConnectionMs: 2 * 3_600_000 - 5 * 60_000,
    handshake: true,
    subscribeAcks: true,
    publishAcks: false,
    onStorage(listener) {
      if (typeof listener !== 'function') throw invalidArgument('listener', 'must be a function');
      storageListeners.add(listener);
      return () => void storageListeners.delete(listener);
    },
    channelKey: (name) => hotsockChannel(name),
    async connect(context) {
      session = undefined;
      const raw = await options.connectToken({ reauth: context.reauth });
      // Registered before the check: a near-token (a JWT with a stray space) is still a secret.
      if (typeof raw === 'string') context.secrets.add(raw);
      const token = checkToken(raw, 'options.connectToken()');
      connectClaims = readClaims(token);
      // The token goes in verbatim: base64url JWTs are URL-safe, and the server reads it raw.
      const url = `${wsUrl}?token=${token}`;
      if (url.length > 4096) throw new LimitExceededError('urlLength', url.length, 4096, 'the connect token makes the URL longer than API Gateway allows');
      return { url };
    },
    decode(raw) {
      listenerErrors.length = 0;
      const decoded = decodeHotsockFrame(raw, book);
      const frames: InboundFrame[] = Array.isArray(decoded) ? decoded : [decoded];
      for (const f of frames) if (f.type === 'connected') session = f.session;
      return listenerErrors.length === 0 ? decoded : [...frames, ...listenerErrors.splice(0).map((error): InboundFrame => ({ type: 'error', error }))];
    },
    async encodeSubscribe({ subscriptionId, channel }) {
      book.subscriptions.set(channel, subscriptionId);
      const raw = await options.subscribeToken?.({ channel, connectionId: session?.connectionId });
      const token = raw === undefined ? undefined : checkToken(raw, 'options.subscribeToken()');
      subscribeClaims.set(channel, token ? readClaims(token) : undefined);
      return frame(token ? { event: 'hotsock.subscribe', channel, data: { token } } : { event: 'hotsock.subscribe', channel });
    },
    encodeUnsubscribe({ subscriptionId, channel }) {
      if (book.subscriptions.get(channel) !== subscriptionId) return undefined;
      book.subscriptions.delete(channel);
      // Alias subscriptions are unsubscribed by their real name (as hotsock-js does).
      const real = [...book.aliases].find(([, alias]) => alias === channel)?.[0];
      if (real !== undefined) book.aliases.delete(real);
      return frame({ event: 'hotsock.unsubscribe', channel: real ?? channel });
    },
    encodePing: () => '{"event":"hotsock.ping"}',
    preparePublish(channel, events, context) {
      // Every publish passes here before it is queued or sent: the context is checked once.
      const event = hotsockEventName(checkPublishContext(context).event ?? defaultEvent);
      return events.map((data, offset) => {
        const json = checkedData(data, `event ${offset}`);
        return { offset, events: [data], bytes: utf8Length(json) + channel.length + event.length + 40 };
      });
    },
    encodePublish({ channel, events, context }) {
      const c = contextOf(context);
      const body: Record<string, unknown> = { channel, event: c.event ?? defaultEvent, data: events[0] ?? null };
      if (c.scheduleExpression !== undefined) body.scheduleExpression = c.scheduleExpression;
      if (c.scheduleExpressionTimezone !== undefined) body.scheduleExpressionTimezone = c.scheduleExpressionTimezone;
      return frame(body);
    },
    async publish({ channel, events, context, session: live, fetch: fetchImpl, secrets }) {
      // Checked before the connection: without the URL no connection could ever make this work.
      if (options.httpApiUrl === undefined) throw invalidArgument('options.via', "'http' needs the Client HTTP API: pass httpApiUrl to hotsock(…)");
      if (!live?.connectionId)
        throw new ConnectionError('CONNECTION_LOST', 'Hotsock HTTP publish needs a live connection (its id and secret authenticate the call); connect first', { retryable: true });
      const c = contextOf(context);
      const api = apiFor(fetchImpl, secrets, () => live);
      const successful: Array<{ index: number; id?: string }> = [];
      for (const [index, data] of events.entries()) {
        const answer = await api.publishMessage({ channel, event: c.event ?? defaultEvent, data, ...pick(c) });
        successful.push(answer.id !== undefined ? { index, id: answer.id } : { index });
      }
      return { successful, failed: [] };
    },
    recover: ({ channel, lastEventId, since, session: live, fetch: fetchImpl, secrets }) =>
      recoverMissed({ channel, lastEventId, since, api: options.httpApiUrl === undefined ? undefined : apiFor(fetchImpl, secrets, () => live), claims: [connectClaims, subscribeClaims.get(channel)] }),
    channelFacets: (channel, context) =>
      hotsockFacets(channel, {
        api: options.httpApiUrl === undefined ? undefined : () => apiFor(context.fetch, context.secrets, context.session),
        state: context.state,
        session: context.session,
        onStorage: (listener) => {
          storageListeners.add(listener);
          return () => void storageListeners.delete(listener);
        },
        ...(options.umdToken ? { umdToken: options.umdToken } : {}),
      }),
    closeDecision(info: CloseInfo) {
      // 1009: a message over 128 KB; that message is lost, the connection is not.
      return defaultClosePolicy(info);
    },
  };
  return backend;
}

function pick(c: HotsockPublishContext): Partial<HotsockPublishContext> {
  const out: Partial<HotsockPublishContext> = {};
  if (c.eagerIdGeneration !== undefined) out.eagerIdGeneration = c.eagerIdGeneration;
  if (c.scheduleExpression !== undefined) out.scheduleExpression = c.scheduleExpression;
  if (c.scheduleExpressionTimezone !== undefined) out.scheduleExpressionTimezone = c.scheduleExpressionTimezone;
  return out;
}

function parseSocketUrl(url: unknown): string {
  if (typeof url !== 'string')
    throw invalidArgument('options.webSocketUrl', `must be the WebSocketsAwsWssUrl stack output, e.g. wss://1ycut2oy9h.execute-api.us-east-1.amazonaws.com/v1 (got ${kindOf(url)})`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument('options.webSocketUrl', `is not a URL (${url.length} characters)`);
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') throw invalidArgument('options.webSocketUrl', `must be wss:// (or ws:// for a local emulator), got ${parsed.protocol}`);
  if (parsed.search || parsed.hash) throw invalidArgument('options.webSocketUrl', 'must have no query string (the connect token is appended as ?token=)');
  return parsed.href;
}
