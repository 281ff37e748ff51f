let encoder: TextEncoder | undefined;

/**
 * UTF-8 bytes of a string (bytes pass through unchanged).
 *
 * @example
 * ```ts
 * utf8('é'); // Uint8Array [0xc3, 0xa9]
 * ```
 */
export function utf8(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') return input;
  // One encoder, created on first use: signing is a hot path and module scope stays pure.
  encoder ??= new TextEncoder();
  return encoder.encode(input);
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
  // (A lookup table would sign ~8% faster but costs the ConnectionsClient its 4 KB budget.)
  let out = '';
  for (const b of bytes) out += (b | 256).toString(16).slice(1);
  return out;
}
