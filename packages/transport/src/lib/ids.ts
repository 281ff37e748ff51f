/**
 * A random identifier (UUID v4 layout) from an injected random source, for subscription and
 * publish ids. Uses `crypto.randomUUID` when the host has it and no source was injected.
 *
 * @example
 * ```ts
 * const id = randomId(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function randomId(random?: () => number): string {
  if (random === undefined && typeof globalThis.crypto?.randomUUID === 'function') {
    return globalThis.crypto.randomUUID();
  }
  const rnd = random ?? Math.random;
  let out = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-';
    else if (i === 14) out += '4';
    else {
      const n = Math.floor(rnd() * 16);
      out += (i === 19 ? (n & 3) | 8 : n).toString(16);
    }
  }
  return out;
}
