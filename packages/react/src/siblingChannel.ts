/**
 * A sibling channel of a convention (presence, typing): `/default/room` → `/default/room/presence`.
 *
 * @example
 * ```ts
 * siblingChannel('/default/room', 'presence'); // '/default/room/presence'
 * ```
 */
export function siblingChannel(channel: string, suffix: string): string {
  return `${channel}/${suffix}`;
}
