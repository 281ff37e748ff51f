import { invalidArgument, kindOf } from '../lib/invalidArgument.js';
import { safeJsonStringify } from '../lib/safeJsonStringify.js';
import { utf8Length } from '../lib/utf8Length.js';
import type { HotsockClaims } from './HotsockClaims.js';

// The rules below are Hotsock's (shared/specs/hotsock.md §3.2–3.4, §5, from the docs' claims.mdx).
// A token Hotsock would refuse is refused here, at the app's server, where the mistake can be
// named — Hotsock itself answers a bad token with a bare 401/403 or INVALID_SUBSCRIBE_TOKEN.

const SCOPES = new Set(['connect', 'subscribe', 'umd']);
/** `store`'s maximum (seconds, about 100 years) for messages and storage keys (spec §3.3). */
const MAX_STORE = 3_155_695_200;
const UID_LENGTH = 128;
const UMD_BYTES = 1024;
/** Channel names: 1–256 characters without `*`, `#`, `,` or whitespace (spec §5). */
const CHANNEL_NAME = /^[^*#,\s]{1,256}$/u;

const CHANNEL_BOOLEANS = ['subscribe', 'autoSubscribe', 'getInfo', 'omitFromSubCount', 'umdUpdate'] as const;
const CHANNEL_DIRECTIVES = new Set<string>([...CHANNEL_BOOLEANS, 'alias', 'historyStart', 'messages', 'storage']);
const MESSAGE_BOOLEANS = ['publish', 'broadcast', 'echo', 'emitPubSubEvent'] as const;
const MESSAGE_DIRECTIVES = new Set<string>([...MESSAGE_BOOLEANS, 'store', 'scheduleBefore', 'react']);
const STORAGE_BOOLEANS = ['observe', 'get', 'set', 'emitPubSubEvent'] as const;
const STORAGE_DIRECTIVES = new Set<string>([...STORAGE_BOOLEANS, 'store', 'scheduleBefore']);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isPattern = (key: string): boolean => key.startsWith('#regex:') || key.includes('*');
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Checks a Hotsock claim set the way a Hotsock installation would, and throws
 * `INVALID_ARGUMENT` naming the claim and the rule at the first violation. `exp` and `iat` are
 * not the caller's to set: {@link signHotsockToken} derives them from `ttl`.
 *
 * Beyond Hotsock's own rules, an unknown directive inside `channels` (a typo such as
 * `subcribe`) is refused: Hotsock ignores it, which silently grants nothing. Unknown top-level
 * claims are kept — apps put their own claims in tokens.
 *
 * @example
 * ```ts
 * validateHotsockClaims({ scope: 'connect', uid: 'alice', channels: { 'chat.1': { subscribe: true } } });
 * validateHotsockClaims({ scope: 'subscribe' }); // throws: a subscribe token needs connectionId or uid
 * ```
 */
export function validateHotsockClaims(claims: HotsockClaims): void {
  if (!isObject(claims)) throw invalidArgument('claims', `must be an object (got ${kindOf(claims)})`);
  for (const name of ['exp', 'iat'] as const) {
    if (name in claims) throw invalidArgument(`claims.${name}`, 'must not be set: signHotsockToken sets exp and iat from ttl');
  }

  if (typeof claims.scope !== 'string' || claims.scope.trim() === '') throw invalidArgument('claims.scope', 'is required: a space-separated list of connect, subscribe, umd');
  const scopes = claims.scope.split(' ');
  for (const scope of scopes) {
    if (!SCOPES.has(scope)) throw invalidArgument('claims.scope', 'must be space-separated values among connect, subscribe, umd (single spaces)');
  }
  if (new Set(scopes).size !== scopes.length) throw invalidArgument('claims.scope', 'must not repeat a value');
  const connect = scopes.includes('connect');

  if (claims.connectionId !== undefined && (typeof claims.connectionId !== 'string' || claims.connectionId === '')) throw invalidArgument('claims.connectionId', 'must be a non-empty string');
  // A token bound to a connection "cannot open a new connection, even if it has connect scope".
  if (connect && claims.connectionId !== undefined) throw invalidArgument('claims.connectionId', 'must not be set with the connect scope: a token bound to a connection cannot open one');
  if (claims.uid !== undefined && (typeof claims.uid !== 'string' || claims.uid.length > UID_LENGTH)) throw invalidArgument('claims.uid', `must be a string of at most ${UID_LENGTH} characters`);
  const hasUid = typeof claims.uid === 'string' && claims.uid !== '';
  for (const scope of ['subscribe', 'umd'] as const) {
    if (scopes.includes(scope) && claims.connectionId === undefined && !hasUid) throw invalidArgument('claims.uid', `or claims.connectionId is required for a ${scope} token`);
  }
  if (claims.umd !== undefined && utf8Length(safeJsonStringify(claims.umd, 'claims.umd')) > UMD_BYTES) throw invalidArgument('claims.umd', `must be at most ${UMD_BYTES} bytes of JSON`);

  if (claims.aud !== undefined && typeof claims.aud !== 'string' && !(Array.isArray(claims.aud) && claims.aud.every((a) => typeof a === 'string')))
    throw invalidArgument('claims.aud', 'must be a string or an array of strings');
  if (claims.iss !== undefined && typeof claims.iss !== 'string') throw invalidArgument('claims.iss', 'must be a string');
  if (claims.nbf !== undefined && !isTime(claims.nbf)) throw invalidArgument('claims.nbf', 'must be a NumericDate (seconds since the epoch)');
  if (claims.jti !== undefined && (typeof claims.jti !== 'string' || claims.jti === '')) throw invalidArgument('claims.jti', 'must be a non-empty string');
  for (const name of ['singleUse', 'keepAlive', 'umdUpdate', 'umdPropagate'] as const) {
    if (claims[name] !== undefined && typeof claims[name] !== 'boolean') throw invalidArgument(`claims.${name}`, 'must be a boolean');
  }
  if (claims.singleUse === true && claims.jti === undefined) throw invalidArgument('claims.jti', 'is required when singleUse is true');
  if (claims.heartbeatTimeout !== undefined && !(Number.isInteger(claims.heartbeatTimeout) && claims.heartbeatTimeout >= 5 && claims.heartbeatTimeout <= 600))
    throw invalidArgument('claims.heartbeatTimeout', 'must be an integer from 5 to 600 (seconds)');

  if (claims.channels !== undefined) validateChannels(claims.channels, connect, hasUid);
}

