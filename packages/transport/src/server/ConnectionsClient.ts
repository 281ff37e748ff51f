import { ChannelKitError } from '../errors/ChannelKitError.js';
import { AuthError, ConnectionError, LimitExceededError } from '../errors/errors.js';
import { invalidArgument } from '../lib/invalidArgument.js';
import { safeJsonStringify } from '../lib/safeJsonStringify.js';
import { type CredentialsInput, type CredentialsProvider, toCredentialsProvider } from '../sigv4/credentials.js';
import { signRequestAsync } from '../sigv4/signRequestAsync.js';
import { uriEscape } from '../sigv4/uriEscape.js';
import { ConnectionGoneError } from './ConnectionGoneError.js';

/** The `@connections` POST body limit (128 KB, the API Gateway message limit). */
const MAX_DATA_BYTES = 131_072;
/** API Gateway ids are 16 characters; anything near this is not an id (and would be signed and sent). */
const MAX_ID_LENGTH = 512;

/**
 * Options of {@link ConnectionsClient}.
 *
 * @example
 * ```ts
 * const options: ConnectionsClientOptions = { endpoint: `https://${domainName}/${stage}`, region: 'us-east-1', credentials };
 * ```
 */
export interface ConnectionsClientOptions {
  /** The API's endpoint including the stage: `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` (custom domain: with its base path). */
  endpoint: string;
  region: string;
  /**
   * Static credentials (in Lambda: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
   * `AWS_SESSION_TOKEN` from the environment) or a provider, called before each request — wrap
   * a provider that fetches in `cachingCredentials` from `@channelkit/transport/sigv4`.
   */
  credentials: CredentialsInput;
  fetch?: typeof fetch;
  /** Retries for 429 and 5xx answers (default 3), with full-jitter backoff from `retryBaseMs` (default 50). */
  maxRetries?: number;
  retryBaseMs?: number;
  /** For tests: the wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What `get` returns (GetConnection).
 *
 * @example
 * ```ts
 * const { connectedAt, identity } = await connections.get(id);
 * ```
 */
export interface ConnectionInfo {
  connectedAt: Date;
  lastActiveAt: Date;
  identity: { sourceIp: string | undefined; userAgent: string | null | undefined };
}

/**
 * Outcome of {@link ConnectionsClient.fanOut}.
 *
 * @example
 * ```ts
 * const { sent, gone, failed }: FanOutResult = await connections.fanOut(ids, message);
 * ```
 */
export interface FanOutResult {
  sent: number;
  /** Ids that answered 410: prune them. */
  gone: string[];
  failed: Array<{ connectionId: string; error: ChannelKitError }>;
}

/**
 * What can be posted to a connection: text, bytes, or a value sent as JSON.
 *
 * @example
 * ```ts
 * const message: ConnectionData = { type: 'event', channel: 'room-1', data: { text: 'hi' } };
 * await connections.post(connectionId, message);
 * ```
 */
export type ConnectionData = string | Uint8Array | Record<string, unknown> | unknown[];

/**
 * The API Gateway `@connections` management API (PostToConnection, GetConnection,
 * DeleteConnection) over `fetch` + SigV4 (`execute-api`), with the path encoding of the AWS
 * SDK, typed errors (410 → {@link ConnectionGoneError}, 403 → AuthError, 413 →
 * LimitExceededError) and retries with backoff for 429/5xx. No Node APIs: it runs in Node,
 * Lambda and edge runtimes.
 *
 * @example
 * ```ts
 * import { ConnectionsClient } from '@channelkit/transport/server';
 *
 * export const handler = async (event) => {
 *   const { domainName, stage, connectionId } = event.requestContext;
 *   const connections = new ConnectionsClient({ endpoint: `https://${domainName}/${stage}`, region: process.env.AWS_REGION!, credentials: fromEnv });
 *   await connections.post(connectionId, { type: 'event', channel: 'welcome', data: 'hello' });
 *   return { statusCode: 200 };
 * };
 * ```
 */
export class ConnectionsClient {
  readonly #base: string;
  readonly #options: ConnectionsClientOptions;
  readonly #credentials: CredentialsProvider;

