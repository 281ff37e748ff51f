import type { ChannelKitError } from '../errors/ChannelKitError.js';

/**
 * One frame to send: produced when its turn comes (it may need async work such as per-operation
 * SigV4 signing or a token fetch), then written to the socket.
 *
 * @example
 * ```ts
 * queue.push({ produce: () => encodePublish(p), written: (sent) => armAckTimer(), failed: (e) => reject(e) });
 * ```
 */
export interface SendItem {
  produce(): string | undefined | Promise<string | undefined>;
  /** `sent` is false when the producer decided there was nothing to send. */
  written?(sent: boolean): void;
  failed?(error: ChannelKitError): void;
}

/**
 * Sends frames in the order they were queued even when producers are async, for one socket at
 * a time: `reset()` (the socket is gone) discards what is queued and whatever an in-flight
 * producer returns later — a newer socket resubscribes and re-flushes on its own.
 *
 * @example
 * ```ts
 * const queue = new SendQueue((frame) => socket.send(frame) === undefined, toChannelKitError);
 * queue.push({ produce: () => JSON.stringify({ type: 'subscribe', id, channel }) });
 * ```
 */
export class SendQueue {
  #items: Array<SendItem & { generation: number }> = [];
  #generation = 0;
  #pumping = false;
  readonly #send: (frame: string) => boolean;
  readonly #toError: (error: unknown) => ChannelKitError;
  readonly #refused: () => ChannelKitError;

  /**
   * @param send writes a frame; false when the socket refused it.
   * @param toError turns a producer's failure into the error handed to `failed`.
   * @param refused the error for a frame the socket refused.
   */
  constructor(send: (frame: string) => boolean, toError: (error: unknown) => ChannelKitError, refused: () => ChannelKitError) {
    this.#send = send;
    this.#toError = toError;
    this.#refused = refused;
  }

  push(item: SendItem): void {
    this.#items.push({ ...item, generation: this.#generation });
    if (!this.#pumping) void this.#pump();
  }

  /** The socket is gone: drop everything queued for it. */
  reset(): void {
    this.#generation++;
    this.#items = [];
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      for (let item = this.#items.shift(); item !== undefined; item = this.#items.shift()) {
        if (item.generation !== this.#generation) continue;
        let frame: string | undefined;
        try {
          const produced = item.produce();
          // Synchronous producers stay synchronous: no await, so frames go out in the same tick.
          frame = typeof produced === 'string' || produced === undefined ? produced : await produced;
        } catch (error) {
          item.failed?.(this.#toError(error));
          continue;
        }
        if (item.generation !== this.#generation) continue;
        if (frame !== undefined && !this.#send(frame)) {
          item.failed?.(this.#refused());
          continue;
        }
        item.written?.(frame !== undefined);
      }
    } finally {
      this.#pumping = false;
    }
  }
}