function validateChannels(channels: unknown, connect: boolean, hasUid: boolean): void {
  if (!isObject(channels)) throw invalidArgument('claims.channels', `must be an object keyed by channel name (got ${kindOf(channels)})`);
  const names = new Set(Object.keys(channels).filter((key) => !isPattern(key)));
  const aliases = new Set<string>();
  for (const [key, directives] of Object.entries(channels)) {
    const at = `claims.channels[${JSON.stringify(key)}]`;
    validateKey(key, at);
    if (!isObject(directives)) throw invalidArgument(at, `must be an object of directives (got ${kindOf(directives)})`);
    for (const name of Object.keys(directives)) {
      if (!CHANNEL_DIRECTIVES.has(name)) throw invalidArgument(`${at}.${name}`, `is not a Hotsock channel directive (expected one of ${[...CHANNEL_DIRECTIVES].join(', ')})`);
    }
    for (const name of CHANNEL_BOOLEANS) {
      if (directives[name] !== undefined && typeof directives[name] !== 'boolean') throw invalidArgument(`${at}.${name}`, 'must be a boolean');
    }
    if (directives.autoSubscribe === true) {
      if (!connect) throw invalidArgument(`${at}.autoSubscribe`, 'is allowed in connect tokens only');
      if (isPattern(key)) throw invalidArgument(`${at}.autoSubscribe`, 'is not allowed on wildcard or #regex: keys');
    }
    // Presence subscribes (autoSubscribe included) are refused without a uid
    // (PRESENCE_CHANNEL_USER_ID_REQUIRED), so such a grant in a connect token could never be
    // used. A subscribe token may leave uid out: the connection's uid then applies.
    if (connect && key.startsWith('presence.') && !isPattern(key) && (directives.subscribe === true || directives.autoSubscribe === true) && !hasUid) {
      throw invalidArgument('claims.uid', `is required (non-empty) to subscribe to the presence channel ${JSON.stringify(key)}`);
    }
    if (directives.alias !== undefined) {
      const alias = directives.alias;
      if (isPattern(key)) throw invalidArgument(`${at}.alias`, 'is not allowed on wildcard or #regex: keys');
      if (typeof alias !== 'string' || !CHANNEL_NAME.test(alias)) throw invalidArgument(`${at}.alias`, 'must be a valid channel name (1–256 characters, no * # , or whitespace)');
      if (names.has(alias)) throw invalidArgument(`${at}.alias`, 'must not collide with a channel name in the same token');
      if (aliases.has(alias)) throw invalidArgument(`${at}.alias`, 'must be unique within the token');
      aliases.add(alias);
    }
    if (directives.historyStart !== undefined && !isTime(directives.historyStart)) throw invalidArgument(`${at}.historyStart`, 'must be a NumericDate (0 means all history)');
    if (directives.messages !== undefined) validateMessages(directives.messages, `${at}.messages`, connect);
    if (directives.storage !== undefined) validateStorage(directives.storage, `${at}.storage`);
  }
}

