import type { ConnectionRegistry } from '../core/ConnectionRegistry.js';
import type { FaultController } from '../core/FaultController.js';
import { jsonText } from '../core/jsonText.js';
import { type ChannelData, type Conn, expiryOf, HotsockRefusal, memberList, type StorageValue, type Stored, type Sub } from './model.js';
import type { ResolvedHotsockOptions } from './options.js';
import { aliasesOf, type Claims, channelDirectives, flag, historyStart, mayPublish, nestedDirectives, numeric } from './permissions.js';
import { presenceJoin, presenceLeave, presenceUpdate } from './presence.js';
import { type ReactionBook, react } from './reactions.js';
import { type TokenRules, verifyHotsockToken } from './tokens.js';
import { ulidFactory } from './ulid.js';
import { checkChannel, checkData, checkEvent, checkKey } from './validate.js';

/** A message to publish: from a client (with its connection) or from the server APIs. */
export interface PublishInput {
  channel?: unknown;
  event?: unknown;
  data?: unknown;
  store?: unknown;
  key?: unknown;
  eagerIdGeneration?: unknown;
  scheduleExpression?: unknown;
  scheduleExpressionTimezone?: unknown;
}

const SCHEDULE = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/;

/**
 * The state of one emulated Hotsock installation, shared by the WebSocket and HTTP sides:
 * connections, subscriptions and their grants, presence, stored messages (ULIDs) and channel
 * storage. Methods throw {@link HotsockRefusal} naming the rule a request broke.
 */
export class HotsockHub {
  readonly conns = new Map<string, Conn>();
  readonly channels = new Map<string, ChannelData>();
  readonly rules: TokenRules;
  readonly #options: ResolvedHotsockOptions;
  readonly #faults: FaultController;
  readonly #ulid: () => string;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #reactions: ReactionBook = new Map();

  constructor(options: ResolvedHotsockOptions, context: { registry: ConnectionRegistry; faults: FaultController }) {
    this.#options = options;
    this.#faults = context.faults;
    this.#ulid = ulidFactory(options.now);
    this.rules = { keys: options.keys, audience: options.audience, issuer: options.tokenIssuer, spent: new Set() };
  }

  now(): number {
    return this.#options.now();
  }

  channel(name: string): ChannelData {
    let c = this.channels.get(name);
    if (!c) {
      c = { subscribers: new Map(), members: new Map(), history: [], storage: new Map() };
      this.channels.set(name, c);
    }
    return c;
  }

  verify(token: unknown, scope: 'connect' | 'subscribe' | 'umd') {
    return verifyHotsockToken(token, scope, this.rules, this.now());
  }

  // ── subscriptions ──────────────────────────────────────────────────────────────

  /** Subscribes `conn` to the channel it named (real name or alias); returns the subscribed frame. */
  subscribe(conn: Conn, sent: unknown, token: unknown, auto = false): Record<string, unknown> {
    const name = checkChannel(sent);
    let grants: Claims[] = [conn.claims];
    let uid = conn.uid;
    let umd = conn.umd;
    if (token !== undefined) {
      const v = this.verify(token, 'subscribe');
      const c = v.ok ? v.claims : undefined;
      const bound = c && (c.connectionId !== undefined ? c.connectionId === conn.id : typeof c.uid === 'string' && c.uid !== '' && c.uid === conn.uid);
      if (!c || !bound) throw new HotsockRefusal('INVALID_SUBSCRIBE_TOKEN', 403, v.ok ? 'the subscribe token is bound to another connection or uid' : v.reason);
      grants = [conn.claims, c];
      if (typeof c.uid === 'string') uid = c.uid;
      if (c.umd !== undefined) umd = c.umd;
    }
    // A real channel name wins over an alias; a subscribe token's alias wins over the connect token's.
    const aliases = new Map([...aliasesOf(conn.claims), ...aliasesOf(grants[1])]);
    const real = channelDirectives(grants, name).length === 0 && aliases.has(name) ? aliases.get(name)! : name;
    const alias = real !== name ? name : undefined;
    if (conn.subs.has(real)) throw new HotsockRefusal('ALREADY_SUBSCRIBED', 409, 'already subscribed');
    const directives = channelDirectives(grants, real);
    if (!auto && !flag(directives, 'subscribe')) throw new HotsockRefusal('SUBSCRIBE_PERMISSION_DENIED', 403, 'the token does not allow subscribing to this channel');
    const sub: Sub = { channel: real, alias, uid, umd, grants, since: this.now(), autoSubscribed: auto, omitFromSubCount: flag(directives, 'omitFromSubCount') };
    const c = this.channel(real);
    if (real.startsWith('presence.')) presenceJoin(real, c, sub, this.conns);
    c.subscribers.set(conn.id, sub);
    conn.subs.set(real, sub);
    const data: Record<string, unknown> = {};
    if (real.startsWith('presence.')) data.members = memberList(c);
    if (auto) data.autoSubscribed = true;
    const meta: Record<string, unknown> = { uid, umd: umd ?? null };
    if (alias !== undefined) meta.channelAlias = alias;
    return { event: 'hotsock.subscribed', channel: real, data, meta };
  }

