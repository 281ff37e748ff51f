/**
 * UTF-8 bytes of a string (bytes pass through unchanged).
 *
 * @example
 * ```ts
 * utf8('é'); // Uint8Array [0xc3, 0xa9]
 * ```
 */
export function utf8(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
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
  let out = '';
  for (const b of bytes) out += (b | 256).toString(16).slice(1);
  return out;
}
