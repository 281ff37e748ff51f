import { defaultClosePolicy } from '../../connection/defaultClosePolicy.js';
import type { ProtocolAdapter } from '../../connection/ProtocolAdapter.js';
import { LimitExceededError } from '../../errors/errors.js';
import type { Redactor } from '../../errors/redact.js';
import { base64UrlEncode } from '../../lib/base64url.js';
import type { AppSyncAuth, AppSyncAuthRequest } from './auth.js';
import { appSyncChannel } from './channelPath.js';
import { decodeAppSyncFrame } from './codec.js';
import { type AppSyncEndpoints, resolveAppSyncEndpoints } from './endpoints.js';
import { APPSYNC_LIMITS, encodeEvents } from './limits.js';

/**
 * Where an Event API is and how to authorize against it. `auth` is the default for every
 * operation; the others override it for one kind of operation or one channel.
 *
 * @example
 * ```ts
 * const config: AppSyncEventsConfig = {
 *   httpEndpoint: 'https://abc.appsync-api.us-east-1.amazonaws.com/event',
 *   auth: userPoolAuth(getAccessToken),
 *   channelAuth: (channel) => (channel.startsWith('/public/') ? apiKeyAuth(key) : undefined),
 * };
 * ```
 */
export interface AppSyncEventsConfig {
  /** `https://<id>.appsync-api.<region>.amazonaws.com/event`, a custom domain, or the emulator's. */
  httpEndpoint: string;
  /** Derived from `httpEndpoint` unless given. */
  realtimeEndpoint?: string;
  auth: AppSyncAuth;
  /** Auth for the connection itself (the `header-…` subprotocol). */
  connectionAuth?: AppSyncAuth;
  subscribeAuth?: AppSyncAuth;
  publishAuth?: AppSyncAuth;
  /** Per-channel override; return undefined to fall back. Per-publish `auth` wins over it. */
  channelAuth?: (channel: string, operation: 'subscribe' | 'publish') => AppSyncAuth | undefined;
}

/**
 * Per-operation options carried through the connection to the codec.
 *
 * @example
 * ```ts
 * connection.publish('/default/a', ['{"n":1}'], { encoded: true, auth: iamAuth(opts) } satisfies AppSyncPublishContext);
 * ```
 */
export interface AppSyncPublishContext {
  auth?: AppSyncAuth;
  /** The events are JSON strings already (the client encodes once, to measure and split). */
  encoded?: boolean;
}

/**
 * The auth an operation on a channel uses: the channel override, else the operation kind's,
 * else the default (a per-publish `auth` option wins over all of them).
 *
 * @example
 * ```ts
 * const auth = appSyncAuthFor(config, '/admin/alerts', 'publish');
 * ```
 */
export function appSyncAuthFor(config: AppSyncEventsConfig, channel: string, operation: 'subscribe' | 'publish'): AppSyncAuth {
  return config.channelAuth?.(channel, operation) ?? (operation === 'subscribe' ? config.subscribeAuth : config.publishAuth) ?? config.auth;
}

/** Header names whose values are secrets. */
const SECRET_HEADERS = ['x-api-key', 'authorization', 'Authorization', 'x-amz-security-token', 'X-Amz-Security-Token'];

/**
 * The AppSync Events WebSocket protocol as a {@link ProtocolAdapter}: subprotocols
 * `aws-appsync-event-ws` + `header-<base64url auth>`, `connection_init`/`connection_ack`
 * (its `connectionTimeoutMs` arms the `ka` watchdog), subscribe/unsubscribe, publish with
 * per-event results, and the error frames. Most apps use {@link createAppSyncEventsClient},
 * which adds batching and HTTP publish on top.
 *
 * @example
 * ```ts
 * const connection = createConnection({ protocol: appSyncEvents({ httpEndpoint, auth: apiKeyAuth(key) }) });
 * ```
 */
export function appSyncEvents(config: AppSyncEventsConfig): ProtocolAdapter & { readonly endpoints: AppSyncEndpoints } {
  const endpoints = resolveAppSyncEndpoints(config.httpEndpoint, config.realtimeEndpoint);
  let secrets: Redactor | undefined;
  let forceRefresh = false;

  const authorize = async (auth: AppSyncAuth, operation: AppSyncAuthRequest['operation'], body: string) => {
    const headers = await auth.headers({ host: endpoints.host, httpUrl: endpoints.httpUrl, body, operation, forceRefresh });
    for (const name of SECRET_HEADERS) secrets?.add(headers[name]);
    return headers;
  };
  const authFor = (channel: string, operation: 'subscribe' | 'publish', override?: AppSyncAuth) => override ?? appSyncAuthFor(config, channel, operation);

  return {
    name: 'appsync-events',
    endpoints,
    // AWS: `ka` every 60 s; no `ka` within connectionTimeoutMs (300 s, from the ack) = dead.
    liveness: { mode: 'keepalive', timeoutMs: 300_000 },
    handshake: true,
    subscribeAcks: true,
    publishAcks: true,
    async connect(context) {
      secrets = context.secrets;
      forceRefresh = context.reauth;
      const headers = await authorize(config.connectionAuth ?? config.auth, 'connect', '{}');
      return { url: endpoints.realtimeUrl, protocols: ['aws-appsync-event-ws', `header-${base64UrlEncode(JSON.stringify(headers))}`] };
    },
    onOpen: () => ['{"type":"connection_init"}'],
    decode: decodeAppSyncFrame,
    validateChannel(channel, use) {
      appSyncChannel(channel, use);
    },
    validatePublish(_channel, events) {
      if (events.length > APPSYNC_LIMITS.eventsPerPublish) {
        throw new LimitExceededError('eventsPerPublish', events.length, APPSYNC_LIMITS.eventsPerPublish, 'AppSync Events accepts at most 5 events per publish (createAppSyncEventsClient splits larger batches)');
      }
    },
    async encodeSubscribe({ subscriptionId, channel }) {
      const normal = appSyncChannel(channel, 'subscribe');
      const authorization = await authorize(authFor(normal, 'subscribe'), 'subscribe', JSON.stringify({ channel: normal }));
      return JSON.stringify({ type: 'subscribe', id: subscriptionId, channel: normal, authorization });
    },
    encodeUnsubscribe: ({ subscriptionId }) => JSON.stringify({ type: 'unsubscribe', id: subscriptionId }),
    async encodePublish({ publishId, channel, events, context }) {
      const ctx = (context ?? {}) as AppSyncPublishContext;
      const normal = appSyncChannel(channel, 'publish');
      const encoded = ctx.encoded ? (events as string[]) : encodeEvents(events);
      // The IAM signature covers exactly this body; the server rebuilds it the same way.
      const body = JSON.stringify({ channel: normal, events: encoded });
      const authorization = await authorize(authFor(normal, 'publish', ctx.auth), 'publish', body);
      return JSON.stringify({ type: 'publish', id: publishId, channel: normal, events: encoded, authorization });
    },
    closeDecision: defaultClosePolicy,
  };
}
