let encoder: TextEncoder | undefined;
let table: string[] | undefined;

/**
 * UTF-8 bytes of a string (bytes pass through unchanged).
 *
 * @example
 * ```ts
 * utf8('é'); // Uint8Array [0xc3, 0xa9]
 * ```
 */
export function utf8(input: string | Uint8Array): Uint8Array {
  // One encoder, created on first use: signing is a hot path and module scope stays pure.
  return typeof input === 'string' ? (encoder ??= new TextEncoder()).encode(input) : input;
}

/**
 * Lower-case hex of bytes.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 255])); // '01ff'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  // A lookup table: a per-byte toString(16) made signing ~20% slower.
  table ??= Array.from({ length: 256 }, (_, i) => (i | 256).toString(16).slice(1));
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += table[bytes[i]!];
  return out;
}