  /** The observed storage entries a new subscription receives right after `hotsock.subscribed`. */
  observed(conn: Conn, channel: string): Record<string, unknown>[] {
    const sub = conn.subs.get(channel);
    const c = this.channels.get(channel);
    if (!sub || !c) return [];
    const level = channelDirectives(sub.grants, channel);
    const out: Record<string, unknown>[] = [];
    for (const [key, v] of this.#liveStorage(c)) {
      if (flag(nestedDirectives(level, 'storage', key), 'observe')) out.push({ event: 'hotsock.channelStorageUpdated', channel, key, data: v.data, meta: v.meta });
    }
    return out;
  }

  unsubscribe(conn: Conn, sent: unknown): Record<string, unknown> {
    const name = checkChannel(sent);
    const sub = conn.subs.get(name);
    if (!sub) throw new HotsockRefusal('NOT_SUBSCRIBED', 409, 'not subscribed');
    this.#remove(conn, sub);
    const meta: Record<string, unknown> = { uid: sub.uid, umd: sub.umd ?? null };
    if (sub.alias !== undefined) meta.channelAlias = sub.alias;
    return { event: 'hotsock.unsubscribed', channel: name, data: {}, meta };
  }

  /** A socket ended: every subscription goes, as if unsubscribed (presence hears it). */
  disconnect(conn: Conn): void {
    if (!this.conns.delete(conn.id)) return;
    for (const sub of [...conn.subs.values()]) this.#remove(conn, sub);
  }

