/**
 * The path and query of an HTTP request target, parsed without ever throwing: a hostile
 * target (`//[`, `http://[::1/prod`, `//%zz/prod`) makes `new URL()` throw, and a throw in an
 * upgrade handler takes the whole process down. `undefined` means "answer 400".
 *
 * @example
 * ```ts
 * const target = requestTarget(req.url);
 * if (!target) return refuse(400);
 * target.path;               // '/prod' (still percent-encoded)
 * target.query.get('token'); // decoded
 * ```
 */
export function requestTarget(raw: string | undefined): { path: string; query: URLSearchParams } | undefined {
  let target = raw ?? '/';
  if (!target.startsWith('/')) {
    // Absolute form (`http://host/path`) is legal HTTP/1.1; anything else is not a target.
    try {
      const url = new URL(target);
      target = `${url.pathname}${url.search}`;
    } catch {
      return undefined;
    }
  }
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  // URLSearchParams leaves malformed escapes literal instead of throwing.
  return { path, query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}
