import type { ChatEvent } from './model.js';
import { isSaneTime } from './saneTime.js';

/**
 * The limits {@link validateChatEvent} enforces (UTF-16 code units). Above any real chat
 * message and below what makes a list slow: the text limit is larger than a Chime or Hotsock
 * event can carry, smaller than a 1 MB payload an AppSync peer could publish.
 *
 * @example
 * ```ts
 * if (draft.length > CHAT_EVENT_LIMITS.text) showTooLong();
 * ```
 */
export const CHAT_EVENT_LIMITS = Object.freeze({ id: 256, user: 256, name: 256, text: 65_536 });

/**
 * The verdict of {@link validateChatEvent}: the event as the components read it (only its
 * documented fields, copied), or why it was refused.
 *
 * @example
 * ```ts
 * const v: ChatEventVerdict = validateChatEvent(data);
 * if (!v.ok) console.warn(v.reason);
 * ```
 */
export type ChatEventVerdict = { readonly ok: true; readonly event: ChatEvent } | { readonly ok: false; readonly reason: string };

const own = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);

/** What a value is, for a reason: `null`, `an array`, or its `typeof`. */
export const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/**
 * `value` as a string of at most `max` characters, or a thrown reason: `undefined` passes when
 * `optional`, `''` when `empty` (validateMember shares it).
 */
export function checkedString(value: unknown, field: string, max: number, optional = false, empty = optional): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw `${field} is ${kindOf(value)}, not a string`;
  if (value === '' && !empty) throw `${field} is empty`;
  if (value.length > max) throw `${field} is ${value.length} characters (over ${max})`;
  return value;
}

/**
 * Checks that a payload from the wire is a {@link ChatEvent}: a plain object (not `null`, not
 * an array) whose own `id`, `text` and `user` are non-empty strings within
 * {@link CHAT_EVENT_LIMITS} (`text` may be empty), `name` absent or such a string, and `at` a
 * time the components can show (2000–2100, see `isSaneTime`). Only own properties are read,
 * so `__proto__` or `constructor` keys change nothing; extra keys are ignored. Never throws.
 *
 * @example
 * ```ts
 * validateChatEvent({ id: 'm1', text: 'hi', user: 'ana', at: Date.now() }).ok; // true
 * validateChatEvent({ id: 'm1', text: 'hi', user: 'ana', at: 1e20 });          // { ok: false, reason: 'at is not a time between 2000 and 2100' }
 * ```
 */
export function validateChatEvent(data: unknown): ChatEventVerdict {
  try {
    if (kindOf(data) !== 'object') throw `the payload is ${kindOf(data)}, not an object`;
    const o = data as object;
    const id = checkedString(own(o, 'id'), 'id', CHAT_EVENT_LIMITS.id) as string;
    const text = checkedString(own(o, 'text'), 'text', CHAT_EVENT_LIMITS.text, false, true) as string;
    const user = checkedString(own(o, 'user'), 'user', CHAT_EVENT_LIMITS.user) as string;
    const name = checkedString(own(o, 'name'), 'name', CHAT_EVENT_LIMITS.name, true);
    const at = own(o, 'at');
    if (!isSaneTime(at)) throw 'at is not a time between 2000 and 2100';
    return { ok: true, event: name === undefined ? { id, text, user, at } : { id, text, user, name, at } };
  } catch (reason) {
    // Thrown strings are this function's own verdicts; anything else (a getter that throws on
    // an object that did not come from JSON) is still a refusal, not a crash.
    return { ok: false, reason: typeof reason === 'string' ? reason : 'the payload could not be read' };
  }
}