  constructor(options: ConnectionsClientOptions) {
    const { endpoint, region, credentials, fetch, maxRetries, retryBaseMs, sleep } = options ?? ({} as Partial<ConnectionsClientOptions>);
    let url: URL | undefined;
    try {
      url = new URL(endpoint as string);
    } catch {}
    if (typeof endpoint !== 'string' || !url || !/^https?:$/.test(url.protocol)) throw invalidArgument('endpoint', 'must be an http(s) URL');
    if (typeof region !== 'string' || !/^[a-z0-9-]{1,64}$/.test(region)) throw invalidArgument('region', 'must be a region like "us-east-1"');
    for (const [name, value] of [
      ['fetch', fetch],
      ['sleep', sleep],
    ] as const)
      if (value !== undefined && typeof value !== 'function') throw invalidArgument(name, 'must be a function');
    for (const [name, value, max] of [
      ['maxRetries', maxRetries, 10],
      ['retryBaseMs', retryBaseMs, 60_000],
    ] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) throw invalidArgument(name, `must be an integer from 0 to ${max}`);
    }
    this.#base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.#options = options;
    // Static credentials are checked here (INVALID_ARGUMENT), a provider's per request (AUTH_FAILED).
    this.#credentials = toCredentialsProvider(credentials as CredentialsInput);
  }

  /**
   * PostToConnection: sends `data` (objects are sent as JSON) to one connection.
   *
   * @example
   * ```ts
   * await connections.post(connectionId, { type: 'event', channel: 'room-1', data: { text: 'hi' } });
   * ```
   */
  async post(connectionId: string, data: ConnectionData): Promise<void> {
    await this.#call('POST', connectionId, encode(data));
  }

  /**
   * GetConnection.
   *
   * @example
   * ```ts
   * const { connectedAt, identity } = await connections.get(connectionId);
   * ```
   */
  async get(connectionId: string): Promise<ConnectionInfo> {
    const res = await this.#call('GET', connectionId);
    // Lower-case keys on the wire (the SDK's jsonName traits).
    const json = (await res.json()) as { connectedAt: string; lastActiveAt: string; identity?: { sourceIp?: string; userAgent?: string | null } };
    return { connectedAt: new Date(json.connectedAt), lastActiveAt: new Date(json.lastActiveAt), identity: { sourceIp: undefined, userAgent: undefined, ...json.identity } };
  }

  /**
   * DeleteConnection: disconnects the client.
   *
   * @example
   * ```ts
   * await connections.delete(connectionId).catch((e) => e instanceof ConnectionGoneError || Promise.reject(e));
   * ```
   */
  async delete(connectionId: string): Promise<void> {
    await this.#call('DELETE', connectionId);
  }

