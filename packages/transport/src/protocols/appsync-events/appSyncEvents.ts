import type { Capabilities } from '../../client/Capabilities.js';
import type { PublishResult } from '../../client/PublishResult.js';
import type { Backend } from '../../connection/Backend.js';
import { defaultClosePolicy } from '../../connection/defaultClosePolicy.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import type { Redactor } from '../../errors/redact.js';
import { base64UrlEncode } from '../../lib/base64url.js';
import type { AppSyncAuth, AppSyncAuthRequest } from './auth.js';
import { appSyncChannel, MAX_SEGMENT_LENGTH, MAX_SEGMENTS } from './channelPath.js';
import { type AppSyncPublishResult, decodeAppSyncFrame } from './codec.js';
import { withHandlerSender } from './withHandlerSender.js';
import { type AppSyncEndpoints, resolveAppSyncEndpoints } from './endpoints.js';
import { postEvents } from './httpPublish.js';
import { APPSYNC_LIMITS } from './limits.js';
import { encodeEvents, splitIntoRequests } from './publishBatches.js';

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
  realtimeEndpoint?: string | undefined;
  auth: AppSyncAuth;
  /** Auth for the connection itself (the `header-…` subprotocol). */
  connectionAuth?: AppSyncAuth | undefined;
  subscribeAuth?: AppSyncAuth | undefined;
  publishAuth?: AppSyncAuth | undefined;
  /** Per-channel override; return undefined to fall back. Per-publish `auth` wins over it. */
  channelAuth?: ((channel: string, operation: 'subscribe' | 'publish') => AppSyncAuth | undefined) | undefined;
  /**
   * `'handler'`: every namespace this client subscribes to runs an `onPublish` handler that
   * stamps the publisher as `payload.sender = { id, name? }` (docs/appsync-events.md), so
   * `meta.sender` is read from there and `sender` is taken out of `data`. Leave it unset (the
   * default) otherwise: without a handler any publisher can write any `sender` field, and
   * `meta.sender` stays `undefined`.
   */
  senderFrom?: 'handler' | undefined;
}

/**
 * Options of one AppSync Events publish, passed as `context` (socket and HTTP alike).
 *
 * @example
 * ```ts
 * await client.publish('/admin/alerts', [alert], { context: { auth: iamAuth({ region, credentials }) } satisfies AppSyncPublishContext });
 * ```
 */
