/**
 * One message as the components show it. `status` is `delivered` for messages from the
 * backend, or the optimistic state of one of yours.
 *
 * @example
 * ```ts
 * const m: ChatMessage = { id: 'm1', text: 'hi', sender: { id: 'ana', name: 'Ana' }, at: Date.now(), status: 'delivered' };
 * ```
 */
export interface ChatMessage {
  readonly id: string;
  /**
   * The row's identity in the list when it differs from `id`: the hooks' stable `key`, the same
   * for a sent message before and after its echo (whose `id` becomes the backend's), so the row
   * is updated in place instead of remounted. Defaults to `id`.
   */
  readonly key?: string | undefined;
  readonly text: string;
  readonly sender: ChatSender;
  /** Epoch ms. A time outside 2000–2100 (or not finite) is not shown, and joins the day above. */
  readonly at: number;
  readonly status?: 'delivered' | 'pending' | 'queued' | 'failed' | 'sent';
  /** For optimistic messages: what `onRetry` / `onDiscard` receive. */
  readonly localId?: string | undefined;
  /** Why a `failed` message was not sent (shown next to the failed state). */
  readonly error?: string | undefined;
  /**
   * The current user's own message (marked, never announced). Unset: `MessageList` compares
   * `sender.id` with its `selfId`.
   */
  readonly own?: boolean | undefined;
  /** The content was replaced by an edit (shown as "edited"). */
  readonly edited?: boolean | undefined;
  /** The message was deleted: a tombstone, shown as "deleted" without its text. */
  readonly deleted?: boolean | undefined;
}

/**
 * Who sent a message. `verified: false` says no backend vouched for it: `id` and `name` are
 * what the payload claims (AppSync Events with an API key authenticates nobody), and the
 * message shows "unverified" next to the name. The `Connected*` components set it; for your
 * own data, leave it out (trusted as given) or set it.
 *
 * @example
 * ```ts
 * const verified: ChatSender = { id: 'arn:aws:chime:…/user/ana', name: 'Ana', verified: true };
 * const claimed: ChatSender = { id: 'ana', name: 'Ana', verified: false };
 * ```
 */
export interface ChatSender {
  readonly id: string;
  readonly name?: string | undefined;
  readonly verified?: boolean | undefined;
}

/**
 * The event the `Connected*` components publish and read (`id` deduplicates the optimistic
 * copy against its echo).
 *
 * @example
 * ```ts
 * const e: ChatEvent = { id: crypto.randomUUID(), text: 'hi', user: 'ana', name: 'Ana', at: Date.now() };
 * ```
 */
export interface ChatEvent {
  readonly id: string;
  readonly text: string;
  readonly user: string;
  readonly name?: string;
  readonly at: number;
}

/**
 * A presence member as the components show it.
 *
 * @example
 * ```ts
 * const m: Member = { id: 'ana', name: 'Ana' };
 * ```
 */
export interface Member {
  readonly id: string;
  readonly name?: string | undefined;
}

/** The display name of a sender or member. */
export function displayName(m: { id: string; name?: string | undefined }): string {
  // Typed as strings, but the data may come straight from a peer: never throw on it.
  return (typeof m.name === 'string' ? m.name.trim() : '') || String(m.id);
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const words = String(name).trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

/** A stable hue per user id, for avatar colours. */
export function hue(id: string): number {
  id = String(id);
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}
