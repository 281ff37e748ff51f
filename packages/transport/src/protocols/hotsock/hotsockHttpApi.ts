import { ConnectionError } from '../../errors/errors.js';
import { createRedactor, type Redactor } from '../../errors/redact.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { safeJsonStringify } from '../../lib/safeJsonStringify.js';
import { HotsockHttpError } from './HotsockHttpError.js';
import { checkedData, hotsockChannel, hotsockEventName, storageKey } from './limits.js';
import { checkSchedule, checkToken, isHotsockMessageId, requireObject } from './validateInput.js';

/**
 * A stored or delivered Hotsock message (`id` is a ULID).
 *
 * @example
 * ```ts
 * const m: HotsockMessage = { id: '01JA3S0TNEC2QBYMZRBMCEXGNW', event: 'chat', channel: 'room', data: 'hi', meta: { uid: 'Jim', umd: null } };
 * ```
 */
export interface HotsockMessage {
  id: string;
  event: string;
  channel: string;
  data: unknown;
  meta?: { uid: string | null; umd: unknown } | null;
}

/**
 * Body of `connection/publishMessage`.
 *
 * @example
 * ```ts
 * const m: PublishMessageInput = { channel: 'room', event: 'reminder', data: 'x', scheduleExpression: 'at(2030-07-24T09:00:00)', scheduleExpressionTimezone: 'America/New_York' };
 * ```
 */
export interface PublishMessageInput {
  channel: string;
  event: string;
  data?: unknown;
  eagerIdGeneration?: boolean;
  scheduleExpression?: string;
  scheduleExpressionTimezone?: string;
}

/**
 * One storage entry: its value and the last writer's uid/umd (null for server writes).
 *
 * @example
 * ```ts
 * const entry: StorageEntry = { key: 'settings', data: { theme: 'dark' }, meta: { uid: 'host', umd: null } };
 * ```
 */
export interface StorageEntry {
  key: string;
  data: unknown;
  meta: { uid: string | null; umd: unknown } | null;
}

/**
 * The Client HTTP API of one live connection (every call is a POST with the URL-encoded
 * `connectionId` and `connectionSecret` query parameters). Typed responses; error statuses
 * become {@link HotsockHttpError}.
 *
 * @example
 * ```ts
 * const api = hotsockHttpApi({ httpApiUrl, credentials: () => ({ connectionId, connectionSecret }) });
 * const { messages } = await api.listMessages({ channel: 'room', reverse: true });
 * ```
 */
export interface HotsockHttpApi {
  /** 202: `{ channel, event }`, plus `id` with `eagerIdGeneration`, `scheduleArn` when scheduled. */
  publishMessage(input: PublishMessageInput): Promise<{ channel: string; event: string; id?: string; scheduleArn?: string }>;
  /** Up to 100 messages (ULID order; newest first with `reverse`). */
  listMessages(input: { channel: string; after?: string; before?: string; reverse?: boolean }): Promise<{ messages: HotsockMessage[] }>;
  channelStorageGet(input: { channel: string; key: string }): Promise<{ event: 'hotsock.channelStorageData'; channel: string; key: string; data: unknown; meta: StorageEntry['meta'] }>;
  /** 202. `data` null or `{}` clears the entry. */
  channelStorageSet(input: {
    channel: string;
    key: string;
    data?: unknown;
    scheduleExpression?: string;
    scheduleExpressionTimezone?: string;
  }): Promise<{ channel: string; event: 'hotsock.channelStorageSet' }>;
  channelStorageList(input: { channel: string; keys?: string[]; after?: string }): Promise<{ items: StorageEntry[] }>;
  getChannelInfo(input: { channel: string }): Promise<{ channel: string; subscriptionsCount: number; members?: Array<{ uid: string; umd: unknown }> }>;
  /** `{}`: the umd comes from the umd-scoped token; no channel = the connection's default umd. */
  umdUpdate(input: { channel?: string; token: string }): Promise<Record<string, never>>;
}

/**
 * Options of {@link hotsockHttpApi}.
 *
 * @example
 * ```ts
 * const options: HotsockHttpApiOptions = { httpApiUrl: 'https://r6zcm2.lambda-url.us-east-1.on.aws/', credentials: () => session };
 * ```
 */
export interface HotsockHttpApiOptions {
  /** The `HttpApiUrl` stack output (the emulator's `hotsock.httpApiUrl`). */
  httpApiUrl: string;
  /** The live connection's id and secret (from `hotsock.connected`); read on every call. */
  credentials: () => { connectionId: string; connectionSecret: string } | undefined;
  fetch?: typeof fetch;
  /** Where the connection secret is registered so errors and logs never show it. */
  secrets?: Redactor;
}

/**
 * Creates a Client HTTP API client. The transport's Hotsock backend uses it for HTTP publish,
 * history, storage and presence updates; apps may use it directly for the rest.
 *
 * @example
 * ```ts
 * const api = hotsockHttpApi({ httpApiUrl: endpoints.hotsock.httpApiUrl, credentials: () => ({ connectionId, connectionSecret }) });
 * await api.publishMessage({ channel: 'room', event: 'chat', data: 'hi' });
 * ```
 */