export interface AppSyncPublishContext {
  /** Auth for this publish only (wins over `channelAuth`, `publishAuth` and `auth`). */
  auth?: AppSyncAuth;
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

const isAuth = (auth: unknown): auth is AppSyncAuth => auth !== null && typeof auth === 'object' && typeof (auth as AppSyncAuth).headers === 'function';

/** What AppSync Events can do (AWS quotas; no history, presence or storage). */
const CAPABILITIES: Capabilities = Object.freeze({
  publish: 'both',
  publishAcks: true,
  wildcardSubscribe: true,
  history: false,
  presence: false,
  storage: false,
  limits: Object.freeze({ eventBytes: APPSYNC_LIMITS.eventBytes, batchEvents: APPSYNC_LIMITS.eventsPerPublish, channelNameLength: MAX_SEGMENTS * (MAX_SEGMENT_LENGTH + 1) }),
});

/** AppSync's `{identifier, index}` results in the shape every backend shares. */
function toPublishResult(result: AppSyncPublishResult): PublishResult {
  return {
    successful: result.successful.map((s) => ({ index: s.index, id: s.identifier })),
    failed: result.failed.map((f) => ({ index: f.index, id: f.identifier, code: f.code === undefined ? 'PUBLISH_FAILED' : String(f.code), message: f.message ?? 'refused by AppSync Events' })),
  };
}

/**
 * The AppSync Events backend for `createClient`: subprotocols `aws-appsync-event-ws` +
 * `header-<base64url auth>`, `connection_init`/`connection_ack` (its `connectionTimeoutMs` arms
 * the `ka` watchdog), subscribe/unsubscribe (wildcards allowed), publish over the socket or
 * `POST /event` with per-event results, batches of any size split into requests of at most 5
 * events and 1.2 MB, every auth mode. AppSync keeps no history: after an outage channels get
 * `onDiscontinuity`.
 *
 * @example
 * ```ts
 * import { createClient } from '@channelkit/transport';
 * import { appSyncEvents, apiKeyAuth } from '@channelkit/transport/appsync-events';
 * const client = createClient({ backend: appSyncEvents({ httpEndpoint, auth: apiKeyAuth(key) }) });
 * await client.publish('/default/room', [{ text: 'over HTTP' }], { via: 'http' });
 * ```
 */
export function appSyncEvents(config: AppSyncEventsConfig): Backend & { readonly endpoints: AppSyncEndpoints } {
  if (config === null || typeof config !== 'object') throw new ChannelKitError('INVALID_ARGUMENT', 'appSyncEvents(config): config must be an object with httpEndpoint and auth');
  for (const key of ['auth', 'connectionAuth', 'subscribeAuth', 'publishAuth'] as const) {
    if ((key === 'auth' || config[key] !== undefined) && !isAuth(config[key])) {
      throw new ChannelKitError('INVALID_ARGUMENT', `appSyncEvents(config): config.${key} must be an auth from apiKeyAuth, userPoolAuth, oidcAuth, lambdaAuth or iamAuth`);
    }
  }
  if (config.senderFrom !== undefined && config.senderFrom !== 'handler') throw new ChannelKitError('INVALID_ARGUMENT', "appSyncEvents(config): config.senderFrom must be 'handler' or undefined");
  if (config.channelAuth !== undefined && typeof config.channelAuth !== 'function')
    throw new ChannelKitError('INVALID_ARGUMENT', 'appSyncEvents(config): config.channelAuth must be a function (channel, operation) => auth | undefined');
  const endpoints = resolveAppSyncEndpoints(config.httpEndpoint, config.realtimeEndpoint);
  let secrets: Redactor | undefined;
  let forceRefresh = false;

  const authorize = async (auth: AppSyncAuth, operation: AppSyncAuthRequest['operation'], body: string) => {
    const headers = await auth.headers({ host: endpoints.host, httpUrl: endpoints.httpUrl, body, operation, forceRefresh });
    for (const name of SECRET_HEADERS) secrets?.add(headers[name]);
    return headers;
  };
  const authFor = (channel: string, operation: 'subscribe' | 'publish', override?: AppSyncAuth) => override ?? appSyncAuthFor(config, channel, operation);
  const contextAuth = (context: unknown) => (context as AppSyncPublishContext | undefined)?.auth;
  // A per-publish override is checked with the events, before anything is queued or sent.
  const checkContext = (context: unknown) => {
    if (context === undefined) return;
    if (context === null || typeof context !== 'object') throw new ChannelKitError('INVALID_ARGUMENT', 'publish options.context must be an object such as { auth }');
    const auth = contextAuth(context);
    if (auth !== undefined && !isAuth(auth))
      throw new ChannelKitError('INVALID_ARGUMENT', 'publish options.context.auth must be an auth from apiKeyAuth, userPoolAuth, oidcAuth, lambdaAuth or iamAuth');
  };

  return {
    name: 'appsync-events',
    endpoints,
    capabilities: CAPABILITIES,
    // AWS: `ka` every 60 s; no `ka` within connectionTimeoutMs (300 s, from the ack) = dead.
    liveness: { mode: 'keepalive', timeoutMs: 300_000 },
    handshake: true,
    subscribeAcks: true,
    publishAcks: true,
    channelKey: appSyncChannel,
    async connect(context) {
      secrets = context.secrets;
      forceRefresh = context.reauth;
      const headers = await authorize(config.connectionAuth ?? config.auth, 'connect', '{}');
      return { url: endpoints.realtimeUrl, protocols: ['aws-appsync-event-ws', `header-${base64UrlEncode(JSON.stringify(headers))}`] };
    },
    onOpen: () => ['{"type":"connection_init"}'],
    decode: config.senderFrom === 'handler' ? (raw) => withHandlerSender(decodeAppSyncFrame(raw)) : decodeAppSyncFrame,
    async encodeSubscribe({ subscriptionId, channel }) {
      const authorization = await authorize(authFor(channel, 'subscribe'), 'subscribe', JSON.stringify({ channel }));
      return JSON.stringify({ type: 'subscribe', id: subscriptionId, channel, authorization });
    },
    encodeUnsubscribe: ({ subscriptionId }) => JSON.stringify({ type: 'unsubscribe', id: subscriptionId }),
    // Events travel as JSON strings: encode once here, to measure, split, sign and send.
    preparePublish: (channel, events, context) => {
      checkContext(context);
      return splitIntoRequests(channel, encodeEvents(events));
    },
    async encodePublish({ publishId, channel, events, context }) {
      // The IAM signature covers exactly this body; the server rebuilds it the same way.
      const body = JSON.stringify({ channel, events });
      const authorization = await authorize(authFor(channel, 'publish', contextAuth(context)), 'publish', body);
      return JSON.stringify({ type: 'publish', id: publishId, channel, events, authorization });
    },
    publishResult: (detail) => toPublishResult((detail ?? { successful: [], failed: [] }) as AppSyncPublishResult),
    async publish({ channel, events, context, fetch, secrets: redactor }) {
      const auth = authFor(channel, 'publish', contextAuth(context));
      return toPublishResult(await postEvents({ endpoints, auth, fetch, secrets: redactor }, channel, events as string[], 0));
    },
    closeDecision: defaultClosePolicy,
  };
}
