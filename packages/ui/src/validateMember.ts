import type { Member } from './model.js';
import { CHAT_EVENT_LIMITS, checkedString, kindOf } from './validateChatEvent.js';

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
  let member: Member | undefined;
  try {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '' || id.length > CHAT_EVENT_LIMITS.user) throw 'the member has no usable id';
    member = { id };
    const data = (raw as { data?: unknown }).data ?? {};
    if (kindOf(data) !== 'object') throw `data is ${kindOf(data)}, not an object`;
    const name = checkedString(Object.hasOwn(data as object, 'name') ? (data as { name?: unknown }).name : undefined, 'name', CHAT_EVENT_LIMITS.name, true);
    return { member: name === undefined ? member : { id, name } };
  } catch (reason) {
    // What was read before the refusal is kept: a member with an unreadable name shows by id.
    return { member, reason: typeof reason === 'string' ? reason : 'the member could not be read' };
  }
}
