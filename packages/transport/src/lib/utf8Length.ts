/**
 * Byte length of a string in UTF-8 without allocating the encoded bytes: limits (240 KB per
 * event, 128 KB per message …) are in bytes, and measuring must stay cheap on the publish path.
 *
 * @example
 * ```ts
 * utf8Length('é€😀'); // 2 + 3 + 4 = 9
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
