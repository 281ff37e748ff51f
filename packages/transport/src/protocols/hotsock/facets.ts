import type { ChannelFacets, HistoryListOptions, HistoryPage } from '../../client/ChannelFacets.js';
import type { Session } from '../../connection/Backend.js';
import type { ChannelStateStore } from '../../connection/ChannelStateStore.js';
import { checkHistoryListOptions } from '../../lib/historyListOptions.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import type { HotsockHttpApi } from './hotsockHttpApi.js';
import { checkedData, HOTSOCK_LIMITS, storageKey } from './limits.js';
import { pageMayContinue } from './pageEnd.js';
import { checkToken, isHotsockMessageId } from './validateInput.js';
import { messageMeta } from './messageMeta.js';

/**
 * One observed storage value (`hotsock.channelStorageUpdated`): sent right after subscribing
 * for every key the token may observe, then on every change.
 *
 * @example
 * ```ts
 * const listener: StorageListener = ({ channel, key, data }) => console.log(channel, key, data);
 * ```
 */
export type StorageListener = (change: { channel: string; key: string; data: unknown; meta: unknown }) => void;

/**
 * The history, presence and storage facets of one Hotsock channel. History and storage use
 * the Client HTTP API (so they need `httpApiUrl` and a live connection); presence reads the
 * members the socket reports and updates umd through a umd-scoped token.
 */
export function hotsockFacets(
  channel: string,
  io: {
    api: (() => HotsockHttpApi) | undefined;
    state: ChannelStateStore;
    session: () => Session | undefined;
    umdToken?: (context: { channel: string; umd: unknown; connectionId: string | undefined }) => Promise<string> | string;
    /** Registers a listener of `hotsock.channelStorageUpdated` (every channel). */
    onStorage?: (listener: StorageListener) => () => void;
  },
): ChannelFacets {
  const facets: { -readonly [K in keyof ChannelFacets]: ChannelFacets[K] } = {};
  const api = io.api;
  if (api) {
    facets.history = { list: (options) => listHistory(api(), channel, options) };
    facets.storage = {
      get: async (key) => (await api().channelStorageGet({ channel, key })).data,
      set: async (key, value) => {
        await api().channelStorageSet({ channel, key, data: value });
      },
      ...(io.onStorage
        ? {
            observe: (key: string, listener: (value: unknown) => void) => {
              // Checked here, not when the first value arrives: a later TypeError would surface far from the call.
              storageKey(key);
              if (typeof listener !== 'function') throw invalidArgument('listener', `must be a function called with the key's value (got ${kindOf(listener)})`);
              return io.onStorage!((c) => {
                if (c.channel === channel && c.key === key) listener(c.data);
              });
            },
          }
        : {}),
      list: async () => {
        const out: Record<string, unknown> = {};
        let after: string | undefined;
        for (;;) {
          const { items } = await api().channelStorageList(after === undefined ? { channel } : { channel, after });
          for (const item of items) out[item.key] = item.data;
          if (items.length < 100 || items.at(-1)?.key === after) return out;
          after = items.at(-1)?.key;
        }
      },
    };
  }
  if (channel.startsWith('presence.')) {
    facets.presence = {
      members: () => io.state.getSnapshot().members ?? [],
      self: () => {
        const uid = io.session()?.uid;
        return typeof uid === 'string' ? (io.state.getSnapshot().members ?? []).find((m) => m.id === uid) : undefined;
      },
      update: async (umd) => {
        checkedData(umd, 'umd', 'umdBytes');
        if (!io.umdToken) throw invalidArgument('options.umdToken', 'is needed to update presence: Hotsock takes new umd only from a umd-scoped token your server signs');
        if (!api) throw invalidArgument('options.httpApiUrl', 'is needed to update presence (connection/umdUpdate)');
        const token = checkToken(await io.umdToken({ channel, umd, connectionId: io.session()?.connectionId }), 'options.umdToken()');
        await api().umdUpdate({ channel, token });
      },
    };
  }
  return facets;
}

/**
 * One `history.list` page over `listMessages`. `hasMore` follows what the API documents about
 * its pages (see {@link pageMayContinue}: 100 messages or 1 MB), not the count alone, so a
 * page of large messages cut short by size is never taken for the end of the history.
 */
async function listHistory(api: HotsockHttpApi, channel: string, input: HistoryListOptions | undefined): Promise<HistoryPage<unknown>> {
  const options = checkHistoryListOptions(input, { maxLimit: HOTSOCK_LIMITS.pageSize, isId: isHotsockMessageId, idRule: 'a Hotsock message id (a 26-character ULID)' });
  const { limit } = options;
  // listMessages pages one way per call (`after` has no effect with reverse, `before` none without):
  // a combination it would silently ignore is refused.
  if (options.before !== undefined && options.after !== undefined) throw invalidArgument('options.before', 'cannot be combined with options.after on Hotsock (listMessages pages one way per call)');
  if (options.direction === 'forward' && options.before !== undefined) throw invalidArgument('options.before', "pages backward; with direction 'forward' use options.after");
  if (options.direction === 'backward' && options.after !== undefined) throw invalidArgument('options.after', "pages forward; with direction 'backward' use options.before");
  const forward = options.direction === 'forward' || options.after !== undefined;
  const { messages } = await api.listMessages(
    forward ? { channel, ...(options.after !== undefined ? { after: options.after } : {}) } : { channel, reverse: true, ...(options.before !== undefined ? { before: options.before } : {}) },
  );
  const page = messages.slice(0, limit);
  const items = page.map((m) => ({ id: m.id, data: m.data ?? null, meta: messageMeta(m.event, m.meta) }));
  // Backward pages come newest first from the API; items are always oldest first.
  if (!forward) items.reverse();
  return { items, hasMore: messages.length > page.length || pageMayContinue(messages) };
}