function validateKey(key: string, at: string): void {
  if (key.startsWith('#regex:')) {
    // Hotsock compiles Go RE2; an invalid one makes the whole token invalid. JavaScript's
    // syntax is a superset for the patterns people write, so this catches the common mistakes.
    try {
      new RegExp(key.slice('#regex:'.length), 'u');
    } catch {
      throw invalidArgument(at, 'is a #regex: key that does not compile (an invalid regex makes the whole token invalid)');
    }
    return;
  }
  if (key.includes('*')) {
    if (!/^[^#,\s]{1,256}$/u.test(key)) throw invalidArgument(at, 'must be a channel name pattern (1–256 characters, no # , or whitespace)');
    return;
  }
  if (!CHANNEL_NAME.test(key)) throw invalidArgument(at, 'must be a valid channel name (1–256 characters, no * # , or whitespace), a * pattern or a #regex: key');
}

function validateEventKey(key: string, at: string): void {
  if (key.startsWith('#regex:')) {
    validateKey(key, at);
    return;
  }
  if (key === '' || key.length > 128) throw invalidArgument(at, 'must be an event name of 1–128 characters, a * pattern or a #regex: key');
}

function validateMessages(messages: unknown, at: string, connect: boolean): void {
  if (!isObject(messages)) throw invalidArgument(at, `must be an object keyed by event name (got ${kindOf(messages)})`);
  for (const [event, directives] of Object.entries(messages)) {
    const here = `${at}[${JSON.stringify(event)}]`;
    validateEventKey(event, here);
    if (!isObject(directives)) throw invalidArgument(here, `must be an object of directives (got ${kindOf(directives)})`);
    for (const name of Object.keys(directives)) {
      if (!MESSAGE_DIRECTIVES.has(name)) throw invalidArgument(`${here}.${name}`, `is not a Hotsock message directive (expected one of ${[...MESSAGE_DIRECTIVES].join(', ')})`);
    }
    for (const name of MESSAGE_BOOLEANS) {
      if (directives[name] !== undefined && typeof directives[name] !== 'boolean') throw invalidArgument(`${here}.${name}`, 'must be a boolean');
    }
    if (directives.broadcast === true && !connect) throw invalidArgument(`${here}.broadcast`, 'is allowed in connect tokens only');
    const store = directives.store;
    if (store !== undefined && !(Number.isInteger(store) && ((store as number) === -1 || ((store as number) >= 0 && (store as number) <= MAX_STORE)))) {
      throw invalidArgument(`${here}.store`, `must be an integer: 0 (do not store), -1 (forever) or up to ${MAX_STORE} seconds`);
    }
    if (directives.scheduleBefore !== undefined && !isTime(directives.scheduleBefore)) throw invalidArgument(`${here}.scheduleBefore`, 'must be a NumericDate');
    const react = directives.react;
    if (react !== undefined && typeof react !== 'boolean' && !(Array.isArray(react) && react.every((r) => typeof r === 'string' && r.trim() !== '' && !r.includes('#') && utf8Length(r) <= 100))) {
      throw invalidArgument(`${here}.react`, 'must be a boolean or an array of reactions (non-blank, at most 100 bytes, no #)');
    }
  }
}

function validateStorage(storage: unknown, at: string): void {
  if (!isObject(storage)) throw invalidArgument(at, `must be an object keyed by storage key (got ${kindOf(storage)})`);
  for (const [key, directives] of Object.entries(storage)) {
    const here = `${at}[${JSON.stringify(key)}]`;
    if (key.startsWith('#regex:')) validateKey(key, here);
    else if (key === '' || key.length > 128 || /[#,\s]/u.test(key)) throw invalidArgument(here, 'must be a storage key of 1–128 characters (no # , or whitespace), a * pattern or a #regex: key');
    if (!isObject(directives)) throw invalidArgument(here, `must be an object of directives (got ${kindOf(directives)})`);
    for (const name of Object.keys(directives)) {
      if (!STORAGE_DIRECTIVES.has(name)) throw invalidArgument(`${here}.${name}`, `is not a Hotsock storage directive (expected one of ${[...STORAGE_DIRECTIVES].join(', ')})`);
    }
    for (const name of STORAGE_BOOLEANS) {
      if (directives[name] !== undefined && typeof directives[name] !== 'boolean') throw invalidArgument(`${here}.${name}`, 'must be a boolean');
    }
    const store = directives.store;
    // Storage TTLs differ from message ones: 0 is invalid, -1 (the default) keeps forever.
    if (store !== undefined && !(Number.isInteger(store) && ((store as number) === -1 || ((store as number) >= 1 && (store as number) <= MAX_STORE)))) {
      throw invalidArgument(`${here}.store`, `must be an integer: -1 (forever) or 1 to ${MAX_STORE} seconds (0 is invalid)`);
    }
    if (directives.scheduleBefore !== undefined && !isTime(directives.scheduleBefore)) throw invalidArgument(`${here}.scheduleBefore`, 'must be a NumericDate');
  }
}