  /**
   * Posts one message to many connections with bounded concurrency. Never throws for one
   * connection: gone ids are collected for pruning, other failures are reported per id.
   *
   * @example
   * ```ts
   * const { gone } = await connections.fanOut(await db.connectionsOf(room), { type: 'event', channel: room, data });
   * await db.deleteConnections(gone);
   * ```
   */
  async fanOut(connectionIds: Iterable<string>, data: ConnectionData, options: { concurrency?: number } = {}): Promise<FanOutResult> {
    // A string is iterable too, and would post to one "connection" per character.
    if (typeof connectionIds !== 'object' || typeof connectionIds?.[Symbol.iterator] !== 'function') throw invalidArgument('connectionIds', 'must be an iterable of ids, not a string');
    const concurrency = options?.concurrency ?? 32;
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw invalidArgument('concurrency', 'must be an integer of at least 1');
    const body = encode(data); // once, not per connection
    const ids = [...connectionIds];
    const result: FanOutResult = { sent: 0, gone: [], failed: [] };
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        try {
          await this.#call('POST', id, body);
          result.sent++;
        } catch (error) {
          if (error instanceof ConnectionGoneError) result.gone.push(id);
          else result.failed.push({ connectionId: id, error: error instanceof ChannelKitError ? error : new ChannelKitError('PUBLISH_FAILED', String(error)) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return result;
  }

  async #call(method: 'POST' | 'GET' | 'DELETE', connectionId: string, body?: Uint8Array): Promise<Response> {
    if (typeof connectionId !== 'string' || !connectionId || connectionId.length > MAX_ID_LENGTH)
      throw invalidArgument('connectionId', `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
    // As the AWS SDK: `@` stays literal, the id is escaped (`=` → `%3D`, and `!'()*` too).
    const url = `${this.#base}/@connections/${uriEscape(connectionId)}`;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    const maxRetries = this.#options.maxRetries ?? 3;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      // Detached call: a provider may be a method of another object, never of this client.
      const provide = this.#credentials;
      const credentials = await provide();
      const signed = await signRequestAsync(
        { url, method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/octet-stream' } }) },
        { service: 'execute-api', region: this.#options.region, credentials },
      );
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await fetchImpl(signed.url, { method, headers: signed.headers, ...(body === undefined ? {} : { body: body as BodyInit }) });
      } catch (error) {
        failure = error;
      }
      if (res?.ok) return res;
      // Network failures, throttling (429) and server errors (5xx) are retried with backoff.
      if ((!res || res.status === 429 || res.status >= 500) && attempt < maxRetries) {
        await res?.body?.cancel();
        await sleep(this.#delay(attempt));
        continue;
      }
      // What a failure may echo: AWS signature errors quote the canonical request (session
      // token included), and a fetch library's error carries the signed request. Only the known
      // values travel, so removing them is total; the foreign error itself is not kept.
      const clean = (text: string) => [credentials.sessionToken, credentials.secretAccessKey, signed.signature].reduce((t: string, secret) => (secret ? t.split(secret).join('[REDACTED]') : t), text);
      if (!res) {
        const message = clean(failure instanceof Error ? failure.message : String(failure));
        throw new ConnectionError('CONNECTION_LOST', `@connections ${method} failed: ${message}`, {
          cause: Object.assign(new Error(message), { name: failure instanceof Error ? failure.name : 'Error' }),
        });
      }
      throw await errorFor(res, method, connectionId, attempt, body?.length ?? 0, clean);
    }
  }

  #delay(attempt: number): number {
    const base = this.#options.retryBaseMs ?? 50;
    return Math.floor(Math.random() * Math.min(2000, base * 2 ** (attempt + 1)));
  }
}

async function errorFor(res: Response, method: string, connectionId: string, attempts: number, bodyBytes: number, clean: (text: string) => string): Promise<ChannelKitError> {
  if (res.status === 410) {
    await res.body?.cancel();
    return new ConnectionGoneError(connectionId);
  }
  // The SDK reads the type from x-amzn-errortype (minus any ":…" suffix), else the body.
  const text = await res.text().catch(() => '');
  let message = '';
  try {
    message = (JSON.parse(text) as { message?: string; Message?: string }).message ?? '';
  } catch {
    message = text.slice(0, 200);
  }
  message = clean(message);
  const type = clean((res.headers.get('x-amzn-errortype') ?? '').split(/[:#]/)[0] || `HTTP ${res.status}`);
  const details = { status: res.status, errorType: type, connectionId };
  const what = `@connections ${method} ${connectionId}: ${type}${message ? `: ${message}` : ''}`;
  if (res.status === 403) return new AuthError(what, { details });
  if (res.status === 413) return new LimitExceededError('messageBytes', bodyBytes, MAX_DATA_BYTES, what, { details });
  if (res.status === 429) return new ChannelKitError('THROTTLED', `${what} (after ${attempts} retries)`, { details, retryable: true });
  return new ChannelKitError('PROTOCOL_ERROR', what, { details, retryable: res.status >= 500 });
}

/** The POST body as bytes (measured once, sent as is). */
function encode(data: ConnectionData): Uint8Array {
  if (typeof data !== 'string' && (typeof data !== 'object' || data === null)) throw invalidArgument('data', 'must be a string, Uint8Array, object or array');
  const body = data instanceof Uint8Array ? data : new TextEncoder().encode(typeof data === 'string' ? data : safeJsonStringify(data, 'data'));
  if (body.length > MAX_DATA_BYTES) throw new LimitExceededError('messageBytes', body.length, MAX_DATA_BYTES, 'API Gateway delivers at most 128 KB per message');
  return body;
}
