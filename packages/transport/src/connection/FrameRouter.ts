import { ChannelKitError } from '../errors/ChannelKitError.js';
import { ProtocolError } from '../errors/errors.js';
import type { Backend, CloseDecision, InboundFrame } from './Backend.js';
import type { ConnectionState } from './ConnectionStatus.js';
import type { PublishPipeline } from './PublishPipeline.js';
import type { Subscriptions } from './Subscriptions.js';

/** Frames held while a handshake completes (see {@link FrameRouter.frame}). */
export const MAX_EARLY_FRAMES = 1_000;

/** What {@link FrameRouter} needs from the connection that owns it. */
export interface FrameRouterHost {
  readonly backend: Backend;
  readonly subscriptions: Subscriptions;
  readonly publishes: PublishPipeline;
  state(): ConnectionState;
  /** Every inbound frame is a sign of life for the keep-alive watchdog. */
  alive(kind: 'keepalive' | 'pong' | 'other'): void;
  ready(frame: Extract<InboundFrame, { type: 'connected' }>): void;
  /** The server reported an error that ends the socket. */
  fatal(error: ChannelKitError, decision: CloseDecision): void;
  report(error: ChannelKitError): void;
}

/**
 * Decodes socket messages through the backend and routes each frame to the part of the
 * connection that owns it: handshake, subscriptions, publishes, presence, errors. Frames that
 * arrive before the handshake completes are held (bounded) and replayed by {@link flushEarly}.
 *
 * Internal: one per connection.
 *
 * @example
 * ```ts
 * const router = new FrameRouter(host);
 * socket.onmessage = (m) => router.message(m.data);
 * // after the handshake:
 * router.flushEarly();
 * ```
 */
export class FrameRouter {
  readonly #host: FrameRouterHost;
  /** Frames that arrived before the handshake completed: delivered right after it. */
  #early: InboundFrame[] = [];

  constructor(host: FrameRouterHost) {
    this.#host = host;
  }

  /** One socket message: decoded (garbage is reported, never thrown), then routed. */
  message(data: unknown): void {
    const host = this.#host;
    let frames: InboundFrame | readonly InboundFrame[];
    try {
      const payload = typeof data === 'string' || data instanceof ArrayBuffer || data instanceof Uint8Array ? data : String(data);
      frames = host.backend.decode(payload);
    } catch (error) {
      host.alive('other');
      host.report(error instanceof ChannelKitError ? error : new ProtocolError(`${host.backend.name}: undecodable frame: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (Array.isArray(frames)) for (const f of frames) this.frame(f);
    else this.frame(frames as InboundFrame);
  }

  /** Replays the frames held during the handshake, in arrival order. */
  flushEarly(): void {
    for (const frame of this.#early.splice(0)) this.frame(frame);
  }

  /** The socket is gone: frames held for it go with it. */
  reset(): void {
    this.#early = [];
  }

  frame(frame: InboundFrame): void {
    const host = this.#host;
    const type = frame.type;
    host.alive(type === 'keepalive' || type === 'pong' ? type : 'other');
    const state = host.state();
    if (state !== 'connected' && type !== 'connected' && type !== 'keepalive' && type !== 'pong' && type !== 'error' && type !== 'ignore') {
      // Some backends (Chime) send before their handshake completes: hold, deliver after it.
      // Bounded: a server that floods instead of completing its handshake costs no memory.
      if ((state === 'handshaking' || state === 'connecting') && this.#early.push(frame) > MAX_EARLY_FRAMES) {
        this.#early.shift();
        host.report(new ProtocolError(`${host.backend.name}: more than ${MAX_EARLY_FRAMES} frames before the handshake completed; the oldest was dropped`));
      }
      return;
    }
    const subs = host.subscriptions;
    switch (frame.type) {
      case 'event':
        return subs.event(frame);
      case 'connected':
        return host.ready(frame);
      case 'subscribed':
        return subs.subscribed(frame);
      case 'subscribe_failed':
        return subs.subscribeFailed(frame);
      case 'publish_result':
        host.publishes.result(frame);
        return;
      case 'presence':
        return subs.presence(frame);
      case 'operation_error':
        if (host.publishes.has(frame.id)) host.publishes.result({ type: 'publish_result', publishId: frame.id, error: frame.error });
        else if (!subs.operationError(frame.id, frame.error)) host.report(frame.error);
        return;
      case 'channel_error':
        return subs.channelError(frame);
      case 'error':
        if (frame.decision) host.fatal(frame.error, frame.decision);
        else host.report(frame.error);
        return;
      default:
        return;
    }
  }
}
