import type { ChannelStore, StoredConnection, StoredSubscription } from './ChannelStore.js';

/**
 * A {@link ChannelStore} in memory, plus a synchronous look at a connection's channels (for
 * the emulator's connection list).
 *
 * @example
 * ```ts
 * const store: MemoryStore = memoryStore();
 * store.channelsOf('abc='); // ['room']
 * ```
 */
export interface MemoryStore extends ChannelStore {
  channelsOf(connectionId: string): string[];
}

/**
 * The in-memory {@link ChannelStore}: the emulator's default, and right for one process (a
 * single Lambda instance is not one process over time: use a shared store there). Routers
 * that share one `memoryStore()` behave as one.
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * export const handler = createChannelRouter({ store });
 * ```
 */
export function memoryStore(): MemoryStore {
  const connections = new Map<string, StoredConnection>();
  // channel → connectionId → subscription, and its index connectionId → channels.
  const channels = new Map<string, Map<string, StoredSubscription>>();
  const byConnection = new Map<string, Set<string>>();
  // Copies out, so a caller's edits never reach the store (DynamoDB returns copies too).
  const copy = (s: StoredSubscription): StoredSubscription => ({ ...s, sender: { ...s.sender } });
  return {
    async putConnection(connection) {
      connections.set(connection.connectionId, { ...connection });
    },
    async getConnection(connectionId) {
      const c = connections.get(connectionId);
      return c ? { ...c } : undefined;
    },
    async deleteConnection(connectionId) {
      connections.delete(connectionId);
    },
    async subscribe(subscription) {
      const subs = channels.get(subscription.channel) ?? new Map<string, StoredSubscription>();
      channels.set(subscription.channel, subs);
      const fresh = !subs.has(subscription.connectionId);
      subs.set(subscription.connectionId, copy(subscription));
      const set = byConnection.get(subscription.connectionId) ?? new Set<string>();
      byConnection.set(subscription.connectionId, set);
      set.add(subscription.channel);
      return fresh;
    },
    async unsubscribe(channel, connectionId) {
      const subs = channels.get(channel);
      const removed = subs?.get(connectionId);
      if (!subs || !removed) return undefined;
      subs.delete(connectionId);
      if (subs.size === 0) channels.delete(channel);
      const set = byConnection.get(connectionId);
      set?.delete(channel);
      if (set?.size === 0) byConnection.delete(connectionId);
      return removed;
    },
    async subscribers(channel) {
      return [...(channels.get(channel)?.values() ?? [])].map(copy);
    },
    async subscriptionsOf(connectionId) {
      return [...(byConnection.get(connectionId) ?? [])].flatMap((channel) => {
        const s = channels.get(channel)?.get(connectionId);
        return s ? [copy(s)] : [];
      });
    },
    channelsOf(connectionId) {
      return [...(byConnection.get(connectionId) ?? [])];
    },
  };
}
