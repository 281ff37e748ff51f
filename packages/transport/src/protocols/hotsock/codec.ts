import { invalidArgument } from '../../lib/invalidArgument.js';
import type { InboundFrame, PresenceMember } from '../../connection/Backend.js';
import { ProtocolError } from '../../errors/errors.js';
import { HotsockError } from './HotsockHttpError.js';
import { messageMeta } from './messageMeta.js';

/**
 * What decoding needs to know about the client's subscriptions: Hotsock frames name channels,
 * not subscriptions, so the backend remembers which subscription a channel's subscribe was.
 *
 * @example
 * ```ts
 * const book: WireBook = { subscriptions: new Map([['room', 'sub-1']]), aliases: new Map(), storage: () => {} };
 * ```
 */
export interface WireBook {
  /** Channel (as the client sent it) → the subscription id of its pending or live subscribe. */
  readonly subscriptions: Map<string, string>;
  /** Real channel → the alias the client subscribed with (`meta.channelAlias`). */
  readonly aliases: Map<string, string>;
  /** Storage observations, handed to the backend's storage listeners. */
  storage(channel: string, key: string, data: unknown, meta: unknown): void;
}

type Frame = Record<string, unknown>;

const members = (data: unknown): PresenceMember[] => {
  const list = (data as { members?: unknown } | null)?.members;
  if (!Array.isArray(list)) return [];
  const out: PresenceMember[] = [];
  for (const m of list) {
    if (m !== null && typeof m === 'object' && typeof (m as Frame).uid === 'string') out.push({ id: (m as Frame).uid as string, data: (m as Frame).umd ?? null });
  }
  return out;
};

/**
 * Decodes one Hotsock frame (spec §4) into the transport's vocabulary.
 *
 * @example
 * ```ts
 * decodeHotsockFrame('{"event":"hotsock.pong","data":"{}"}', book); // { type: 'pong' }
 * ```
 */
export function decodeHotsockFrame(raw: string | ArrayBuffer | Uint8Array, book: WireBook): InboundFrame | InboundFrame[] {
  if (typeof raw !== 'string' && !(raw instanceof ArrayBuffer) && !ArrayBuffer.isView(raw)) throw invalidArgument('raw', 'must be a string, ArrayBuffer or Uint8Array (a socket frame)');
  if (book === null || typeof book !== 'object' || !(book.subscriptions instanceof Map)) throw invalidArgument('book', 'must be a WireBook ({ subscriptions, aliases, storage })');
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new ProtocolError(`hotsock: frame is not JSON (${text.length} characters)`);
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new ProtocolError('hotsock: frame is not a JSON object');
  const f = m as Frame;
  const event = f.event;
  if (typeof event !== 'string') throw new ProtocolError('hotsock: frame has no event name');
  const sent = typeof f.channel === 'string' ? f.channel : undefined;
  // Frames name the real channel; a client that subscribed with an alias knows it by the alias.
  const channel = sent !== undefined ? (book.aliases.get(sent) ?? sent) : undefined;
  const data = f.data;
  switch (event) {
    case 'hotsock.connected': {
      const d = (data ?? {}) as Frame;
      const meta = (f.meta ?? {}) as Frame;
      book.subscriptions.clear();
      book.aliases.clear();
      const expires = typeof d.connectionExpiresAt === 'string' ? Date.parse(d.connectionExpiresAt) : Number.NaN;
      return {
        type: 'connected',
        session: {
          ...(typeof d.connectionId === 'string' ? { connectionId: d.connectionId } : {}),
          ...(typeof d.connectionSecret === 'string' ? { secret: d.connectionSecret } : {}),
          ...(Number.isFinite(expires) ? { expiresAt: expires } : {}),
          uid: typeof meta.uid === 'string' ? meta.uid : null,
          umd: meta.umd ?? null,
        },
      };
    }
    case 'hotsock.subscribed': {
      if (sent === undefined) return { type: 'ignore' };
      const alias = typeof (f.meta as Frame | undefined)?.channelAlias === 'string' ? ((f.meta as Frame).channelAlias as string) : undefined;
      if (alias !== undefined && book.subscriptions.has(alias)) book.aliases.set(sent, alias);
      const name = alias !== undefined && book.subscriptions.has(alias) ? alias : sent;
      const frames: InboundFrame[] = [];
      const subscriptionId = book.subscriptions.get(name);
      const isPresence = Array.isArray((data as Frame | null)?.members);
      if (subscriptionId !== undefined) frames.push({ type: 'subscribed', subscriptionId, channel: name, data });
      else if ((data as Frame | null)?.autoSubscribed === true) {
        // A channel the token subscribed us to: surfaced as an unrouted event unless leased.
        frames.push({ type: 'event', channel: name, data, meta: { event } });
      }
      if (isPresence) frames.push({ type: 'presence', channel: name, action: 'sync', members: members(data) });
      return frames;
    }
    case 'hotsock.memberAdded':
    case 'hotsock.memberRemoved':
    case 'hotsock.memberUpdated':
      // Every member event carries the whole list: replacing is simpler and self-healing.
      return channel === undefined ? { type: 'ignore' } : { type: 'presence', channel, action: 'sync', members: members(data) };
    case 'hotsock.unsubscribed':
    case 'hotsock.channelStorageData':
      return { type: 'ignore' };
    case 'hotsock.channelStorageUpdated':
      if (channel !== undefined && typeof f.key === 'string') book.storage(channel, f.key, data, f.meta ?? null);
      return { type: 'ignore' };
    case 'hotsock.pong':
      return { type: 'pong' };
    case 'hotsock.keepAlive':
    case 'hotsock.ping':
      return { type: 'keepalive' };
    case 'hotsock.error':
      return decodeError(f, sent, book);
  }
  if (channel === undefined) return { type: 'error', error: new ProtocolError(`hotsock: event ${event.slice(0, 128)} names no channel`) };
  return {
    type: 'event',
    channel,
    ...(typeof f.id === 'string' ? { id: f.id } : {}),
    data: data === undefined ? null : data,
    meta: messageMeta(event, f.meta),
  };
}

function decodeError(f: Frame, channel: string | undefined, book: WireBook): InboundFrame {
  const err = (f.error ?? {}) as Frame;
  const code = typeof err.code === 'string' ? err.code : 'UNKNOWN';
  const message = typeof err.message === 'string' ? err.message : undefined;
  const subscriptionId = channel !== undefined ? book.subscriptions.get(book.aliases.get(channel) ?? channel) : undefined;
  if (subscriptionId !== undefined && channel !== undefined) {
    // Subscribing twice (an auto-subscribed channel we also lease) is a success.
    if (code === 'ALREADY_SUBSCRIBED') return { type: 'subscribed', subscriptionId, channel };
    if (/SUBSCRIBE|PRESENCE/.test(code) && code !== 'NOT_SUBSCRIBED') return { type: 'subscribe_failed', subscriptionId, channel, error: new HotsockError(code, channel, message) };
  }
  if (code === 'NOT_SUBSCRIBED') return { type: 'ignore' };
  return { type: 'error', error: new HotsockError(code, channel, message) };
}
