import { ChannelKitError } from '../errors/ChannelKitError.js';
import { ProtocolError } from '../errors/errors.js';
import type { Redactor } from '../errors/redact.js';
import { randomId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import type { Platform } from '../lib/platform.js';
import type { Backend, InboundFrame, Session } from './Backend.js';
import { type ChannelEntry, ChannelRegistry, type ChannelSubscriber, type EventMeta, seen } from './ChannelRegistry.js';
import type { SendItem } from './SendQueue.js';

/**
 * An event for a channel nobody subscribed to (Chime delivers every channel of the user on
 * one socket; Hotsock auto-subscribes channels from the token).
 *
 * @example
 * ```ts
 * client.onUnrouted(({ channel, data }: UnroutedEvent) => console.log('unrouted', channel, data));
 * ```
 */
export interface UnroutedEvent {
  readonly channel: string | undefined;
  readonly subscriptionId: string | undefined;
  readonly id: string | undefined;
  readonly data: unknown;
  readonly meta: Readonly<Record<string, unknown>> | undefined;
}

/** What {@link Subscriptions} needs from the connection that owns it. */
export interface SubscriptionsHost {
  readonly backend: Backend;
  readonly platform: Platform;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly ackTimeoutMs: number;
  readonly releaseGraceMs: number;
  isConnected(): boolean;
  session(): Session | undefined;
  fetch(): typeof fetch;
  send(item: SendItem): void;
  report(error: ChannelKitError): void;
  /** Every resubscribe after a (re)connect has settled: the outbox may flush. */
  settled(): void;
  unrouted(event: UnroutedEvent): void;
}

/**
 * What a subscriber's `meta` holds: the backend's extras, the channel, and the event's id
 * where the backend has one — so hooks can merge live events with history by id. Hot path
 * (every event): frames with neither extras nor an id share the channel's meta object.
 */
function metaOf(entry: ChannelEntry, id: string | undefined, extra: Readonly<Record<string, unknown>> | undefined): EventMeta {
  if (id === undefined) return extra ? { ...extra, channel: entry.channel } : entry.meta;
  return { ...extra, channel: entry.channel, id };
}

/** Longest wait before retrying a refused subscribe. */
const MAX_RETRY_MS = 30_000;

/**
 * The channel side of a connection: refcounted leases, wire subscribe/unsubscribe with acks,
 * resubscription after reconnects, recovery of missed events (or a discontinuity signal),
 * presence, per-channel state stores, and event routing.
 *
 * @example
 * ```ts
 * const subscriptions = new Subscriptions(host);
 * const release = subscriptions.acquire('/default/a', { onEvent: console.log });
 * subscriptions.connected(); // after each (re)connect: subscribe every leased channel
 * ```
 */
export class Subscriptions {
  readonly registry: ChannelRegistry;
  readonly #host: SubscriptionsHost;
  readonly #pendingResubscribes = new Set<ChannelEntry>();

  constructor(host: SubscriptionsHost) {
    this.#host = host;
    this.registry = new ChannelRegistry(
      host.platform,
      host.releaseGraceMs,
      (entry) => this.#unsubscribeWire(entry),
      (error) => this.#listenerThrew(error),
    );
  }

  /** Leases `channel` (a normalised key) for `subscriber`; returns the release function. */
  acquire(channel: string, subscriber: ChannelSubscriber): () => void {
    const { entry, created, release } = this.registry.acquire(channel, subscriber);
    if (created) {
      if (this.#host.isConnected()) this.#subscribeWire(entry, false);
    } else if (entry.wire === 'active') {
      this.#guard(() => subscriber.onSubscribed?.());
    } else if (entry.wire === 'failed' && entry.retryTimer === undefined && this.#host.isConnected()) {
      // A late subscriber must not inherit a dead subscription silently: try again, with a
      // growing delay so a channel that is refused for good is not hammered.
      this.#scheduleRetry(entry);
    }
    return release;
  }

  /** The socket is connected (first time or again): (re)subscribe every leased channel. */
  connected(): void {
    for (const entry of this.registry.entries()) this.#subscribeWire(entry, true);
    this.#maybeSettled();
  }

  /** The socket is gone: every wire subscription with it. Leases stay. */
  socketLost(): void {
    this.#pendingResubscribes.clear();
    const timers = this.#host.platform;
    for (const entry of this.registry.entries()) {
      for (const t of [entry.ackTimer, entry.retryTimer]) if (t !== undefined) timers.clearTimeout(t);
      entry.ackTimer = entry.retryTimer = undefined;
      entry.wire = 'none';
      entry.held = undefined;
      // Released ones in their grace period too: none may still look live. The connection's
      // status says why the socket went; the channel's own error is over.
      entry.state.update({ status: 'subscribing', error: undefined });
    }
  }

  /** The connection failed for good: every subscriber hears why. */
  failAll(error: ChannelKitError): void {
    for (const entry of this.registry.entries()) {
      entry.state.update({ status: 'failed', error });
      this.#notify(entry, (s) => s.onError?.(error));
    }
  }

  /** The client was closed: every leased channel is idle again, and its subscribers hear why. */
  closed(error: ChannelKitError): void {
    for (const entry of this.registry.entries()) {
      entry.state.update({ status: 'idle', error });
      this.#notify(entry, (s) => s.onError?.(error));
    }
  }

  /** connect() after close or failure: every leased channel is on its way back, its old error over. */
  reopening(): void {
    for (const entry of this.registry.entries()) entry.state.update({ status: 'subscribing', error: undefined });
  }

  get settled(): boolean {
    return this.#pendingResubscribes.size === 0;
  }

  // ── inbound ──────────────────────────────────────────────────────────────────────

  event(frame: Extract<InboundFrame, { type: 'event' }>): void {
    const registry = this.registry;
    const entry = frame.subscriptionId !== undefined ? registry.bySubscriptionId(frame.subscriptionId) : frame.channel !== undefined ? registry.byChannel(frame.channel) : undefined;
    if (!entry) {
      this.#host.unrouted({ channel: frame.channel, subscriptionId: frame.subscriptionId, id: frame.id, data: frame.data, meta: frame.meta });
      return;
    }
    const meta = metaOf(entry, frame.id, frame.meta);
    if (entry.held !== undefined) {
      entry.held.push({ id: frame.id, data: frame.data, meta });
      return;
    }
    this.#deliver(entry, frame.id, frame.data, meta);
  }

  subscribed(frame: Extract<InboundFrame, { type: 'subscribed' }>): void {
    const entry = this.#ackedEntry(frame.subscriptionId, frame.channel);
    if (entry && entry.wire === 'pending') this.#subscribed(entry, frame.data);
  }

  subscribeFailed(frame: Extract<InboundFrame, { type: 'subscribe_failed' }>): void {
    const entry = this.#ackedEntry(frame.subscriptionId, frame.channel);
    if (entry) this.#subscribeFailed(entry, frame.error);
  }

  /** True when `id` was a pending subscribe (the error is consumed). */
  operationError(id: string, error: ChannelKitError): boolean {
    const entry = this.registry.bySubscriptionId(id);
    if (entry?.wire !== 'pending') return false;
    this.#subscribeFailed(entry, error);
    return true;
  }

  channelError(frame: Extract<InboundFrame, { type: 'channel_error' }>): void {
    const entry = this.registry.bySubscriptionId(frame.subscriptionId);
    this.#host.report(frame.error);
    if (entry) this.#notify(entry, (s) => s.onError?.(frame.error));
  }

  presence(frame: Extract<InboundFrame, { type: 'presence' }>): void {
    const entry = this.registry.byChannel(frame.channel);
    if (!entry) return;
    if (frame.action === 'sync') entry.members.clear();
    for (const member of frame.members) {
      if (frame.action === 'leave') entry.members.delete(member.id);
      else entry.members.set(member.id, member);
    }
    entry.state.update({ members: Object.freeze([...entry.members.values()]) });
  }

  // ── wire ─────────────────────────────────────────────────────────────────────────

  #subscribeWire(entry: ChannelEntry, resubscribe: boolean): void {
    const host = this.#host;
    const subscription = { subscriptionId: randomId(), channel: entry.channel };
    this.registry.assignSubscriptionId(entry, subscription.subscriptionId);
    entry.wire = 'pending';
    entry.state.update({ status: 'subscribing', error: undefined });
    if (resubscribe) this.#pendingResubscribes.add(entry);
    const acks = host.backend.subscribeAcks;
    if (acks) {
      entry.ackTimer = host.platform.setTimeout(() => {
        entry.ackTimer = undefined;
        this.#subscribeFailed(entry, new ChannelKitError('ACK_TIMEOUT', `no answer to subscribe ${entry.channel} within ${host.ackTimeoutMs} ms`, { retryable: true }));
      }, host.ackTimeoutMs);
    }
    host.send({
      produce: () => host.backend.encodeSubscribe(subscription),
      // No frame means a channel the server does not know about (e.g. API Gateway's
      // `$default` catch-all): it is live as soon as it is "sent".
      written: (sent) => {
        if (!acks || !sent) this.#subscribed(entry, undefined);
      },
      failed: (error) => this.#subscribeFailed(entry, error),
    });
  }

  #subscribed(entry: ChannelEntry, data: unknown): void {
    const host = this.#host;
    if (entry.ackTimer !== undefined) host.platform.clearTimeout(entry.ackTimer);
    entry.ackTimer = undefined;
    const since = entry.activeSince;
    entry.wire = 'active';
    entry.activeSince = host.platform.now();
    entry.failures = 0;
    entry.state.update({ status: 'subscribed', error: undefined });
    this.#notify(entry, (s) => s.onSubscribed?.(data));
    // Live before: this is a resume. With no event seen before the outage, a backend with
    // history can still fetch by time, from when the channel last went live.
    if (since !== undefined) {
      if (host.backend.recover) void this.#recover(entry, entry.lastEventId, since);
      else this.#discontinuity(entry);
    }
    this.#pendingResubscribes.delete(entry);
    this.#maybeSettled();
  }

  #subscribeFailed(entry: ChannelEntry, error: ChannelKitError): void {
    const host = this.#host;
    if (entry.ackTimer !== undefined) host.platform.clearTimeout(entry.ackTimer);
    entry.ackTimer = undefined;
    entry.wire = 'failed';
    entry.failures++;
    host.redactor.scrub(error);
    host.log.log('warn', `subscribe to ${entry.channel} failed: ${error.message}`, { code: error.code });
    entry.state.update({ status: 'failed', error });
    this.#notify(entry, (s) => s.onError?.(error));
    this.#pendingResubscribes.delete(entry);
    this.#maybeSettled();
  }

  #scheduleRetry(entry: ChannelEntry): void {
    const { platform } = this.#host;
    const bound = Math.min(MAX_RETRY_MS, 250 * 2 ** Math.min(entry.failures, 10));
    // Half fixed, half jitter: the first retry is prompt, many clients do not retry in step.
    const delay = Math.round(bound / 2 + (platform.random() * bound) / 2);
    entry.state.update({ status: 'subscribing' });
    entry.retryTimer = platform.setTimeout(() => {
      entry.retryTimer = undefined;
      if (this.registry.byChannel(entry.channel) === entry && entry.wire === 'failed' && this.#host.isConnected()) this.#subscribeWire(entry, false);
    }, delay);
  }

  #unsubscribeWire(entry: ChannelEntry): void {
    if ((entry.wire === 'active' || entry.wire === 'pending') && entry.subscriptionId !== undefined && this.#host.isConnected()) {
      const subscription = { subscriptionId: entry.subscriptionId, channel: entry.channel };
      this.#host.send({ produce: () => this.#host.backend.encodeUnsubscribe(subscription) });
    }
    entry.wire = 'none';
    this.#pendingResubscribes.delete(entry);
    this.#maybeSettled();
  }

  #maybeSettled(): void {
    if (this.#pendingResubscribes.size === 0) this.#host.settled();
  }

  /** An ack must name a subscription we have, and, where it names a channel, the same one. */
  #ackedEntry(subscriptionId: string, channel: string | undefined): ChannelEntry | undefined {
    const entry = this.registry.bySubscriptionId(subscriptionId);
    if (entry && channel !== undefined && channel !== entry.channel) {
      this.#host.report(new ProtocolError(`${this.#host.backend.name}: an acknowledgement for ${entry.channel} named channel ${channel.slice(0, 64)}; ignored`));
      return undefined;
    }
    return entry;
  }

  // ── delivery & recovery ──────────────────────────────────────────────────────────

  #deliver(entry: ChannelEntry, id: string | undefined, data: unknown, meta: EventMeta): void {
    if (id !== undefined) {
      if (seen(entry, id)) return;
      entry.state.update({ lastEventId: id });
    }
    // Released and within its grace period: nobody listens, so it is an unrouted event (what
    // channel lists such as useChimeChannels follow), not one that silently vanishes.
    if (entry.subscribers.size === 0) {
      this.#host.unrouted({ channel: entry.channel, subscriptionId: entry.subscriptionId, id, data, meta });
      return;
    }
    for (const s of entry.subscribers) {
      try {
        s.onEvent(data, meta);
      } catch (error) {
        this.#listenerThrew(error);
      }
    }
  }

  /**
   * Fetches what the channel missed, delivers it oldest first, then the live events that
   * arrived meanwhile — each id once. Anything short of a complete recovery is a discontinuity.
   */
  async #recover(entry: ChannelEntry, lastEventId: string | undefined, since: number): Promise<void> {
    const host = this.#host;
    const subscriptionId = entry.subscriptionId;
    entry.held = [];
    let complete = false;
    try {
      const recovery = await host.backend.recover!({ channel: entry.channel, lastEventId, since, session: host.session(), fetch: host.fetch(), secrets: host.redactor });
      // The socket may have dropped (or the lease ended) while we fetched: that attempt owns it now.
      if (entry.subscriptionId !== subscriptionId || entry.held === undefined) return;
      for (const event of recovery.events) this.#deliver(entry, event.id, event.data, metaOf(entry, event.id, event.meta));
      complete = recovery.complete;
    } catch (error) {
      const ck =
        error instanceof ChannelKitError
          ? error
          : new ChannelKitError('PROTOCOL_ERROR', `recovering ${entry.channel} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      host.report(ck);
    }
    if (entry.subscriptionId !== subscriptionId || entry.held === undefined) return;
    const held = entry.held;
    entry.held = undefined;
    if (!complete) this.#discontinuity(entry);
    for (const event of held) this.#deliver(entry, event.id, event.data, event.meta);
  }

  #discontinuity(entry: ChannelEntry): void {
    entry.state.update({ discontinuities: entry.state.getSnapshot().discontinuities + 1 });
    this.#notify(entry, (s) => s.onDiscontinuity?.());
  }

  /** Calls every subscriber of `entry` (a copy: a listener may release its lease meanwhile). */
  #notify(entry: ChannelEntry, call: (subscriber: ChannelSubscriber) => void): void {
    for (const s of [...entry.subscribers]) this.#guard(() => call(s));
  }

  /** A throwing listener must not break the socket loop or other listeners. */
  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#listenerThrew(error);
    }
  }

  #listenerThrew(error: unknown): void {
    this.#host.report(new ChannelKitError('LISTENER_ERROR', `a channel listener threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
  }
}
