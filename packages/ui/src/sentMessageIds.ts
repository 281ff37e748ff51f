/** Per client: the ids of the messages the Connected components published through it. */
const byClient = new WeakMap<object, Set<string>>();
/** Enough for a long session's own messages in view; the oldest are forgotten first. */
const KEEP = 1000;

/**
 * Remembers that this page published the message `id` through `client` (the `Connected*`
 * components call it before publishing). It is how a message is known to be one's own where
 * the backend vouches for no sender (AppSync Events with an API key): by what this page sent,
 * never by the name a payload claims. Kept per client for the page's life (remounts and room
 * switches keep it), the last 1,000 ids.
 *
 * @example
 * ```ts
 * rememberSent(client, event.id);
 * await client.channel(room).publish(event);
 * ```
 */
export function rememberSent(client: object, id: string): void {
  let ids = byClient.get(client);
  if (!ids) {
    ids = new Set();
    byClient.set(client, ids);
  }
  ids.add(id);
  // A Set iterates in insertion order: the first is the oldest.
  if (ids.size > KEEP) ids.delete(ids.values().next().value as string);
}

/**
 * Whether this page published the message `id` through `client` (see {@link rememberSent}).
 *
 * @example
 * ```ts
 * const own = wasSent(client, message.id);
 * ```
 */
export function wasSent(client: object, id: string | undefined): boolean {
  return id !== undefined && byClient.get(client)?.has(id) === true;
}
