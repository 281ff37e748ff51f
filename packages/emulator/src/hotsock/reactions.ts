import { type ChannelData, type Conn, HotsockRefusal } from './model.js';
import { channelDirectives, flag, nestedDirectives } from './permissions.js';

/** Who holds which reaction on which message: `messageId reaction` → uids. */
export type ReactionBook = Map<string, Set<string>>;

/**
 * `hotsock.messageReaction` (spec §4.7): the reactor needs an active subscription and a uid;
 * the target must be a stored, unexpired message; permission comes from `react` on the
 * target's event (true: any reaction; an array: those values). Each user holds one of each
 * reaction value per message. Subscribers hear `hotsock.messageReactionAdded/Removed`; the
 * sender only with `messages["hotsock.messageReaction"].echo`. Adding a held reaction or
 * removing one not held changes nothing and sends nothing (UNCONFIRMED; the spec is silent).
 */
export function react(conn: Conn, channel: string, c: ChannelData | undefined, book: ReactionBook, data: unknown, now: number, id: () => string, conns: ReadonlyMap<string, Conn>): void {
  const sub = conn.subs.get(channel);
  if (!sub || !c) throw new HotsockRefusal('NOT_SUBSCRIBED', 409, 'reactions need an active subscription');
  if (typeof sub.uid !== 'string' || sub.uid === '') throw new HotsockRefusal('REACTION_USER_ID_REQUIRED', 403, 'reactions need a uid');
  const d = (data ?? {}) as { messageId?: unknown; reaction?: unknown; action?: unknown };
  const reaction = d.reaction;
  if (typeof reaction !== 'string' || reaction.trim() === '' || Buffer.byteLength(reaction) > 100 || reaction.includes('#'))
    throw new HotsockRefusal('INVALID_REACTION', 400, 'a reaction is non-blank, at most 100 bytes, without #');
  if (d.action !== 'add' && d.action !== 'remove') throw new HotsockRefusal('INVALID_REACTION', 400, 'action must be add or remove');
  const target = c.history.find((m) => m.id === d.messageId && m.expiresAt > now);
  if (!target) throw new HotsockRefusal('MESSAGE_NOT_FOUND', 404, 'reactions need a stored, unexpired message');
  const level = channelDirectives(sub.grants, channel);
  const directives = nestedDirectives(level, 'messages', target.event);
  const allowed =
    directives.some((x) => Array.isArray(x.react) && x.react.includes(reaction)) || (flag(directives, 'react') && !directives.some((x) => Array.isArray(x.react) && !x.react.includes(reaction)));
  if (!allowed) throw new HotsockRefusal('REACTION_PERMISSION_DENIED', 403, 'the token does not allow this reaction');
  const key = `${target.id} ${reaction}`;
  const holders = book.get(key) ?? new Set<string>();
  if (d.action === 'add' ? holders.has(sub.uid) : !holders.has(sub.uid)) return;
  if (d.action === 'add') holders.add(sub.uid);
  else holders.delete(sub.uid);
  book.set(key, holders);
  const echo = flag(nestedDirectives(level, 'messages', 'hotsock.messageReaction'), 'echo');
  const frame = {
    id: id(),
    event: d.action === 'add' ? 'hotsock.messageReactionAdded' : 'hotsock.messageReactionRemoved',
    channel,
    data: { messageId: target.id, reaction, action: d.action },
    meta: { uid: sub.uid, umd: sub.umd ?? null },
  };
  for (const connectionId of c.subscribers.keys()) if (connectionId !== conn.id || echo) conns.get(connectionId)?.send(frame);
}
