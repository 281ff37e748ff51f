import { ChannelKitError, type MessageSender } from '@channelkit/transport';
import { apiGatewayChannel } from '@channelkit/transport/apigw';
import type { CredentialsInput } from '@channelkit/transport/sigv4';
import { ConnectionsClient } from '@channelkit/transport/server';
import type { ApiGatewayProxyResult, ApiGatewayWebSocketEvent } from './ApiGatewayWebSocketEvent.js';
import type { ChannelStore, ConnectionIdentity, StoredConnection, StoredSubscription } from './ChannelStore.js';
import { defaultIdentify } from './defaultIdentify.js';

/** API Gateway quotas: inbound frames (what clients send) and `@connections` posts. */
const FRAME_BYTES = 32 * 1024;
const MESSAGE_BYTES = 128 * 1024;

/**
 * What `authorize` is asked: may this connection do this on this channel?
 *
 * @example
 * ```ts
 * const authorize = ({ connection, channel }: AuthorizeRequest) => !channel.startsWith('admin:') || connection.identity.claims?.admin === true;
 * ```
 */
export interface AuthorizeRequest {
  connection: StoredConnection;
  channel: string;
  action: 'subscribe' | 'publish';
}

/**
 * Options of {@link createChannelRouter}.
 *
 * @example
 * ```ts
 * const options: ChannelRouterOptions = { store: memoryStore(), authorize: ({ action }) => action === 'subscribe' };
 * ```
 */
export interface ChannelRouterOptions {
  store: ChannelStore;
  /**
   * Who a `$connect` is (default: {@link defaultIdentify}, the authorizer's principal or
   * claims). `undefined`/`null` refuses the connection with 401, unless `anonymous` is set.
   */
  identify?: (event: ApiGatewayWebSocketEvent) => ConnectionIdentity | undefined | null | Promise<ConnectionIdentity | undefined | null>;
  /**
   * Accept connections nobody vouched for (default `false`): each is a presence member
   * `{ id: 'anonymous:<connectionId>' }`, and its events carry no `sender` (clients show them as
   * unverified). For public channels and the emulator's built-in router.
   */
  anonymous?: boolean;
  /** May this connection subscribe to / publish on this channel (default: yes). */
  authorize?: (request: AuthorizeRequest) => boolean | Promise<boolean>;
  /** Which channels have server-side presence (default: names starting with `presence.`). */
  presence?: (channel: string) => boolean;
  /** Posts in flight at once per fan-out (default 32). */
  concurrency?: number;
  /**
   * `@connections` credentials (default: the Lambda environment's `AWS_ACCESS_KEY_ID`,
   * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, read on each invocation).
   */
  credentials?: CredentialsInput;
  /** Region for SigV4 (default: `AWS_REGION`, else the one in `domainName`, else us-east-1). */
  region?: string;
  /**
   * The `@connections` endpoint (default `https://<domainName>/<stage>`; `http://` for a
   * loopback `domainName`, i.e. the emulator). Set it for a custom domain with a base path.
   */
  endpoint?: (event: ApiGatewayWebSocketEvent) => string;
  /** For tests: the `fetch` the management client uses. */
  fetch?: typeof fetch;
}

/**
 * A Lambda handler for an API Gateway WebSocket API's proxy integration.
 *
 * @example
 * ```ts
 * const handler: ChannelRouter = createChannelRouter({ store: memoryStore() });
 * ```
 */
export type ChannelRouter = (event: ApiGatewayWebSocketEvent, context?: unknown) => Promise<ApiGatewayProxyResult>;

