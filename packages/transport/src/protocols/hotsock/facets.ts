import type { ChannelFacets, HistoryListOptions, HistoryPage } from '../../client/ChannelFacets.js';
import type { Session } from '../../connection/Backend.js';
import type { ChannelStateStore } from '../../connection/ChannelStateStore.js';
import { invalidArgument } from '../../lib/invalidArgument.js';
import type { HotsockHttpApi } from './hotsockHttpApi.js';
import { checkedData, HOTSOCK_LIMITS } from './limits.js';
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
      ...(io.onStorage ? { observe: (key: string, listener: (value: unknown) => void) => io.onStorage!((c) => c.channel === channel && c.key === key && listener(c.data)) } : {}),
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
        const token = await io.umdToken({ channel, umd, connectionId: io.session()?.connectionId });
        await api().umdUpdate({ channel, token });
      },
    };
  }
  return facets;
}

async function listHistory(api: HotsockHttpApi, channel: string, options: HistoryListOptions = {}): Promise<HistoryPage<unknown>> {
  if (options === null || typeof options !== 'object') throw invalidArgument('options', 'must be an object');
  const limit = options.limit ?? HOTSOCK_LIMITS.pageSize;
  if (!Number.isInteger(limit) || limit < 1) throw invalidArgument('options.limit', 'must be a positive integer');
  const forward = options.direction === 'forward' || (options.after !== undefined && options.before === undefined && options.direction !== 'backward');
  const { messages } = await api.listMessages(
    forward ? { channel, ...(options.after !== undefined ? { after: options.after } : {}) } : { channel, reverse: true, ...(options.before !== undefined ? { before: options.before } : {}) },
  );
  const page = messages.slice(0, Math.min(limit, HOTSOCK_LIMITS.pageSize));
  const items = page.map((m) => ({ id: m.id, data: m.data ?? null, meta: messageMeta(m.event, m.meta) }));
  // Backward pages come newest first from the API; items are always oldest first.
  if (!forward) items.reverse();
  return { items, hasMore: messages.length > page.length || messages.length === HOTSOCK_LIMITS.pageSize };
}
