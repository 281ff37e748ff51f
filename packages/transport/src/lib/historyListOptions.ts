import type { HistoryListOptions } from '../client/ChannelFacets.js';
import { invalidArgument, kindOf } from './invalidArgument.js';

/**
 * What a backend allows in `history.list(options)`: its largest page, and what its event ids
 * look like (ULIDs on Hotsock, MessageIds on Chime).
 *
 * @example
 * ```ts
 * const rules: HistoryRules = { maxLimit: 50, isId: (id) => /^[-_a-zA-Z0-9]{1,128}$/.test(id), idRule: 'a Chime MessageId' };
 * ```
 */
export interface HistoryRules {
  /** The largest page the backend serves in one request. */
  maxLimit: number;
  /** True for a string shaped like one of the backend's event ids. */
  isId: (id: string) => boolean;
  /** How the message names the id shape ("a Hotsock message id (a ULID)"). */
  idRule: string;
}

/**
 * Checks `history.list(options)` before any request: an object (or nothing), `before`/`after`
 * event ids of the backend's shape, `direction` `'forward'` or `'backward'`, and `limit` an
 * integer from 1 to the backend's page maximum. A limit beyond the maximum is refused rather
 * than clamped: a caller asking for 500 and silently getting 50 would take the short page for
 * the whole history. Returns the options with `limit` filled in.
 *
 * @example
 * ```ts
 * const { limit, before } = checkHistoryListOptions(options, { maxLimit: 100, isId: isUlid, idRule: 'a ULID' });
 * ```
 */
export function checkHistoryListOptions(options: unknown, rules: HistoryRules): HistoryListOptions & { limit: number } {
  if (options === undefined) return { limit: rules.maxLimit };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw invalidArgument('options', `must be an object such as { before, limit } (got ${kindOf(options)})`);
  const o = options as Record<string, unknown>;
  for (const side of ['before', 'after'] as const) {
    const id = o[side];
    if (id === undefined) continue;
    if (typeof id !== 'string' || !rules.isId(id)) throw invalidArgument(`options.${side}`, `must be ${rules.idRule}, the id of an event of this channel (got ${kindOf(id)})`);
  }
  if (o.direction !== undefined && o.direction !== 'forward' && o.direction !== 'backward') throw invalidArgument('options.direction', `must be 'forward' or 'backward' (got ${kindOf(o.direction)})`);
  const limit = o.limit ?? rules.maxLimit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > rules.maxLimit)
    throw invalidArgument(
      'options.limit',
      `must be a positive integer of at most ${rules.maxLimit}, the largest page of this backend (got ${typeof limit === 'number' ? String(limit) : kindOf(limit)})`,
    );
  return { ...(o as HistoryListOptions), limit };
}
