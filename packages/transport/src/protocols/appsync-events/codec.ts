import type { InboundFrame } from '../../connection/Backend.js';
import { ProtocolError } from '../../errors/errors.js';
import { appSyncError } from './appSyncErrors.js';

/**
 * Per-event outcome of a publish, indexed like the events given to `publish`.
 *
 * @example
 * ```ts
 * const { successful, failed }: AppSyncPublishResult = await client.publish('/default/a', [a, b]);
 * ```
 */
export interface AppSyncPublishResult {
  successful: Array<{ identifier: string; index: number }>;
  failed: Array<{ identifier: string; index: number; code?: number | string; message?: string }>;
}

/**
 * Normalises `successful`/`failed` of a publish response. Failed items are read in both
 * spellings the official clients disagree on (`code`/`message` and `errorCode`/`errorMessage`).
 *
 * @example
 * ```ts
 * publishResult({ successful: [{ identifier: 'x', index: 0 }], failed: [] }, 5); // index 5
 * ```
 */
export function publishResult(message: { successful?: unknown; failed?: unknown }, offset = 0): AppSyncPublishResult {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Array<Record<string, unknown>>) : []);
  return {
    successful: list(message.successful).map((s) => ({ identifier: String(s.identifier), index: Number(s.index) + offset })),
    failed: list(message.failed).map((f) => {
      const code = (f.code ?? f.errorCode) as number | string | undefined;
      const text = (f.message ?? f.errorMessage) as string | undefined;
      return { identifier: String(f.identifier), index: Number(f.index) + offset, ...(code === undefined ? {} : { code }), ...(text === undefined ? {} : { message: text }) };
    }),
  };
}

/**
 * Decodes one AppSync Events server frame into the transport's vocabulary. `data` frames carry
 * each event as a JSON string; it is parsed here, once.
 *
 * @example
 * ```ts
 * decodeAppSyncFrame('{"type":"ka"}'); // { type: 'keepalive' }
 * ```
 */
export function decodeAppSyncFrame(raw: string | ArrayBuffer | Uint8Array): InboundFrame {
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  const m = JSON.parse(text) as Record<string, unknown>;
  switch (m.type) {
    case 'data':
      return { type: 'event', subscriptionId: String(m.id), data: typeof m.event === 'string' ? JSON.parse(m.event) : m.event };
    case 'ka':
      return { type: 'keepalive' };
    case 'connection_ack':
      return typeof m.connectionTimeoutMs === 'number' ? { type: 'connected', keepAliveTimeoutMs: m.connectionTimeoutMs } : { type: 'connected' };
    case 'subscribe_success':
      return { type: 'subscribed', subscriptionId: String(m.id) };
    case 'subscribe_error':
      return { type: 'subscribe_failed', subscriptionId: String(m.id), error: appSyncError(m.errors, 'SUBSCRIBE_FAILED') };
    case 'publish_success':
      return { type: 'publish_result', publishId: String(m.id), detail: publishResult(m) };
    case 'publish_error':
      return { type: 'publish_result', publishId: String(m.id), error: appSyncError(m.errors, 'PUBLISH_FAILED') };
    case 'broadcast_error':
      return { type: 'channel_error', subscriptionId: String(m.id), error: appSyncError(m.errors, 'PROTOCOL_ERROR') };
    case 'connection_error': {
      const error = appSyncError(m.errors, 'PROTOCOL_ERROR');
      const decision = error.code === 'AUTH_FAILED' ? { action: 'reauth' as const } : { action: 'retry' as const, throttled: error.code === 'THROTTLED' };
      return { type: 'error', error, decision };
    }
    case 'error': {
      const error = appSyncError(m.errors, 'PROTOCOL_ERROR');
      return typeof m.id === 'string' ? { type: 'operation_error', id: m.id, error } : { type: 'error', error };
    }
    case 'unsubscribe_success':
    case 'unsubscribe_error':
      return { type: 'ignore' };
    default:
      throw new ProtocolError(`appsync-events: unknown frame type ${JSON.stringify(m.type)}`);
  }
}
