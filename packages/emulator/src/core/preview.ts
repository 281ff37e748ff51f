/**
 * A bounded, depth-limited description of an untrusted value for error messages: its type
 * and at most `max` characters. Never `JSON.stringify` attacker input into a message: a
 * 20 000-deep array overflows the stack (and a 1 MB string bloats every error frame).
 *
 * @example
 * ```ts
 * preview('/default/room'); // '"/default/room"'
 * preview([[[[1]]]]);       // 'array [[[…]]]'
 * ```
 */
export function preview(value: unknown, max = 64): string {
  if (typeof value === 'string') return clip(JSON.stringify(value.length > max ? value.slice(0, max) : value), max + 2, value.length > max);
  if (value === null || typeof value !== 'object') return clip(String(value), max, false);
  const kind = Array.isArray(value) ? 'array' : 'object';
  return `${kind} ${clip(shallow(value, 3), max, false)}`;
}

/** Renders at most `depth` levels and a few members per level, iteratively bounded by length. */
function shallow(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? JSON.stringify(value.slice(0, 16)) : String(value);
  if (depth === 0) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, 4).map((v) => shallow(v, depth - 1));
    return `[${items.join(',')}${value.length > 4 ? ',…' : ''}]`;
  }
  const keys = Object.keys(value).slice(0, 4);
  const items = keys.map((k) => `${JSON.stringify(k.slice(0, 16))}:${shallow((value as Record<string, unknown>)[k], depth - 1)}`);
  return `{${items.join(',')}${Object.keys(value).length > 4 ? ',…' : ''}}`;
}

function clip(text: string, max: number, truncated: boolean): string {
  return text.length > max ? `${text.slice(0, max)}…` : truncated ? `${text}…` : text;
}
