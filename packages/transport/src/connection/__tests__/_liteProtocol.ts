import { AuthError, ChannelKitError, ProtocolError } from '../../index.js';
import type { Backend, CloseDecision, ConnectContext, InboundFrame, Liveness } from '../Backend.js';
import { defaultClosePolicy } from '../defaultClosePolicy.js';

/**
 * "lite": a small JSON pub/sub protocol used by the transport's tests, the scripted peer and
 * the demo. It has every feature the connection must drive — handshake with a server-set
 * keep-alive, acked subscribes and publishes, error frames, auth by token — and nothing else.
 *
 * client → server: {type:'init', token} {type:'sub', id, channel} {type:'unsub', id}
 *                  {type:'pub', id, channel, events} {type:'ping'}
 * server → client: {type:'ack', kaMs?, session?} {type:'ka'} {type:'pong'} {type:'subscribed', id, channel?, data?}
 *                  {type:'sub_error', id, message} {type:'data', id, data, eid?} {type:'cdata', channel, data}
 *                  {type:'presence', channel, action, members}
 *                  {type:'published', id, error?} {type:'error', message, fatal?: 'auth'|'stop'}
 */
export interface LiteOptions {
  url: string | (() => string);
  token?: () => Promise<string>;
  liveness?: Liveness;
  handshake?: boolean;
  subscribeAcks?: boolean;
  publishAcks?: boolean;
  /** Makes encodeSubscribe async (like per-subscribe SigV4) with this many ms of delay. */
  asyncSubscribeMs?: number;
  maxEventsPerPublish?: number;
  /** Recovery hook (history): what the channel missed since an id. */
  recover?: Backend['recover'];
  /** Recovery for a channel that saw no event yet: what it missed since a time. */
  /** Split publishes into requests of maxEventsPerPublish instead of refusing them. */
  splitBatches?: boolean;
  maxConnectionMs?: number;
  /** Channels starting with "local:" are never sent to the server (like API Gateway's `$default`). */
  /** Records every connect call for assertions. */
  connects?: ConnectContext[];
}

export function liteProtocol(options: LiteOptions): Backend {
  let token = '';
  return {
    name: 'lite',
    capabilities: {
      publish: 'socket',
      publishAcks: options.publishAcks ?? true,
      wildcardSubscribe: false,
      history: false,
      presence: false,
      storage: false,
      limits: { eventBytes: 10_000, batchEvents: options.maxEventsPerPublish ?? 5, channelNameLength: 64 },
    },
    ...(options.maxConnectionMs === undefined ? {} : { maxConnectionMs: options.maxConnectionMs }),
    liveness: options.liveness ?? { mode: 'keepalive', timeoutMs: 30_000 },
    handshake: options.handshake ?? true,
    subscribeAcks: options.subscribeAcks ?? true,
    publishAcks: options.publishAcks ?? true,
    async connect(context) {
      options.connects?.push(context);
      if (options.token) {
        token = await options.token();
        context.secrets.add(token);
      }
      return { url: typeof options.url === 'function' ? options.url() : options.url, protocols: ['lite'] };
    },
    onOpen: () => [JSON.stringify({ type: 'init', token })],
    decode(data) {
      const m = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data)) as Record<string, unknown>;
      return decodeLite(m);
    },
    channelKey(channel) {
      // Leading slash optional, as on AppSync: both spellings name one channel.
      const key = channel.startsWith('/') ? channel : `/${channel}`;
      if (!/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(key)) throw new ChannelKitError('INVALID_CHANNEL', `bad channel ${channel}`);
      return key;
    },
    preparePublish(_channel, events) {
      const max = options.maxEventsPerPublish ?? 5;
      if (options.splitBatches) {
        const batches = [];
        for (let offset = 0; offset < events.length; offset += max) {
          const slice = events.slice(offset, offset + max);
          batches.push({ offset, events: slice, bytes: JSON.stringify(slice).length });
        }
        return batches;
      }
      if (events.length > max) throw new ChannelKitError('LIMIT_EXCEEDED', `at most ${max} events per publish`);
      return [{ offset: 0, events, bytes: JSON.stringify(events).length }];
    },
    encodeSubscribe({ subscriptionId, channel }) {
      if (channel.startsWith('/local')) return undefined;
      const frame = JSON.stringify({ type: 'sub', id: subscriptionId, channel });
      if (options.asyncSubscribeMs === undefined) return frame;
      return new Promise((resolve) => setTimeout(() => resolve(frame), options.asyncSubscribeMs));
    },
    encodeUnsubscribe: ({ subscriptionId }) => JSON.stringify({ type: 'unsub', id: subscriptionId }),
    encodePublish: ({ publishId, channel, events }) => JSON.stringify({ type: 'pub', id: publishId, channel, events }),
    encodePing: () => JSON.stringify({ type: 'ping' }),
    closeDecision: defaultClosePolicy,
    ...(options.recover ? { recover: options.recover } : {}),
  };
}

function decodeLite(m: Record<string, unknown>): InboundFrame {
  switch (m.type) {
    case 'ack':
      return {
        type: 'connected',
        ...(typeof m.kaMs === 'number' ? { keepAliveTimeoutMs: m.kaMs } : {}),
        ...(m.session ? { session: m.session as { connectionId: string; secret: string; expiresAt: number } } : {}),
      };
    case 'ka':
      return { type: 'keepalive' };
    case 'pong':
      return { type: 'pong' };
    case 'subscribed':
      return { type: 'subscribed', subscriptionId: String(m.id), ...(typeof m.channel === 'string' ? { channel: m.channel } : {}), ...(m.data !== undefined ? { data: m.data } : {}) };
    case 'presence':
      return { type: 'presence', channel: String(m.channel), action: m.action as 'sync', members: m.members as Array<{ id: string }> };
    case 'sub_error':
      return { type: 'subscribe_failed', subscriptionId: String(m.id), error: new ChannelKitError('SUBSCRIBE_FAILED', String(m.message)) };
    case 'data':
      return { type: 'event', subscriptionId: String(m.id), data: m.data, ...(typeof m.eid === 'string' ? { id: m.eid } : {}) };
    case 'cdata':
      return { type: 'event', channel: String(m.channel), data: m.data };
    case 'published':
      return m.error ? { type: 'publish_result', publishId: String(m.id), error: new ChannelKitError('PUBLISH_FAILED', String(m.error)) } : { type: 'publish_result', publishId: String(m.id) };
    case 'error': {
      const decision: CloseDecision | undefined = m.fatal === 'auth' ? { action: 'reauth' } : m.fatal === 'stop' ? { action: 'stop', error: new ProtocolError(String(m.message)) } : undefined;
      const error = m.fatal === 'auth' ? new AuthError(String(m.message)) : new ProtocolError(String(m.message));
      return decision ? { type: 'error', error, decision } : { type: 'error', error };
    }
    default:
      throw new ProtocolError(`unknown frame type ${String(m.type)}`);
  }
}