/**
 * The server half of ChannelKit's channel convention on API Gateway (the client half is
 * `apiGatewayWebSocket` in `@channelkit/transport/apigw`): one Lambda handler for the routes
 * `$connect`, `$disconnect`, `subscribe`, `unsubscribe`, `publish`, `ping` and `$default`.
 * It keeps nothing in memory between invocations (all state is in `store`), stamps every
 * event with the sender `$connect` identified, asks `authorize` per channel, tracks presence
 * on presence channels, and posts through `@connections` with bounded concurrency, retries on
 * 429/5xx and pruning of connections that answer 410 Gone. It needs no configuration to post:
 * the endpoint comes from the event, credentials from the Lambda environment.
 *
 * @example
 * ```ts
 * import { createChannelRouter, memoryStore } from '@channelkit/server';
 *
 * export const handler = createChannelRouter({
 *   store: memoryStore(),
 *   authorize: ({ connection, channel, action }) => action === 'subscribe' || channel === `user:${connection.identity.id}`,
 * });
 * ```
 */
export function createChannelRouter(options: ChannelRouterOptions): ChannelRouter {
  validate(options);
  const { store } = options;
  const isPresence = options.presence ?? ((channel: string) => channel.startsWith('presence.'));
  const concurrency = options.concurrency ?? 32;

  return async (event) => {
    if (event === null || typeof event !== 'object' || event.requestContext === null || typeof event.requestContext !== 'object') {
      throw new ChannelKitError('INVALID_ARGUMENT', 'event must be an API Gateway WebSocket proxy event (event.requestContext is missing)', {
        details: { argument: 'event', rule: 'must be an API Gateway WebSocket proxy event' },
      });
    }
    const { routeKey, connectionId } = event.requestContext;
    const connections = managementClient(event);
    const post = (frame: Record<string, unknown>) => connections.post(connectionId, frame).catch(() => {});

    /** Removes a connection's subscriptions, tells presence peers, then the connection itself. */
    const forget = async (id: string): Promise<void> => {
      for (const sub of await store.subscriptionsOf(id)) await leave(sub.channel, id);
      await store.deleteConnection(id);
    };
    const leave = async (channel: string, id: string): Promise<void> => {
      const removed = await store.unsubscribe(channel, id);
      if (!removed?.presence) return;
      const rest = await store.subscribers(channel);
      // A user with another connection on the channel is still there.
      if (rest.some((s) => s.presence && s.sender.id === removed.sender.id)) return;
      await fanOut(rest, { type: 'presence', channel, action: 'leave', members: [removed.sender] });
    };
    const fanOut = async (subs: readonly StoredSubscription[], frame: Record<string, unknown>): Promise<void> => {
      const ids = [...new Set(subs.map((s) => s.connectionId))];
      if (ids.length === 0) return;
      const { gone } = await connections.fanOut(ids, frame, { concurrency });
      // A connection that died without $disconnect: its subscriptions and presence go now.
      for (const id of gone) await forget(id);
    };

    switch (routeKey) {
      case '$connect': {
        let identity: ConnectionIdentity | undefined | null;
        try {
          identity = await (options.identify ?? defaultIdentify)(event);
        } catch {
          // The callback's error may carry a token: nothing of it goes back to the client.
          return { statusCode: 500 };
        }
        if (identity === undefined || identity === null) {
          if (!options.anonymous) return { statusCode: 401 };
          identity = { id: `anonymous:${connectionId}`, anonymous: true };
        }
        if (typeof identity.id !== 'string' || identity.id === '') return { statusCode: 500 };
        await store.putConnection({ connectionId, identity: publicAndClaims(identity), connectedAt: Date.now() });
        return { statusCode: 200 };
      }
      case '$disconnect':
        await forget(connectionId);
        return { statusCode: 200 };
      case 'ping':
        await post({ type: 'pong' });
        return { statusCode: 200 };
      case 'subscribe': {
        const m = parse(event.body);
        const id = stringId(m.id);
        const refuse = async (message: string) => {
          await post({ type: 'subscribe_error', ...id, message });
          return { statusCode: 200 };
        };
        if (id.id === undefined) return refuse('subscribe needs a string id');
        const channel = checkChannel(m.channel);
        if (typeof channel !== 'string') return refuse(channel.error);
        const connection = await store.getConnection(connectionId);
        if (!connection) return refuse('this connection is unknown to the router (no $connect was stored)');
        if (!(await allowed(options, connection, channel, 'subscribe'))) return refuse(`not authorized to subscribe to "${channel}"`);
        const presence = isPresence(channel);
        const sender = senderOf(connection.identity);
        const fresh = await store.subscribe({ channel, connectionId, subscriptionId: id.id, sender, presence });
        if (!presence) {
          await post({ type: 'subscribed', id: id.id, channel });
          return { statusCode: 200 };
        }
        const subs = await store.subscribers(channel);
        await post({ type: 'subscribed', id: id.id, channel, self: sender, members: membersOf(subs) });
        const already = subs.some((s) => s.presence && s.connectionId !== connectionId && s.sender.id === sender.id);
        if (fresh && !already)
          await fanOut(
            subs.filter((s) => s.connectionId !== connectionId),
            { type: 'presence', channel, action: 'join', members: [sender] },
          );
        return { statusCode: 200 };
      }
      case 'unsubscribe': {
        const m = parse(event.body);
        if (typeof m.id !== 'string') return { statusCode: 200 };
        const sub = (await store.subscriptionsOf(connectionId)).find((s) => s.subscriptionId === m.id);
        if (sub) await leave(sub.channel, connectionId);
        return { statusCode: 200 };
      }
      case 'publish': {
        const m = parse(event.body);
        const id = stringId(m.id);
        const refuse = async (message: string) => {
          await post({ type: 'publish_error', ...id, message });
          return { statusCode: 200 };
        };
        if (id.id === undefined) return refuse('publish needs a string id');
        // API Gateway splits nothing: a message over 32 KB was one frame over the frame limit.
        if (utf8(event.body ?? '') > FRAME_BYTES) return refuse(`the publish message is over API Gateway's 32 KB frame limit`);
        const channel = checkChannel(m.channel);
        if (typeof channel !== 'string') return refuse(channel.error);
        if (!Array.isArray(m.events) || m.events.length === 0) return refuse('publish needs a non-empty events array');
        const connection = await store.getConnection(connectionId);
        if (!connection) return refuse('this connection is unknown to the router (no $connect was stored)');
        if (!(await allowed(options, connection, channel, 'publish'))) return refuse(`not authorized to publish to "${channel}"`);
        // The sender is the one $connect stored, never anything in the payload (none for an
        // anonymous connection: nobody vouched for it).
        const sender = senderOf(connection.identity);
        let frames: Record<string, unknown>[];
        try {
          frames = m.events.map((data) => (connection.identity.anonymous ? { type: 'event', channel, data } : { type: 'event', channel, data, sender }));
          for (const frame of frames) {
            const bytes = utf8(JSON.stringify(frame));
            if (bytes > MESSAGE_BYTES) return refuse(`an event is ${bytes} bytes with its envelope: @connections posts are at most 128 KB`);
          }
        } catch {
          // Events nested past what JSON.stringify can recurse through.
          return refuse('events are nested too deeply to relay');
        }
        const subs = await store.subscribers(channel);
        for (const frame of frames) await fanOut(subs, frame);
        await post({ type: 'published', id: id.id });
        return { statusCode: 200 };
      }
      default:
        // `$default` (an action no route matched): answered in the gateway's error shape, which
        // the client reports as a non-fatal protocol error.
        await post({ message: 'Unknown action: the channel convention has subscribe, unsubscribe, publish and ping', connectionId, requestId: event.requestContext.requestId ?? '' });
        return { statusCode: 200 };
    }
  };

  function managementClient(event: ApiGatewayWebSocketEvent): ConnectionsClient {
    const { domainName, stage } = event.requestContext;
    const env = globalThis.process?.env ?? {};
    const endpoint = options.endpoint?.(event) ?? `${isLoopback(domainName) ? 'http' : 'https'}://${domainName}/${stage}`;
    const region = options.region ?? env.AWS_REGION ?? /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(String(domainName))?.[1] ?? 'us-east-1';
    const credentials: CredentialsInput =
      options.credentials ??
      (async () => {
        const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
        if (!accessKeyId || !secretAccessKey)
          throw new ChannelKitError('AUTH_FAILED', 'createChannelRouter: no credentials to post with (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set, and options.credentials is absent)');
        return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
      });
    return new ConnectionsClient({ endpoint, region, credentials, ...(options.fetch ? { fetch: options.fetch } : {}) });
  }
}

