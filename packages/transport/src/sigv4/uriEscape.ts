import { invalidArgument, kindOf } from '../lib/invalidArgument.js';
/**
 * RFC 3986 percent-encoding as SigV4 requires: everything but `A-Z a-z 0-9 - _ . ~` is
 * escaped, including the `! ' ( ) *` that `encodeURIComponent` leaves alone.
 *
 * @example
 * ```ts
 * uriEscape("a b*(c)"); // 'a%20b%2A%28c%29'
 * ```
 */
export function uriEscape(value: string): string {
  if (typeof value !== 'string') throw invalidArgument('uriEscape(value)', `must be a string (got ${kindOf(value)})`);
  // Most values (ids, dates, algorithm names) need no escaping: skip the encoder for them.
  return UNRESERVED.test(value) ? value : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/**
 * {@link uriEscape} applied per path segment, keeping the `/` separators.
 *
 * AWS services other than S3 sign the *already-encoded* request path escaped once more, so a
 * connection id `abc=` sent as `/@connections/abc%3D` is signed as
 * `/%40connections/abc%253D` — pass the path exactly as it goes on the wire.
 *
 * @example
 * ```ts
 * uriEscapePath('/@connections/abc%3D'); // '/%40connections/abc%253D'
 * ```
 */
export function uriEscapePath(path: string): string {
  return path.split('/').map(uriEscape).join('/');
}
