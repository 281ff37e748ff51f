/**
 * `decodeURIComponent` for one path segment of a request, without the throw: a malformed
 * escape (`%zz`, `%E0%A4%A`, a lone `%`) is the client's mistake and must be answered 400, not
 * become an uncaught `URIError` and a 500. `undefined` means "malformed".
 *
 * @example
 * ```ts
 * const name = decodePathSegment('room%201'); // 'room 1'
 * if (decodePathSegment('%zz') === undefined) reply(400);
 * ```
 */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
