import { invalidArgument } from '../../lib/invalidArgument.js';
import { ProtocolError } from '../../errors/errors.js';
import { type ChimeChannel, type ChimeChannelDetails, type ChimeMembership, type ChimeMessage, normaliseTimes } from './types.js';

/**
 * Every `x-amz-chime-event-type` the AWS documentation lists (spec A2.4, [WS-DOC] table).
 * Others (the sample app's `CREATE_CHANNEL`, future ones) decode as `kind: 'unknown'`.
 *
 * @example
 * ```ts
 * CHIME_EVENT_TYPES.includes('CREATE_CHANNEL_MESSAGE'); // true
 * ```
 */
export const CHIME_EVENT_TYPES = Object.freeze([
  'SESSION_ESTABLISHED',
  'CREATE_CHANNEL_MESSAGE',
  'REDACT_CHANNEL_MESSAGE',
  'UPDATE_CHANNEL_MESSAGE',
  'DELETE_CHANNEL_MESSAGE',
  'PENDING_CREATE_CHANNEL_MESSAGE',
  'PENDING_UPDATE_CHANNEL_MESSAGE',
  'FAILED_CREATE_CHANNEL_MESSAGE',
  'FAILED_UPDATE_CHANNEL_MESSAGE',
  'DENIED_CREATE_CHANNEL_MESSAGE',
  'DENIED_UPDATE_CHANNEL_MESSAGE',
  'CHANNEL_DETAILS',
  'UPDATE_CHANNEL',
  'DELETE_CHANNEL',
  'BATCH_CREATE_CHANNEL_MEMBERSHIP',
  'CREATE_CHANNEL_MEMBERSHIP',
  'DELETE_CHANNEL_MEMBERSHIP',
  'UPDATE_CHANNEL_MEMBERSHIP',
] as const);

/**
 * A documented event type (see {@link CHIME_EVENT_TYPES}).
 *
 * @example
 * ```ts
 * const t: ChimeEventType = 'UPDATE_CHANNEL_MESSAGE';
 * ```
 */
export type ChimeEventType = (typeof CHIME_EVENT_TYPES)[number];

/** `x-amz-chime-message-type` (spec A2.2). */
type MessageType = 'STANDARD' | 'CONTROL' | 'SYSTEM';

/**
 * One decoded Chime envelope, typed by what it is about. Message events say which action
 * (create / update / delete / redact) and which processing status (SENT, or the sender-only
 * PENDING / FAILED / DENIED of channel flows); `reason` is `x-amz-chime-event-reason`
 * (documented value: `subchannel_DELETED`).
 *
 * @example
 * ```ts
 * const onChime = (e: ChimeEvent) => {
 *   if (e.kind === 'message' && e.action === 'redact') hide(e.message.MessageId);
 * };
 * ```
 */
