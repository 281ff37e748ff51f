/**
 * A payload a `Connected*` component did not render (or rendered only in part), as its
 * `onInvalid` callback receives it. `id` is the message's or member's id where it had one.
 *
 * @example
 * ```ts
 * const report: InvalidPayload = { kind: 'message', channel: '/default/room', id: 'm1', reason: 'at is not a time between 2000 and 2100' };
 * ```
 */
export interface InvalidPayload {
  readonly kind: 'message' | 'member' | 'typing' | 'channel';
  readonly channel: string | undefined;
  readonly id?: string | undefined;
  readonly reason: string;
}

/** Warnings written per page; a hostile peer must not be able to flood the console. */
const MAX_WARNINGS = 50;
let written = 0;
const seen = new Set<string>();

/**
 * The default `onInvalid` of the `Connected*` components: one `console.warn` per distinct
 * payload (the same message re-rendered warns once), at most 50 per page, then one line
 * saying the rest are muted. Pass your own `onInvalid` to send them elsewhere (or `() => {}`
 * to silence them).
 *
 * @example
 * ```tsx
 * <ConnectedChatRoom title="General" channel="/default/room" user="ana" onInvalid={(r) => (r.kind === 'message' ? track(r) : warnInvalid(r))} />
 * ```
 */
export function warnInvalid(report: InvalidPayload): void {
  if (written > MAX_WARNINGS) return;
  const key = `${report.kind}\u0000${report.channel}\u0000${report.id}\u0000${report.reason}`;
  if (seen.has(key)) return;
  seen.add(key);
  written++;
  // The id is cut: it is the peer's data too.
  const id = report.id === undefined ? '' : ` ${JSON.stringify(report.id.slice(0, 64))}`;
  console.warn(
    written > MAX_WARNINGS
      ? '@channelkit/ui: more invalid payloads were skipped (further warnings muted)'
      : `@channelkit/ui: skipped an invalid ${report.kind}${id} on ${report.channel ?? 'the client'}: ${report.reason}`,
  );
}
