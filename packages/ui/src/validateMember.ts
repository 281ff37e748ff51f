import type { Member } from './model.js';
import { CHAT_EVENT_LIMITS } from './validateChatEvent.js';

/**
 * The verdict of {@link validateMember}: the member as the components show it, with `reason`
 * set when something of it was dropped (an unreadable name) or it was refused (`member`
 * undefined: no usable id).
 *
 * @example
 * ```ts
 * const { member, reason }: MemberVerdict = validateMember(raw);
 * ```
 */
export interface MemberVerdict {
  readonly member: Member | undefined;
  readonly reason?: string | undefined;
}

/**
 * Reads a presence member (`{ id, data? }` from `usePresence`) as a {@link Member}: the id must
 * be a non-empty string of at most 256 characters (else the member is skipped); `data.name`, an
 * own property, is kept only if it is a string of at most 256 characters (else the member is
 * shown by id). Presence data comes from peers (the convention's signals, Hotsock `umd`), so it
 * is checked like a message. Never throws.
 *
 * @example
 * ```ts
 * validateMember({ id: 'ana', data: { name: 'Ana' } }); // { member: { id: 'ana', name: 'Ana' } }
 * validateMember({ id: 'bo', data: { name: 42 } });     // { member: { id: 'bo' }, reason: 'name is number, not a string' }
 * ```
 */
export function validateMember(raw: unknown): MemberVerdict {
  try {
    const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id.length === 0 || id.length > CHAT_EVENT_LIMITS.user) return { member: undefined, reason: 'the member has no usable id' };
    const data = (raw as { data?: unknown }).data;
    if (data === undefined || data === null) return { member: { id } };
    if (typeof data !== 'object' || Array.isArray(data)) return { member: { id }, reason: `data is ${Array.isArray(data) ? 'an array' : typeof data}, not an object` };
    const name = Object.hasOwn(data, 'name') ? (data as { name?: unknown }).name : undefined;
    if (name === undefined) return { member: { id } };
    if (typeof name !== 'string') return { member: { id }, reason: `name is ${name === null ? 'null' : typeof name}, not a string` };
    if (name.length > CHAT_EVENT_LIMITS.name) return { member: { id }, reason: `name is ${name.length} characters (over ${CHAT_EVENT_LIMITS.name})` };
    return { member: { id, name } };
  } catch {
    return { member: undefined, reason: 'the member could not be read' };
  }
}
