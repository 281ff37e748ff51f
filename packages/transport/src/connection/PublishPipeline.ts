import type { PublishResult } from '../client/PublishResult.js';
import { allSuccessful, mergePublishResults } from '../client/PublishResult.js';
import { ChannelKitError } from '../errors/ChannelKitError.js';
import { ConnectionError } from '../errors/errors.js';
import { randomId } from '../lib/ids.js';
import type { Platform, TimerHandle } from '../lib/platform.js';
import type { Backend, InboundFrame, PublishBatch } from './Backend.js';
import { Outbox, type OutboxBounds, type OutboxEntry } from './Outbox.js';
import type { SendItem } from './SendQueue.js';

interface Inflight {
  entry: OutboxEntry;
  written: boolean;
  timer: TimerHandle | undefined;
}

/** What {@link PublishPipeline} needs from its connection. */
export interface PublishPipelineHost {
  readonly backend: Backend;
  readonly platform: Platform;
  readonly ackTimeoutMs: number;
  send(item: SendItem): void;
  scrub<E extends Error>(error: E): E;
}

/**
 * Socket publishes: the bounded outbox while not ready, in-flight requests awaiting their
 * acks, and what happens to both when the socket dies (never written → back to the outbox in
 * order; written but unacknowledged → CONNECTION_LOST, since its fate is unknown).
 *
 * @example
 * ```ts
 * const pipeline = new PublishPipeline({ backend, platform, ackTimeoutMs: 10_000, send, scrub }, DEFAULT_OUTBOX_BOUNDS);
 * const result = pipeline.submit('/default/a', backend.preparePublish('/default/a', events), undefined);
 * pipeline.flush(); // once subscriptions are back
 * ```
 */
export class PublishPipeline {
  readonly #host: PublishPipelineHost;
  readonly #outbox: Outbox;
  readonly #inflight = new Map<string, Inflight>();
  /** True once subscriptions are re-established and the outbox flushed: publishes go direct. */
  #ready = false;

  constructor(host: PublishPipelineHost, bounds: OutboxBounds) {
    this.#host = host;
    this.#outbox = new Outbox(bounds);
  }

  get ready(): boolean {
    return this.#ready;
  }

  /**
   * Sends (or queues) every batch of one publish call; resolves with the merged per-event
   * result. Queuing is all or nothing. Throws synchronously when the outbox refuses.
   */
  submit(channel: string, batches: readonly PublishBatch[], context: unknown): Promise<PublishResult> {
    const promises: Array<Promise<PublishResult>> = [];
    const entries: OutboxEntry[] = [];
    for (const batch of batches) {
      promises.push(
        new Promise<PublishResult>((resolve, reject) => {
          entries.push({ channel, events: batch.events, bytes: batch.bytes, context, resolve: resolve as (value: unknown) => void, reject: (e) => reject(this.#host.scrub(e)) });
        }),
      );
    }
    if (this.#ready) for (const entry of entries) this.#send(entry);
    else this.#outbox.pushAll(entries);
    return Promise.allSettled(promises).then((settled) => merge(settled, batches));
  }

  /** Subscriptions are back: send what waited, in order, then go direct. */
  flush(): void {
    this.#ready = true;
    for (const entry of this.#outbox.drain()) this.#send(entry);
  }

  /** An ack (or an operation error) for a publish; false when the id is not ours. */
  result(frame: Extract<InboundFrame, { type: 'publish_result' }>): boolean {
    const inflight = this.#inflight.get(frame.publishId);
    if (!inflight) return false;
    this.#inflight.delete(frame.publishId);
    if (inflight.timer !== undefined) this.#host.platform.clearTimeout(inflight.timer);
    if (frame.error) inflight.entry.reject(frame.error);
    else inflight.entry.resolve(this.#host.backend.publishResult?.(frame.detail, inflight.entry.events.length) ?? allSuccessful(inflight.entry.events.length));
    return true;
  }

  has(publishId: string): boolean {
    return this.#inflight.has(publishId);
  }

  socketLost(): void {
    this.#ready = false;
    const unwritten: OutboxEntry[] = [];
    for (const [id, inflight] of this.#inflight) {
      this.#inflight.delete(id);
      if (inflight.timer !== undefined) this.#host.platform.clearTimeout(inflight.timer);
      if (inflight.written) inflight.entry.reject(new ConnectionError('CONNECTION_LOST', `connection lost before the server acknowledged the publish to ${inflight.entry.channel}`));
      else unwritten.push(inflight.entry);
    }
    if (unwritten.length > 0) this.#outbox.requeue(unwritten);
  }

  rejectAll(error: ChannelKitError): void {
    this.socketLost();
    this.#outbox.rejectAll(error);
  }

  #send(entry: OutboxEntry): void {
    const host = this.#host;
    const encode = host.backend.encodePublish;
    if (!encode) {
      entry.reject(new ChannelKitError('INVALID_ARGUMENT', `${host.backend.name} does not publish over the socket; publish with { via: 'http' }`));
      return;
    }
    const publishId = randomId();
    const inflight: Inflight = { entry, written: false, timer: undefined };
    this.#inflight.set(publishId, inflight);
    const acks = host.backend.publishAcks;
    host.send({
      produce: () => encode({ publishId, channel: entry.channel, events: entry.events, context: entry.context }),
      written: () => {
        inflight.written = true;
        if (!acks) {
          this.#inflight.delete(publishId);
          entry.resolve(allSuccessful(entry.events.length));
          return;
        }
        inflight.timer = host.platform.setTimeout(() => {
          this.#inflight.delete(publishId);
          entry.reject(new ChannelKitError('ACK_TIMEOUT', `no acknowledgement of publish to ${entry.channel} within ${host.ackTimeoutMs} ms`, { retryable: true }));
        }, host.ackTimeoutMs);
      },
      failed: (error) => {
        this.#inflight.delete(publishId);
        entry.reject(error);
      },
    });
  }
}

/**
 * Joins per-request results at their offsets. If a request failed as a whole, rejects with
 * its error, with the results of the requests that did succeed in `details.partial`.
 */
export function merge(settled: ReadonlyArray<PromiseSettledResult<PublishResult>>, batches: ReadonlyArray<{ offset: number }>): PublishResult {
  const parts: Array<{ result: PublishResult; offset: number }> = [];
  let failure: unknown;
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') parts.push({ result: s.value, offset: batches[i]?.offset ?? 0 });
    else failure ??= s.reason;
  });
  const result = mergePublishResults(parts);
  if (failure !== undefined) {
    if (failure instanceof ChannelKitError && batches.length > 1) Object.assign(failure.details, { partial: result });
    throw failure;
  }
  return result;
}