  #remove(conn: Conn, sub: Sub): void {
    conn.subs.delete(sub.channel);
    const c = this.channel(sub.channel);
    c.subscribers.delete(conn.id);
    if (sub.channel.startsWith('presence.')) presenceLeave(sub.channel, c, sub, this.conns);
  }

  // ── messages ───────────────────────────────────────────────────────────────────

  /**
   * Publishes a message. `from` undefined: the server APIs (no permission checks, `store` from
   * the body). Returns the response body of the HTTP APIs.
   */
  publish(from: Conn | undefined, input: PublishInput): Record<string, unknown> {
    const channel = checkChannel(input.channel);
    if (from === undefined && input.event === 'hotsock.channelStorageSet') return this.storageSet(undefined, channel, input.key, input.data, typeof input.store === 'number' ? input.store : -1);
    const event = checkEvent(input.event);
    checkData(input.data);
    if (this.#faults.active('hotsock', 'throttle')) throw new HotsockRefusal('THROTTLED', 429, 'rate exceeded (emulator fault)');
    let store: number | undefined;
    let echo = false;
    let meta = { uid: null as string | null, umd: null as unknown };
    let level: ReturnType<typeof channelDirectives> = [];
    if (from) {
      const sub = from.subs.get(channel);
      level = channelDirectives(sub?.grants ?? [from.claims], channel);
      if (!mayPublish(level, channelDirectives([from.claims], channel), event, sub !== undefined))
        throw new HotsockRefusal('PUBLISH_PERMISSION_DENIED', 403, 'the token does not allow publishing this event here');
      const m = nestedDirectives(level, 'messages', event);
      store = numeric(m, 'store');
      echo = flag(m, 'echo');
      meta = { uid: sub?.uid ?? from.uid, umd: sub?.umd ?? from.umd ?? null };
    } else if (typeof input.store === 'number') store = input.store;
    const result: Record<string, unknown> = { channel, event };
    const id = this.#ulid();
    if (input.eagerIdGeneration === true) result.id = id;
    if (input.scheduleExpression !== undefined) {
      const at = this.#scheduledAt(input.scheduleExpression, from ? numeric(nestedDirectives(level, 'messages', event), 'scheduleBefore') : Number.POSITIVE_INFINITY);
      result.scheduleArn = `arn:aws:scheduler:us-east-1:000000000000:schedule/Hotsock-Emulator/${id}`;
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          this.#deliver(channel, event, input.data, meta, from?.id, echo, store, this.#ulid());
        },
        Math.min(Math.max(0, at - this.now()), 2 ** 31 - 1),
      );
      this.#timers.add(timer);
      return result;
    }
    this.#deliver(channel, event, input.data, meta, from?.id, echo, store, id);
    return result;
  }

  #scheduledAt(expression: unknown, before: number | undefined): number {
    const m = typeof expression === 'string' ? SCHEDULE.exec(expression) : null;
    if (!m) throw new HotsockRefusal('INVALID_SCHEDULE_EXPRESSION', 400, 'scheduleExpression must be at(YYYY-MM-DDTHH:MM:SS)');
    // Timezones other than UTC are accepted and read as UTC (the emulator has no tz database).
    const at = Date.parse(`${m[1]}Z`);
    if (before === undefined || before === 0 || at / 1000 > before) throw new HotsockRefusal('SCHEDULE_PERMISSION_DENIED', 403, 'scheduleBefore does not allow this time');
    return at;
  }

  #deliver(channel: string, event: string, data: unknown, meta: { uid: string | null; umd: unknown }, sender: string | undefined, echo: boolean, store: number | undefined, id: string): void {
    const now = this.now();
    const c = this.channel(channel);
    const expiresAt = expiryOf(store, now);
    if (expiresAt !== undefined) c.history.push({ id, event, channel, data: data ?? null, meta, at: now, expiresAt });
    // Server-published frames carry no meta, as in the docs samples; client messages do.
    const frame = sender === undefined ? { id, event, channel, data: data ?? null } : { id, event, channel, data: data ?? null, meta };
    for (const connectionId of c.subscribers.keys()) {
      if (connectionId === sender && !echo) continue;
      this.conns.get(connectionId)?.send(frame);
    }
  }

  /** `listMessages`: the subscription's window, or from `historyStart` when granted. */
  listMessages(conn: Conn, body: Record<string, unknown>): Stored[] {
    const channel = checkChannel(body.channel);
    const sub = conn.subs.get(channel);
    const start = historyStart(channelDirectives(sub?.grants ?? [conn.claims], channel));
    if (!sub && start === undefined) throw new HotsockRefusal('HISTORY_PERMISSION_DENIED', 403, 'subscribe first, or grant historyStart');
    const from = start !== undefined ? start * 1000 : sub!.since;
    const now = this.now();
    let list = (this.channels.get(channel)?.history ?? []).filter((m) => m.at >= from && m.expiresAt > now);
    const reverse = body.reverse === true;
    if (reverse) {
      list = list.reverse();
      if (typeof body.before === 'string') list = list.filter((m) => m.id < (body.before as string));
    } else if (typeof body.after === 'string') list = list.filter((m) => m.id > (body.after as string));
    const out: Stored[] = [];
    let bytes = 0;
    for (const m of list) {
      bytes += Buffer.byteLength(jsonText(m.data));
      if (out.length === 100 || bytes > 1024 * 1024) break;
      out.push(m);
    }
    return out;
  }

  /** `hotsock.messageReaction` on a stored message (see {@link react}). */
  react(conn: Conn, channelName: unknown, data: unknown): void {
    const channel = checkChannel(channelName);
    react(conn, channel, this.channels.get(channel), this.#reactions, data, this.now(), this.#ulid, this.conns);
  }

  // ── storage & umd ──────────────────────────────────────────────────────────────

  #liveStorage(c: ChannelData): Array<[string, StorageValue]> {
    const now = this.now();
    return [...c.storage].filter(([, v]) => v.expiresAt > now).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  #storageLevel(conn: Conn, channel: string, key: string) {
    return nestedDirectives(channelDirectives(conn.subs.get(channel)?.grants ?? [conn.claims], channel), 'storage', key);
  }

  storageGet(conn: Conn, channelName: unknown, keyName: unknown): StorageValue | undefined {
    const channel = checkChannel(channelName);
    const key = checkKey(keyName);
    if (!flag(this.#storageLevel(conn, channel, key), 'get')) throw new HotsockRefusal('STORAGE_PERMISSION_DENIED', 403, 'the token does not allow reading this key');
    const v = this.channels.get(channel)?.storage.get(key);
    return v && v.expiresAt > this.now() ? v : undefined;
  }

  storageList(conn: Conn, channelName: unknown, keys: unknown, after: unknown): Array<{ key: string; data: unknown; meta: StorageValue['meta'] }> {
    const channel = checkChannel(channelName);
    if (keys !== undefined && (!Array.isArray(keys) || keys.length > 100)) throw new HotsockRefusal('INVALID_KEYS', 400, 'keys must be an array of at most 100 keys');
    const c = this.channels.get(channel);
    if (!c) return [];
    return this.#liveStorage(c)
      .filter(([key]) => (keys === undefined || (keys as unknown[]).includes(key)) && (typeof after !== 'string' || key > after) && flag(this.#storageLevel(conn, channel, key), 'get'))
      .slice(0, 100)
      .map(([key, v]) => ({ key, data: v.data, meta: v.meta }));
  }

  /** Writes (null or `{}` clears); unchanged values fan out nothing; observers hear changes. */
  storageSet(conn: Conn | undefined, channelName: unknown, keyName: unknown, data: unknown, serverStore = -1): Record<string, unknown> {
    const channel = checkChannel(channelName);
    const key = checkKey(keyName);
    checkData(data, 'storage value');
    let store = serverStore;
    let meta: StorageValue['meta'] = { uid: null, umd: null };
    if (conn) {
      const level = this.#storageLevel(conn, channel, key);
      if (!flag(level, 'set')) throw new HotsockRefusal('STORAGE_PERMISSION_DENIED', 403, 'the token does not allow writing this key');
      store = numeric(level, 'store') ?? -1;
      if (store === 0) throw new HotsockRefusal('INVALID_STORE', 400, 'storage store must not be 0');
      const sub = conn.subs.get(channel);
      meta = { uid: sub?.uid ?? conn.uid, umd: sub?.umd ?? conn.umd ?? null };
    }
    const c = this.channel(channel);
    const clears = data === null || data === undefined || (typeof data === 'object' && !Array.isArray(data) && Object.keys(data as object).length === 0);
    const before = c.storage.get(key);
    const live = before && before.expiresAt > this.now() ? before : undefined;
    if (jsonText(live?.data) === jsonText(clears ? null : data)) return { channel, event: 'hotsock.channelStorageSet' };
    if (clears) c.storage.delete(key);
    else c.storage.set(key, { data, meta, expiresAt: expiryOf(store, this.now()) ?? Number.POSITIVE_INFINITY });
    const frame = { event: 'hotsock.channelStorageUpdated', channel, key, data: clears ? null : data, meta: clears ? null : meta };
    for (const [connectionId, sub] of c.subscribers) {
      if (flag(nestedDirectives(channelDirectives(sub.grants, channel), 'storage', key), 'observe')) this.conns.get(connectionId)?.send(frame);
    }
    return { channel, event: 'hotsock.channelStorageSet' };
  }

  /** `hotsock.umdUpdate` / `connection/umdUpdate`: the new umd comes from a umd-scoped token. */
  umdUpdate(conn: Conn, channelName: unknown, token: unknown): void {
    const v = this.verify(token, 'umd');
    if (!v.ok) throw new HotsockRefusal('INVALID_UMD_TOKEN', 403, v.reason);
    const c = v.claims;
    const bound = c.connectionId !== undefined ? c.connectionId === conn.id : typeof c.uid === 'string' && c.uid !== '' && c.uid === conn.uid;
    if (!bound) throw new HotsockRefusal('INVALID_UMD_TOKEN', 403, 'the umd token is bound to another connection or uid');
    const umd = c.umd ?? null;
    if (channelName === undefined) {
      if (c.umdUpdate !== true) throw new HotsockRefusal('UMD_UPDATE_PERMISSION_DENIED', 403, 'connection-level updates need the umdUpdate claim');
      conn.umd = umd;
      if (c.umdPropagate === true) for (const sub of conn.subs.values()) this.#setUmd(conn, sub, umd);
      return;
    }
    const channel = checkChannel(channelName);
    const sub = conn.subs.get(channel);
    if (!sub) throw new HotsockRefusal('NOT_SUBSCRIBED', 409, 'not subscribed');
    if (!flag(channelDirectives([c], channel), 'umdUpdate')) throw new HotsockRefusal('UMD_UPDATE_PERMISSION_DENIED', 403, 'the umd token does not allow updating this channel');
    this.#setUmd(conn, sub, umd);
  }

  #setUmd(_conn: Conn, sub: Sub, umd: unknown): void {
    sub.umd = umd;
    if (sub.channel.startsWith('presence.')) presenceUpdate(sub.channel, this.channel(sub.channel), sub, this.conns);
  }

  info(channelName: unknown, conn?: Conn): Record<string, unknown> {
    const channel = checkChannel(channelName);
    if (conn && !flag(channelDirectives([conn.claims, ...(conn.subs.get(channel)?.grants ?? [])], channel), 'getInfo'))
      throw new HotsockRefusal('GET_INFO_PERMISSION_DENIED', 403, 'the token does not allow getInfo on this channel');
    const c = this.channels.get(channel);
    const count = c ? [...c.subscribers.values()].filter((s) => !s.omitFromSubCount).length : 0;
    return channel.startsWith('presence.') ? { channel, subscriptionsCount: count, members: c ? memberList(c) : [] } : { channel, subscriptionsCount: count };
  }

  reset(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.channels.clear();
    this.#reactions.clear();
    this.rules.spent.clear();
  }
}