/** Options checked at creation, so a typo fails at deploy time, not on the first event. */
function validate(options: ChannelRouterOptions): void {
  // The transport's convention: the message names the argument and the rule, `details` carries
  // both, and the value is never quoted (it may be a secret).
  const fail = (argument: string, rule: string) => new ChannelKitError('INVALID_ARGUMENT', `${argument} ${rule}`, { details: { argument, rule } });
  if (options === null || typeof options !== 'object') throw fail('options', 'must be an object with a store (createChannelRouter({ store: memoryStore() }))');
  const store = options.store as unknown as Record<string, unknown> | undefined;
  const methods = ['putConnection', 'getConnection', 'deleteConnection', 'subscribe', 'unsubscribe', 'subscribers', 'subscriptionsOf'];
  if (!store || typeof store !== 'object' || methods.some((m) => typeof store[m] !== 'function'))
    throw fail('options.store', `must be a ChannelStore (memoryStore(), or an object with ${methods.join(', ')})`);
  for (const name of ['identify', 'authorize', 'presence', 'endpoint', 'fetch'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw fail(`options.${name}`, 'must be a function');
  }
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1 && options.concurrency <= 1000))
    throw fail('options.concurrency', 'must be an integer from 1 to 1000');
  if (options.anonymous !== undefined && typeof options.anonymous !== 'boolean') throw fail('options.anonymous', 'must be a boolean');
  if (options.region !== undefined && (typeof options.region !== 'string' || !/^[a-z0-9-]{1,64}$/.test(options.region))) throw fail('options.region', 'must be a region like "us-east-1"');
}

