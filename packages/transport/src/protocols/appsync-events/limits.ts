import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { LimitExceededError } from '../../errors/errors.js';
import { utf8Length } from '../../connection/utf8Length.js';

/**
 * AppSync Events publish limits (AWS docs and service quotas). Byte limits are taken in
 * decimal units (240 KB = 240,000 bytes, 1.2 MB = 1,200,000 bytes): the conservative reading,
 * so that nothing this client sends is refused for size by the service.
 *
 * @example
 * ```ts
 * if (events.length > APPSYNC_LIMITS.eventsPerPublish) splitIntoRequests('/default/a', encoded);
 * ```
 */
export const APPSYNC_LIMITS = Object.freeze({
  eventsPerPublish: 5,
  eventBytes: 240_000,
  requestBytes: 1_200_000,
});

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
    const encoded = JSON.stringify(event);
    if (encoded === undefined) throw new ChannelKitError('INVALID_ARGUMENT', `event ${index} is not JSON-serializable (${typeof event})`);
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
export function splitIntoRequests(channel: string, encoded: readonly string[]): Array<{ offset: number; events: string[] }> {
  // Body is {"channel":"…","events":[…]}: fixed overhead plus each event as a JSON string.
  const overhead = utf8Length(JSON.stringify({ channel, events: [] }));
  const chunks: Array<{ offset: number; events: string[] }> = [];
  let current: { offset: number; events: string[] } | undefined;
  let bytes = overhead;
  for (const [index, event] of encoded.entries()) {
    const size = utf8Length(JSON.stringify(event)) + 1;
    if (!current || current.events.length === APPSYNC_LIMITS.eventsPerPublish || bytes + size > APPSYNC_LIMITS.requestBytes) {
      current = { offset: index, events: [] };
      chunks.push(current);
      bytes = overhead;
    }
    current.events.push(event);
    bytes += size;
  }
  return chunks;
}
