import type { Recovery } from '../../connection/Backend.js';
import { historyStartOf, ulidFloor, ulidTime } from './claims.js';
import type { HotsockHttpApi } from './hotsockHttpApi.js';
import { pageMayContinue } from './pageEnd.js';
import { messageMeta } from './messageMeta.js';

/** Most pages one recovery fetches; beyond that the gap is a discontinuity. */
const MAX_PAGES = 100;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The ULID just below `id` (the same string minus one in base 32). Listing `after` it starts
 * with `id` itself when `id` is still stored: the first page both proves the last seen message
 * is there and carries what came after it, at no extra request.
 */
function ulidBefore(id: string): string | undefined {
  const digits = [...id.toUpperCase()].map((c) => CROCKFORD.indexOf(c));
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! > 0) {
      digits[i]!--;
      return digits.map((d) => CROCKFORD[d]).join('');
    }
    digits[i] = 31;
  }
  return undefined; // the zero ULID has nothing before it
}

/**
 * What a channel missed while the socket was down, through `listMessages` after the last id
 * seen (or after the moment the previous subscription began, when none was seen).
 *
 * Complete only when nothing can have been lost silently (docs/hotsock.md, "Gap recovery"):
 * - `historyStart` covers the gap. Without it `listMessages` only shows what was published
 *   during the *new* subscription: it would look complete while missing the outage.
 * - Paging goes on until the API's answer says there is no more ({@link pageMayContinue}):
 *   a page is "up to 100 messages or up to 1MB", so a short page of large messages is not
 *   the end.
 * - The last message seen before the outage is still in history. Messages expire (`store`
 *   seconds on the publisher's grant) and the subscriber cannot know the publisher's retention;
 *   if the last one seen is gone, later ones may have expired too before we asked, so what
 *   history still holds is delivered and a discontinuity is signalled.
 */
export async function recoverMissed(request: {
  channel: string;
  lastEventId: string | undefined;
  since: number;
  api: HotsockHttpApi | undefined;
  claims: ReadonlyArray<Record<string, unknown> | undefined>;
}): Promise<Recovery> {
  const { channel, lastEventId, api } = request;
  const from = lastEventId !== undefined ? ulidTime(lastEventId) : request.since;
  const starts = request.claims.map((c) => historyStartOf(c, channel)).filter((s): s is number => s !== undefined);
  const start = starts.length ? Math.min(...starts) : undefined;
  if (!api || from === undefined || start === undefined || start * 1000 > from) return { events: [], complete: false };
  const events: Array<{ id: string; data: unknown; meta: Record<string, unknown> }> = [];
  // With no event seen there is nothing to look for: the gap starts at the subscription.
  let lastSeenStored = lastEventId === undefined;
  let after = (lastEventId !== undefined ? ulidBefore(lastEventId) : undefined) ?? ulidFloor(from);
  const seen = lastEventId ?? after;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { messages } = await api.listMessages({ channel, after });
    for (const m of messages) {
      if (typeof m?.id !== 'string') continue;
      if (m.id === lastEventId) lastSeenStored = true;
      if (m.id <= seen) continue;
      events.push({ id: m.id, data: m.data ?? null, meta: messageMeta(m.event, m.meta) });
    }
    const last = messages.at(-1)?.id;
    if (!pageMayContinue(messages) || typeof last !== 'string' || last <= after) return { events, complete: lastSeenStored };
    after = last;
  }
  return { events, complete: false };
}