async function allowed(options: ChannelRouterOptions, connection: StoredConnection, channel: string, action: 'subscribe' | 'publish'): Promise<boolean> {
  if (!options.authorize) return true;
  try {
    return (await options.authorize({ connection, channel, action })) === true;
  } catch {
    // A throwing policy refuses: failing open would grant what nobody decided to grant.
    return false;
  }
}

/** What peers see of a connection: id and name, never its claims. */
function senderOf(identity: ConnectionIdentity): MessageSender {
  return identity.name !== undefined ? { id: identity.id, name: identity.name } : { id: identity.id };
}

function publicAndClaims(identity: ConnectionIdentity): ConnectionIdentity {
  return { ...senderOf(identity), ...(identity.claims !== undefined ? { claims: identity.claims } : {}), ...(identity.anonymous ? { anonymous: true as const } : {}) };
}

/** One member per user (a user with two tabs is one member), sorted by id. */
function membersOf(subs: readonly StoredSubscription[]): MessageSender[] {
  const byId = new Map<string, MessageSender>();
  for (const s of subs) if (s.presence) byId.set(s.sender.id, s.sender);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checkChannel(channel: unknown): string | { error: string } {
  if (typeof channel !== 'string') return { error: 'a channel name must be a string' };
  try {
    apiGatewayChannel(channel, 'publish');
    return channel;
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'invalid channel name' };
  }
}

function parse(body: string | null | undefined): Record<string, unknown> {
  // API Gateway's message limit bounds what can arrive; parse up to it so errors can name the id.
  if (typeof body !== 'string' || body.length > MESSAGE_BYTES) return {};
  try {
    const m = JSON.parse(body);
    return m && typeof m === 'object' && !Array.isArray(m) ? m : {};
  } catch {
    return {};
  }
}

/** Echo an id only when it is a short string: anything else is attacker-shaped (and may be deep). */
function stringId(id: unknown): { id?: string } {
  return typeof id === 'string' && id.length <= 128 ? { id } : {};
}

function isLoopback(domainName: unknown): boolean {
  return typeof domainName === 'string' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(domainName);
}

function utf8(text: string): number {
  return new TextEncoder().encode(text).length;
}
