import { AuthError, ChannelKitError, ProtocolError } from '../../index.js';
import { defaultClosePolicy } from '../defaultClosePolicy.js';
import type { CloseDecision, ConnectContext, InboundFrame, Liveness, ProtocolAdapter } from '../ProtocolAdapter.js';

/**
 * "lite": a small JSON pub/sub protocol used by the transport's tests, the scripted peer and
 * the demo. It has every feature the connection must drive — handshake with a server-set
 * keep-alive, acked subscribes and publishes, error frames, auth by token — and nothing else.
 *
 * client → server: {type:'init', token} {type:'sub', id, channel} {type:'unsub', id}
 *                  {type:'pub', id, channel, events} {type:'ping'}
 * server → client: {type:'ack', kaMs?} {type:'ka'} {type:'pong'} {type:'subscribed', id}
 *                  {type:'sub_error', id, message} {type:'data', id, data}
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
  maxConnectionMs?: number;
  /** Channels starting with "local:" are never sent to the server (like API Gateway's `$default`). */
  /** Records every connect call for assertions. */
  connects?: ConnectContext[];
}

export function liteProtocol(options: LiteOptions): ProtocolAdapter {
  let token = '';
  return {
    name: 'lite',
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
    validateChannel(channel) {
      if (!/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(channel)) throw new ChannelKitError('INVALID_CHANNEL', `bad channel ${channel}`);
    },
    validatePublish(_channel, events) {
      const max = options.maxEventsPerPublish ?? 5;
      if (events.length > max) throw new ChannelKitError('LIMIT_EXCEEDED', `at most ${max} events per publish`);
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
  };
}

function decodeLite(m: Record<string, unknown>): InboundFrame {
  switch (m.type) {
    case 'ack':
      return typeof m.kaMs === 'number' ? { type: 'connected', keepAliveTimeoutMs: m.kaMs } : { type: 'connected' };
    case 'ka':
      return { type: 'keepalive' };
    case 'pong':
      return { type: 'pong' };
    case 'subscribed':
      return { type: 'subscribed', subscriptionId: String(m.id) };
    case 'sub_error':
      return { type: 'subscribe_failed', subscriptionId: String(m.id), error: new ChannelKitError('SUBSCRIBE_FAILED', String(m.message)) };
    case 'data':
      return { type: 'event', subscriptionId: String(m.id), data: m.data };
    case 'published':
      return m.error ? { type: 'publish_result', publishId: String(m.id), error: new ChannelKitError('PUBLISH_FAILED', String(m.error)) } : { type: 'publish_result', publishId: String(m.id) };
    case 'error': {
      const decision: CloseDecision | undefined =
        m.fatal === 'auth' ? { action: 'reauth' } : m.fatal === 'stop' ? { action: 'stop', error: new ProtocolError(String(m.message)) } : undefined;
      const error = m.fatal === 'auth' ? new AuthError(String(m.message)) : new ProtocolError(String(m.message));
      return decision ? { type: 'error', error, decision } : { type: 'error', error };
    }
    default:
      throw new ProtocolError(`unknown frame type ${String(m.type)}`);
  }
}
