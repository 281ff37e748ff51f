import type { HistoryListOptions, HistoryPage } from '../../client/ChannelFacets.js';
import type { Recovery } from '../../connection/Backend.js';
import type { MessageSender } from '../../connection/MessageSender.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { checkHistoryListOptions } from '../../lib/historyListOptions.js';
import type { ChimeMessagingApi } from './api.js';
import { type ChimeEvent, messageData } from './envelope.js';
import { senderOf } from './senderOf.js';
import type { ChimeMessage } from './types.js';
import { isChimeMessageId } from './validateInput.js';

/** Pages fetched at most by one recovery; beyond it the rest is a discontinuity. */
const MAX_RECOVERY_PAGES = 20;

/**
 * The meta a message carries as a channel event: the typed Chime event, and `sender` — the
 * `Sender` Chime stamped (the AppInstanceUser whose credentials sent it, not a payload claim).
 */
export const createMeta = (message: ChimeMessage): { chime: ChimeEvent; sender?: MessageSender; deleted?: true } => ({
  ...senderOf(message),
  // A redacted message is still listed, its content gone: a tombstone (`meta.deleted`).
  ...(message.Redacted ? { deleted: true as const } : {}),
  chime: {
    kind: 'message',
    eventType: 'CREATE_CHANNEL_MESSAGE',
    action: 'create',
    status: 'SENT',
    messageType: message.Type === 'CONTROL' ? 'CONTROL' : 'STANDARD',
    channelArn: message.ChannelArn ?? '',
    message,
  },
});

const toItem = (m: ChimeMessage) => ({ id: m.MessageId, data: messageData(m), meta: createMeta(m) });

/**
 * Gap recovery (spec A5 "Missed messages"): ListChannelMessages ASCENDING from the timestamp
 * of the last message seen (`not-before` is inclusive and second-precise, so the page starts
 * at or before it), dropping everything up to and including `lastEventId`; the connection
 * deduplicates by MessageId and delivers these before newer live events.
 *
 * @example
 * ```ts
 * const { events, complete } = await recoverChannel(api, channelArn, 'msg-41', knownTimes);
 * ```
 */
export async function recoverChannel(api: ChimeMessagingApi, channelArn: string, lastEventId: string, times: Map<string, number>): Promise<Recovery> {
  let since = times.get(lastEventId);
  if (since === undefined) {
    try {
      since = (await api.getChannelMessage(channelArn, lastEventId)).CreatedTimestamp ?? 0;
    } catch (error) {
      // Gone (deleted, or past the AppInstance's retention) and its time unknown: there is no
      // point to resume from. Not an error of the app's: a discontinuity.
      if (error instanceof ChannelKitError && error.details.status === 404) return { events: [], complete: false };
      throw error;
    }
  }
  return fetchSince(api, channelArn, since, lastEventId);
}

/**
 * Recovery for a channel that had seen no message: everything created at or after `since`
 * (its first subscribe), oldest first.
 *
 * @example
 * ```ts
 * const { events } = await recoverSinceTime(api, channelArn, subscribedAt);
 * ```
 */
export function recoverSinceTime(api: ChimeMessagingApi, channelArn: string, since: number): Promise<Recovery> {
  return fetchSince(api, channelArn, since, undefined);
}

async function fetchSince(api: ChimeMessagingApi, channelArn: string, since: number, lastEventId: string | undefined): Promise<Recovery> {
  const events: Recovery['events'][number][] = [];
  let passed = false;
  let nextToken: string | undefined;
  const notBefore = Math.floor(since / 1000) * 1000;
  for (let page = 0; page < MAX_RECOVERY_PAGES; page++) {
    const res = await api.listChannelMessages(channelArn, { sortOrder: 'ASCENDING', notBefore, maxResults: 50, ...(nextToken ? { nextToken } : {}) });
    for (const m of res.items) {
      if (m.MessageId === lastEventId) {
        passed = true;
        events.length = 0; // everything before it was already seen
        continue;
      }
      if (!passed && (m.CreatedTimestamp ?? 0) < since) continue;
      events.push(toItem(m));
    }
    nextToken = res.nextToken;
    // The last message seen must still be listed (deleted messages and those past the
    // AppInstance's retention are not): if it is gone, others after it may be gone too, so what
    // is listed is delivered and a discontinuity signalled (docs/chime.md, "Gap recovery").
    if (!nextToken) return { events, complete: lastEventId === undefined || passed };
  }
  return { events, complete: false };
}

/**
 * The history facet: ListChannelMessages pages, oldest first within a page. `before`/`after`
 * are MessageIds, resolved to their timestamps.
 *
 * @example
 * ```ts
 * const page = await listHistory(api, channelArn, { limit: 20 }, times);
 * ```
 */
export async function listHistory(api: ChimeMessagingApi, channelArn: string, input: HistoryListOptions | undefined, times: Map<string, number>): Promise<HistoryPage<unknown>> {
  // ListChannelMessages serves at most 50 (`max-results` 1..50): a larger limit is refused, not clamped.
  const options = checkHistoryListOptions(input, { maxLimit: 50, isId: isChimeMessageId, idRule: 'a Chime MessageId (1..128 characters of [-_a-zA-Z0-9])' });
  const { limit } = options;
  const timeOf = async (id: string) => times.get(id) ?? (await api.getChannelMessage(channelArn, id)).CreatedTimestamp ?? 0;
  const forward = options.direction === 'forward' || (options.after !== undefined && options.before === undefined);
  const notAfter = options.before !== undefined ? await timeOf(options.before) : undefined;
  const notBefore = options.after !== undefined ? await timeOf(options.after) : undefined;
  // Ask for one more than needed on each side: the boundary message itself comes back (inclusive bounds).
  const res = await api.listChannelMessages(channelArn, {
    sortOrder: forward ? 'ASCENDING' : 'DESCENDING',
    maxResults: Math.min(limit + 1, 50),
    ...(notAfter !== undefined ? { notAfter } : {}),
    ...(notBefore !== undefined ? { notBefore } : {}),
  });
  const items = res.items.filter((m) => m.MessageId !== options.before && m.MessageId !== options.after);
  const page = items.slice(0, limit);
  for (const m of page) if (m.CreatedTimestamp !== undefined) times.set(m.MessageId, m.CreatedTimestamp);
  const ordered = forward ? page : page.reverse();
  return { items: ordered.map(toItem), hasMore: items.length > limit || res.nextToken !== undefined };
}
