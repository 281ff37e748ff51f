import type { PublishBatch } from '../../connection/Backend.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { LimitExceededError } from '../../errors/errors.js';
import { safeJsonStringify } from '../../lib/safeJsonStringify.js';
import { utf8Length } from '../../lib/utf8Length.js';
import { APPSYNC_LIMITS } from './limits.js';

/**
 * JSON-encodes events for the wire (AppSync carries each event as a JSON string) and checks
 * each against the per-event size limit.
 *
 * @example
 * ```ts
 * encodeEvents([{ text: 'hi' }]); // ['{"text":"hi"}']
 * ```
 */
export function encodeEvents(events: readonly unknown[]): string[] {
  if (events.length === 0) throw new ChannelKitError('INVALID_ARGUMENT', 'publish needs at least one event');
  return events.map((event, index) => {
    const encoded = safeJsonStringify(event, `event ${index}`);
    const bytes = utf8Length(encoded);
    if (bytes > APPSYNC_LIMITS.eventBytes) {
      throw new LimitExceededError('eventBytes', bytes, APPSYNC_LIMITS.eventBytes, `event ${index} is too large: AppSync Events accepts at most 240 KB per event`);
    }
    return encoded;
  });
}

/**
 * Splits encoded events into requests that each respect the per-request limits (5 events,
 * 1.2 MB body), keeping order. Returns the chunks with the index of their first event.
 *
 * @example
 * ```ts
 * splitIntoRequests('/default/a', encodeEvents(twelveEvents)).length; // 3
 * ```
 */
export function splitIntoRequests(channel: string, encoded: readonly string[]): PublishBatch[] {
  // Body is {"channel":"…","events":[…]}: fixed overhead plus each event as a JSON string.
  const overhead = utf8Length(JSON.stringify({ channel, events: [] }));
  const chunks: Array<{ offset: number; events: string[]; bytes: number }> = [];
  let current: { offset: number; events: string[]; bytes: number } | undefined;
  let bytes = overhead;
  for (const [index, event] of encoded.entries()) {
    const size = utf8Length(JSON.stringify(event)) + 1;
    if (!current || current.events.length === APPSYNC_LIMITS.eventsPerPublish || bytes + size > APPSYNC_LIMITS.requestBytes) {
      current = { offset: index, events: [], bytes: overhead };
      chunks.push(current);
      bytes = overhead;
    }
    current.events.push(event);
    bytes += size;
    current.bytes = bytes;
  }
  return chunks;
}
