import { invalidArgument } from './invalidArgument.js';

/**
 * Base64url (RFC 4648 §5, no padding) of a UTF-8 string, without `Buffer` or `btoa` so it
 * works unchanged in browsers, React Native and Node. AppSync Events carries its auth header
 * in a `header-<base64url>` subprotocol, and JWTs use the same alphabet.
 *
 * @example
 * ```ts
 * base64UrlEncode('{"a":1}'); // 'eyJhIjoxfQ'
 * ```
 */
export function base64UrlEncode(input: string | Uint8Array): string {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw invalidArgument('input', 'must be a string or a Uint8Array');
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