export function hotsockHttpApi(options: HotsockHttpApiOptions): HotsockHttpApi {
  if (options === null || typeof options !== 'object') throw invalidArgument('options', 'must be an object with httpApiUrl and credentials');
  if (typeof options.credentials !== 'function') throw invalidArgument('options.credentials', 'must be a function returning { connectionId, connectionSecret }');
  const base = parseBase(options.httpApiUrl);
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  // Without the client's redactor, a local one: the secret rides in every URL, and a fetch
  // library's error may quote that URL.
  const secrets = options.secrets ?? createRedactor();

  async function call<T>(operation: string, body: Record<string, unknown>): Promise<T> {
    const creds = options.credentials();
    if (!creds)
      throw new ConnectionError('CONNECTION_LOST', `Hotsock ${operation} needs a live connection: the Client HTTP API authenticates with its connectionId and connectionSecret`, { retryable: true });
    secrets.add(creds.connectionSecret);
    const url = `${base}connection/${operation}?connectionId=${encodeURIComponent(creds.connectionId)}&connectionSecret=${encodeURIComponent(creds.connectionSecret)}`;
    const json = safeJsonStringify(body, `${operation} body`);
    let response: Response;
    try {
      response = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
    } catch (error) {
      const e = new ConnectionError('CONNECTION_LOST', `Hotsock ${operation} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, retryable: true });
      throw secrets.scrub(e);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const err = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const e = new HotsockHttpError(
        operation,
        response.status,
        typeof err?.code === 'string' ? err.code : undefined,
        typeof err?.message === 'string' ? err.message : response.statusText || 'request refused',
      );
      throw secrets.scrub(e);
    }
    if (parsed === null || typeof parsed !== 'object') throw new HotsockHttpError(operation, response.status, undefined, 'the answer is not a JSON object');
    return parsed as T;
  }

  // Every method checks its whole input before `call`: a bad call is an INVALID_ARGUMENT
  // naming the field, never a TypeError, and sends nothing. Bodies are built from the
  // documented fields only, so a stray key never reaches the service.
  return {
    publishMessage(input) {
      return attempt(() => {
        const i = requireObject(input, 'publishMessage(input)');
        const body: Record<string, unknown> = { channel: hotsockChannel(i.channel as string), event: hotsockEventName(i.event), data: i.data ?? null };
        checkedData(i.data ?? null, 'data');
        if (i.eagerIdGeneration !== undefined && typeof i.eagerIdGeneration !== 'boolean')
          throw invalidArgument('publishMessage(input).eagerIdGeneration', `must be a boolean (got ${kindOf(i.eagerIdGeneration)})`);
        checkSchedule(i, 'publishMessage(input)');
        for (const k of ['eagerIdGeneration', 'scheduleExpression', 'scheduleExpressionTimezone'] as const) if (i[k] !== undefined) body[k] = i[k];
        return call('publishMessage', body);
      });
    },
    listMessages(input) {
      return attempt(() => {
        const i = requireObject(input, 'listMessages(input)');
        const body: Record<string, unknown> = { channel: hotsockChannel(i.channel as string) };
        for (const side of ['after', 'before'] as const) {
          const id = i[side];
          if (id === undefined) continue;
          if (typeof id !== 'string' || !isHotsockMessageId(id)) throw invalidArgument(`listMessages(input).${side}`, `must be a message id (a 26-character ULID) (got ${kindOf(id)})`);
          body[side] = id;
        }
        if (i.reverse !== undefined && typeof i.reverse !== 'boolean') throw invalidArgument('listMessages(input).reverse', `must be a boolean (got ${kindOf(i.reverse)})`);
        if (i.reverse !== undefined) body.reverse = i.reverse;
        return call('listMessages', body);
      });
    },
    channelStorageGet(input) {
      return attempt(() => {
        const i = requireObject(input, 'channelStorageGet(input)');
        return call('channelStorageGet', { channel: hotsockChannel(i.channel as string), key: storageKey(i.key) });
      });
    },
    channelStorageSet(input) {
      return attempt(() => {
        const i = requireObject(input, 'channelStorageSet(input)');
        const body: Record<string, unknown> = { channel: hotsockChannel(i.channel as string), key: storageKey(i.key) };
        checkedData(i.data ?? null, 'storage value');
        checkSchedule(i, 'channelStorageSet(input)');
        for (const k of ['data', 'scheduleExpression', 'scheduleExpressionTimezone'] as const) if (i[k] !== undefined) body[k] = i[k];
        return call('channelStorageSet', body);
      });
    },
    channelStorageList(input) {
      return attempt(() => {
        const i = requireObject(input, 'channelStorageList(input)');
        const body: Record<string, unknown> = { channel: hotsockChannel(i.channel as string) };
        if (i.keys !== undefined) {
          if (!Array.isArray(i.keys) || i.keys.length > 100) throw invalidArgument('keys', 'must be an array of at most 100 storage keys');
          body.keys = i.keys.map(storageKey);
        }
        if (i.after !== undefined) body.after = storageKey(i.after);
        return call('channelStorageList', body);
      });
    },
    getChannelInfo(input) {
      return attempt(() => {
        const i = requireObject(input, 'getChannelInfo(input)');
        return call('getChannelInfo', { channel: hotsockChannel(i.channel as string) });
      });
    },
    umdUpdate(input) {
      return attempt(() => {
        const i = requireObject(input, 'umdUpdate(input)');
        if (typeof i.token === 'string') secrets.add(i.token);
        checkToken(i.token, 'umdUpdate(input).token');
        return call('umdUpdate', i.channel === undefined ? { token: i.token } : { channel: hotsockChannel(i.channel as string), token: i.token });
      });
    },
  };
}

/** Validation errors become rejections, so every method fails the same way. */
function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}

function parseBase(url: unknown): string {
  if (typeof url !== 'string') throw invalidArgument('httpApiUrl', 'must be the HttpApiUrl stack output, e.g. https://r6zcm2.lambda-url.us-east-1.on.aws/');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument('httpApiUrl', 'is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidArgument('httpApiUrl', `must be https:// (or http:// for a local emulator), got ${parsed.protocol}`);
  if (parsed.search || parsed.hash) throw invalidArgument('httpApiUrl', 'must have no query string or fragment');
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}