export type ChimeEvent =
  | { readonly kind: 'session'; readonly eventType: 'SESSION_ESTABLISHED' }
  | {
      readonly kind: 'message';
      readonly eventType: ChimeEventType;
      readonly action: 'create' | 'update' | 'delete' | 'redact';
      readonly status: 'SENT' | 'PENDING' | 'FAILED' | 'DENIED';
      readonly messageType: MessageType;
      readonly reason?: string;
      readonly channelArn: string;
      readonly message: ChimeMessage;
    }
  | {
      readonly kind: 'membership';
      readonly eventType: ChimeEventType;
      readonly action: 'create' | 'batch-create' | 'update' | 'delete';
      readonly reason?: string;
      readonly channelArn: string;
      readonly membership: ChimeMembership;
    }
  | { readonly kind: 'channel'; readonly eventType: ChimeEventType; readonly action: 'update' | 'delete'; readonly reason?: string; readonly channelArn: string; readonly channel: ChimeChannel }
  | { readonly kind: 'details'; readonly eventType: 'CHANNEL_DETAILS'; readonly channelArn: string; readonly details: ChimeChannelDetails }
  | { readonly kind: 'unknown'; readonly eventType: string; readonly messageType?: string; readonly reason?: string; readonly payload: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parses one Chime WebSocket frame: `{"Headers": {…}, "Payload": "<JSON string>"}` (spec A2.1;
 * the payload is double-encoded, and absent or `"N/A"` for SESSION_ESTABLISHED). Throws
 * ProtocolError for frames that are not an envelope; unknown event types are not errors.
 *
 * @example
 * ```ts
 * parseChimeEnvelope('{"Headers":{"x-amz-chime-event-type":"SESSION_ESTABLISHED"}}'); // { kind: 'session', … }
 * ```
 */
export function parseChimeEnvelope(raw: string | ArrayBuffer | Uint8Array): ChimeEvent {
  if (typeof raw !== 'string' && !(raw instanceof ArrayBuffer) && !ArrayBuffer.isView(raw)) throw invalidArgument('raw', 'must be a string, ArrayBuffer or Uint8Array (a socket frame)');
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new ProtocolError(`chime: a frame is not JSON (${text.length} characters)`);
  }
  if (!isObject(m) || !isObject(m.Headers)) throw new ProtocolError('chime: a frame has no Headers object (spec A2.1 envelope)');
  const headers = m.Headers;
  const eventType = headers['x-amz-chime-event-type'];
  if (typeof eventType !== 'string') throw new ProtocolError('chime: a frame has no x-amz-chime-event-type header');
  const messageType = typeof headers['x-amz-chime-message-type'] === 'string' ? (headers['x-amz-chime-message-type'] as string) : undefined;
  const reason = typeof headers['x-amz-chime-event-reason'] === 'string' ? (headers['x-amz-chime-event-reason'] as string) : undefined;
  const extra = reason !== undefined ? { reason } : {};
  if (eventType === 'SESSION_ESTABLISHED') return { kind: 'session', eventType };
  const payload = parsePayload(m.Payload, eventType);
  // The documented type names spell out what an event is about, its action and status
  // (`PENDING_UPDATE_CHANNEL_MESSAGE`, `BATCH_CREATE_CHANNEL_MEMBERSHIP`, `DELETE_CHANNEL` …).
  const documented = (CHIME_EVENT_TYPES as readonly string[]).includes(eventType);
  const [, status = 'SENT', action, what] = (documented && /^(?:(PENDING|FAILED|DENIED|BATCH)_)?(CREATE|UPDATE|DELETE|REDACT)_CHANNEL(_MESSAGE|_MEMBERSHIP)?$/.exec(eventType)) || [];
  const details = eventType === 'CHANNEL_DETAILS';
  if (action || details) {
    const body = normaliseTimes<{ ChannelArn?: unknown; MessageId?: unknown; Type?: unknown; Channel?: { ChannelArn?: unknown } } | null>(payload);
    // A payload that is not an object (or an array) has no string ChannelArn.
    const channelArn = details ? body?.Channel?.ChannelArn : body?.ChannelArn;
    const message = what === '_MESSAGE';
    if (typeof channelArn !== 'string' || (message && typeof body!.MessageId !== 'string')) {
      throw new ProtocolError(`chime: ${eventType} without ${message ? 'MessageId or ' : ''}${details ? 'Channel.' : ''}ChannelArn`);
    }
    if (details) return { kind: 'details', eventType: 'CHANNEL_DETAILS', channelArn, details: body as unknown as ChimeChannelDetails };
    const verb = action!.toLowerCase() as 'create' | 'update' | 'delete';
    if (message) {
      const type: MessageType = messageType === 'STANDARD' || messageType === 'CONTROL' ? messageType : body!.Type === 'CONTROL' ? 'CONTROL' : messageType === 'SYSTEM' ? 'SYSTEM' : 'STANDARD';
      return {
        kind: 'message',
        eventType: eventType as ChimeEventType,
        action: verb as 'create' | 'update' | 'delete' | 'redact',
        status: status as 'SENT' | 'PENDING' | 'FAILED' | 'DENIED',
        messageType: type,
        ...extra,
        channelArn,
        message: body as unknown as ChimeMessage,
      };
    }
    if (what) return { kind: 'membership', eventType: eventType as ChimeEventType, action: status === 'BATCH' ? 'batch-create' : verb, ...extra, channelArn, membership: body as ChimeMembership };
    return { kind: 'channel', eventType: eventType as ChimeEventType, action: verb as 'update' | 'delete', ...extra, channelArn, channel: body as unknown as ChimeChannel };
  }
  // Spec A2.4: clients must tolerate unknown event types.
  return { kind: 'unknown', eventType, ...(messageType !== undefined ? { messageType } : {}), ...extra, payload };
}

function parsePayload(payload: unknown, eventType: string): unknown {
  if (payload === undefined || payload === null || payload === 'N/A') return null;
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload);
  } catch {
    throw new ProtocolError(`chime: the Payload of ${eventType} is not a JSON string (spec A2.1: Payload is double-encoded JSON)`);
  }
}

/**
 * The application value of a message: ChannelKit publishes non-string values as JSON with
 * `ContentType: application/json`; anything else (plain text from other Chime clients) is the
 * `Content` string itself.
 *
 * @example
 * ```ts
 * messageData({ MessageId: 'm1', Content: '{"n":1}', ContentType: 'application/json' }); // { n: 1 }
 * ```
 */
export function messageData(message: ChimeMessage): unknown {
  if (message === null || typeof message !== 'object') throw invalidArgument('message', 'must be a Chime message object');
  const content = message.Content ?? '';
  if (message.ContentType === 'application/json') {
    try {
      return JSON.parse(content);
    } catch {
      return content;
    }
  }
  return content;
}
