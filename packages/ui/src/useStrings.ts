'use client';
import { useMemo, useRef } from 'react';
import { DEFAULT_STRINGS, type UiStrings } from './strings.js';

/**
 * `strings(overrides)` as a hook whose result keeps its identity while the overrides are equal
 * by value: apps write `strings={{ send: 'Senden' }}` inline, a new object every render, and a
 * new merged object would rebuild every row of a list (and its date formatting) on every
 * render. Text is compared by value; a function override (`typing: (names) => …`, also new
 * every render) is called through a stable wrapper that runs the latest one given.
 *
 * @example
 * ```tsx
 * function Label(props: { strings?: Partial<UiStrings> }) {
 *   const s = useStrings(props.strings);
 *   return <span>{s.messages}</span>;
 * }
 * ```
 */
export function useStrings(overrides: Partial<UiStrings> | undefined): UiStrings {
  const latest = useRef(overrides);
  latest.current = overrides;
  let key = '';
  if (overrides) for (const k of Object.keys(overrides).sort()) key += `${k}\u0000${typeof overrides[k as keyof UiStrings] === 'function' ? '\u0001' : String(overrides[k as keyof UiStrings])}\u0000`;
  return useMemo(() => {
    const given = latest.current;
    if (!given || key === '') return DEFAULT_STRINGS;
    const out: Record<string, unknown> = { ...DEFAULT_STRINGS };
    for (const [k, v] of Object.entries(given)) {
      if (v === undefined) continue;
      out[k] =
        typeof v === 'function'
          ? (...args: unknown[]) => {
              const fn = (latest.current?.[k as keyof UiStrings] ?? DEFAULT_STRINGS[k as keyof UiStrings]) as (...a: unknown[]) => string;
              return fn(...args);
            }
          : v;
    }
    return out as unknown as UiStrings;
    // `key` is the overrides' value: the memo follows it, not the object's identity.
  }, [key]);
}
