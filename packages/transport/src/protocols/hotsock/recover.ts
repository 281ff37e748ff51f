import type { Recovery } from '../../connection/Backend.js';
import { historyStartOf, ulidFloor, ulidTime } from './claims.js';
import type { HotsockHttpApi } from './hotsockHttpApi.js';
import { HOTSOCK_LIMITS } from './limits.js';
import { messageMeta } from './messageMeta.js';

/** Most pages one recovery fetches (10,000 messages); beyond that the gap is a discontinuity. */
const MAX_PAGES = 100;

/**
 * What a channel missed while the socket was down, through `listMessages` after the last id
 * seen (or after the moment the previous subscription began, when none was seen).
 *
 * Without `historyStart` covering the gap, `listMessages` only shows what was published
 * during the *new* subscription: it would look complete while missing the outage. Such a
 * channel is reported incomplete, so its subscribers get `onDiscontinuity` instead.
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
  let after = lastEventId ?? ulidFloor(from);
  for (let page = 0; page < MAX_PAGES; page++) {
    const { messages } = await api.listMessages({ channel, after });
    for (const m of messages) {
      if (typeof m?.id !== 'string' || m.id <= after) continue;
      events.push({ id: m.id, data: m.data ?? null, meta: messageMeta(m.event, m.meta) });
    }
    const last = messages.at(-1)?.id;
    if (messages.length < HOTSOCK_LIMITS.pageSize || typeof last !== 'string' || last <= after) return { events, complete: true };
    after = last;
  }
  return { events, complete: false };
}
