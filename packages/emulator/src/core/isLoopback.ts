/**
 * True for 127.0.0.0/8 and ::1 (also IPv4-mapped): who may use the admin API.
 *
 * @example
 * ```ts
 * if (!isLoopback(req.socket.remoteAddress)) return reply(403, { error: 'loopback only' });
 * ```
 */
export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));
}
