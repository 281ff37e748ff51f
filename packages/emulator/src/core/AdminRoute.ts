/**
 * One route of the admin API (`/_emulator/...`), contributed by the core or by a backend
 * plugin. `handle` gets the parsed JSON body (POST) or undefined (GET) and returns the JSON
 * answer; a thrown `RangeError`/`TypeError` becomes a 400 whose `error` is its message.
 *
 * @example
 * ```ts
 * const route: AdminRoute = { method: 'POST', path: '/_emulator/appsync/broadcast', body: '{channel, event, count?}', handle: (input) => ({ sent: 1 }) };
 * ```
 */
export interface AdminRoute {
  method: 'GET' | 'POST';
  /** Full path, starting with `/_emulator/`. */
  path: string;
  /** What the body must be, for the 404 listing and error messages (empty for none). */
  body: string;
  handle(input: unknown): unknown;
}
