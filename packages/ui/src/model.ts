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
  readonly text: string;
  readonly sender: { readonly id: string; readonly name?: string | undefined };
  /** Epoch ms. */
  readonly at: number;
  readonly status?: 'delivered' | 'pending' | 'queued' | 'failed' | 'sent';
  /** For optimistic messages: what `onRetry` / `onDiscard` receive. */
  readonly localId?: string | undefined;
  /** Why a `failed` message was not sent (shown next to the failed state). */
  readonly error?: string | undefined;
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
  return m.name?.trim() || m.id;
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

/** A stable hue per user id, for avatar colours. */
export function hue(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}
