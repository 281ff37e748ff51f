import { utf8Length } from '../../lib/utf8Length.js';
import { HOTSOCK_LIMITS } from './limits.js';

/** The Client HTTP API's page budget: "up to 100 messages or up to 1MB of data, whichever comes first" (seed 002). */
const PAGE_BYTES = 1024 * 1024;

/**
 * Room for one more message of the largest size: 32 KiB of data plus its id, event name (128),
 * channel name (256), umd (1 KiB) and JSON punctuation, rounded up generously. A page further
 * than this from the budget was not cut by size.
 */
const LARGEST_MESSAGE = 64 * 1024;

/**
 * Whether a `listMessages` page may have a next one. The API answers `{ messages }` with no
 * cursor and no "more" flag, and ends a page at 100 messages or at 1 MB, so a page shorter
 * than 100 is not proof of the end (with 30 KB messages a full page holds about 33). A page is
 * the last only when it has fewer than 100 messages *and* the next message, whatever its size,
 * would still have fit in the 1 MB budget; otherwise the caller asks again, and an empty page
 * ends the history. Hotsock does not say how it counts the megabyte, so the whole message is
 * counted (the most it could mean) and the margin is one largest message.
 *
 * @example
 * ```ts
 * const { messages } = await api.listMessages({ channel, after });
 * if (!pageMayContinue(messages)) return; // the history ends here
 * ```
 */
export function pageMayContinue(messages: readonly unknown[]): boolean {
  if (messages.length === 0) return false;
  if (messages.length >= HOTSOCK_LIMITS.pageSize) return true;
  let bytes = 0;
  for (const m of messages) {
    bytes += utf8Length(JSON.stringify(m) ?? '');
    if (bytes > PAGE_BYTES - LARGEST_MESSAGE) return true;
  }
  return false;
}
