import { jsonText } from '../core/jsonText.js';
import { type ChannelData, type Conn, HotsockRefusal, memberList, type Sub } from './model.js';

/** Presence member payloads may total at most 100 KB (spec §4.4). */
const CAPACITY = 100 * 1024;

const same = (a: unknown, b: unknown) => jsonText(a) === jsonText(b);

function sendToMembers(channel: string, c: ChannelData, conns: ReadonlyMap<string, Conn>, frame: Record<string, unknown>, skip?: string): void {
  for (const connectionId of c.subscribers.keys()) if (connectionId !== skip) conns.get(connectionId)?.send(frame);
  void channel;
}

/**
 * A subscription joins a presence channel (before it is added to `subscribers`): a new uid
 * is announced to the existing members; the same uid with a different umd is an update to
 * everyone (spec §4.4). Throws the presence refusals.
 */
export function presenceJoin(channel: string, c: ChannelData, sub: Sub, conns: ReadonlyMap<string, Conn>): void {
  if (typeof sub.uid !== 'string' || sub.uid === '') throw new HotsockRefusal('PRESENCE_CHANNEL_USER_ID_REQUIRED', 403, 'presence channels need a uid claim');
  const uid = sub.uid;
  const known = c.members.has(uid);
  if (known && same(c.members.get(uid), sub.umd)) return;
  const total = Buffer.byteLength(
    jsonText(
      memberList(c)
        .filter((m) => m.uid !== uid)
        .concat({ uid, umd: sub.umd ?? null }),
    ),
  );
  if (total > CAPACITY) throw new HotsockRefusal('PRESENCE_CHANNEL_CAPACITY_REACHED', 403, 'presence member payloads would exceed 100 KB');
  c.members.set(uid, sub.umd ?? null);
  const member = { uid, umd: sub.umd ?? null };
  if (!known) sendToMembers(channel, c, conns, { event: 'hotsock.memberAdded', channel, data: { member, members: memberList(c) } });
  else sendToMembers(channel, c, conns, { event: 'hotsock.memberUpdated', channel, data: { member, members: memberList(c) } });
}

/** A subscription left (after its removal): the uid goes when its last subscription does. */
export function presenceLeave(channel: string, c: ChannelData, sub: Sub, conns: ReadonlyMap<string, Conn>): void {
  const uid = sub.uid;
  if (typeof uid !== 'string' || !c.members.has(uid)) return;
  for (const other of c.subscribers.values()) if (other.uid === uid) return;
  const umd = c.members.get(uid);
  c.members.delete(uid);
  sendToMembers(channel, c, conns, { event: 'hotsock.memberRemoved', channel, data: { member: { uid, umd }, members: memberList(c) } });
}

/** A member's umd changed: everyone, the updater included, hears it (unchanged: nothing). */
export function presenceUpdate(channel: string, c: ChannelData, sub: Sub, conns: ReadonlyMap<string, Conn>): void {
  if (typeof sub.uid !== 'string' || !c.members.has(sub.uid) || same(c.members.get(sub.uid), sub.umd)) return;
  c.members.set(sub.uid, sub.umd ?? null);
  sendToMembers(channel, c, conns, { event: 'hotsock.memberUpdated', channel, data: { member: { uid: sub.uid, umd: sub.umd ?? null }, members: memberList(c) } });
}
