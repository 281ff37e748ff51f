import type { Capabilities } from '../../client/Capabilities.js';
import type { Backend, InboundFrame, PresenceMember } from '../../connection/Backend.js';
import { ChannelKitError } from '../../errors/ChannelKitError.js';
import { LimitExceededError } from '../../errors/errors.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { safeJsonStringify } from '../../lib/safeJsonStringify.js';
import { utf8Length } from '../../lib/utf8Length.js';
import { type CredentialsInput, toCredentialsProvider } from '../../sigv4/credentials.js';
import { presignUrlAsync } from '../../sigv4/signRequestAsync.js';
import { ChimeMessagingApi } from './api.js';
import { chimeChannelArn, isAppInstanceArn, MAX_ARN_LENGTH } from './arns.js';
import { type ChimeChannelList, ChimeChannelListStore, chimeChannelDirectory } from './channelList.js';
import { chimeCloseDecision } from './closePolicy.js';
import { type ChimeEvent, messageData, parseChimeEnvelope } from './envelope.js';
import { listHistory, recoverChannel, recoverSinceTime } from './history.js';
import { senderOf } from './senderOf.js';
import type { ChimeIdentity } from './types.js';
import { checkPrefetch, checkPublishContext } from './validateInput.js';

/**
 * Options of {@link chime}.
 *
 * @example
 * ```ts
 * const config: ChimeConfig = { region: 'us-east-1', appInstanceArn, userArn, credentials: async () => fetchCognitoCredentials() };
 * ```
 */
export interface ChimeConfig {
  region: string;
  /** `arn:aws:chime:{region}:{account}:app-instance/{id}`: bare channel ids are read relative to it. */
  appInstanceArn: string;
  /** The AppInstanceUser this client acts as (`userArn` of the socket, `x-amz-chime-bearer` of REST). */
  userArn: string;
  /** Static credentials or a provider; the provider is called before every connect attempt and REST call. */
  credentials: CredentialsInput;
  /** Chime SDK Messaging REST endpoint (default `https://messaging-chime.{region}.amazonaws.com`); `http://…` (the emulator) makes the socket `ws://`. */
  endpoint?: string | undefined;
  /** `prefetch-on=connect` (default true): CHANNEL_DETAILS fill {@link ChimeBackend.channels}. `sortBy` is `prefetch-sort-by`. */
  prefetch?: boolean | { sortBy?: 'unread' | 'last-message-timestamp' } | undefined;
  /** `sessionId` of the socket (default: a random uint32, as the SDK does; spec A1.2). */
  sessionId?: string | undefined;
  /** `fetch` for the calls the socket needs (endpoint lookup, membership checks); default the global one. */
  fetch?: typeof fetch | undefined;
}

/**
 * Per-publish options of a Chime channel (`publish(…, { context })`).
 *
 * @example
 * ```ts
 * await client.publish(room, ['typing'], { context: { type: 'CONTROL', persistence: 'NON_PERSISTENT' } satisfies ChimePublishContext });
 * ```
 */
export interface ChimePublishContext {
  type?: 'STANDARD' | 'CONTROL';
  persistence?: 'PERSISTENT' | 'NON_PERSISTENT';
  metadata?: string;
}

/**
 * The Chime backend: a {@link Backend} plus the user's channel list and the REST API. The
 * list is also the client's `directory` facet (`createClient({ backend }).directory`).
 *
 * @example
 * ```ts
 * const backend: ChimeBackend = chime(config);
 * const unsubscribe = backend.channels.subscribe(() => console.log(backend.channels.getSnapshot().length));
 * ```
 */
export interface ChimeBackend extends Backend {
  /** The signed-in user's channels (prefetch + events + refresh); what `useChimeChannels` reads. */
  readonly channels: ChimeChannelList;
  /** The signed REST calls, as this user. */
  readonly api: ChimeMessagingApi;
}

/**
 * Chime content limits (Smithy model, spec A4.6 #2): STANDARD 4 KB, CONTROL 30 bytes.
 *
 * @example
 * ```ts
 * if (new TextEncoder().encode(text).length > CHIME_LIMITS.standardBytes) showTooLong();
 * ```
 */
export const CHIME_LIMITS = Object.freeze({ standardBytes: 4096, controlBytes: 30 });

const CAPABILITIES: Capabilities = Object.freeze({
  publish: 'http',
  publishAcks: true,
  wildcardSubscribe: false,
  history: true,
  presence: true,
  storage: false,
  limits: Object.freeze({ eventBytes: CHIME_LIMITS.standardBytes, batchEvents: 1, channelNameLength: MAX_ARN_LENGTH }),
});

const USER_ARN = /^arn:aws[a-z-]*:chime:[a-z0-9-]+:\d{12}:app-instance\/[A-Za-z0-9_-]+\/(user|bot)\/[^/\s]{1,64}$/;
const MAX_TIMES = 5000;

/**
 * Amazon Chime SDK messaging as a ChannelKit backend: one SigV4-presigned socket per user
 * (service `chime`, `X-Amz-Expires` 10, presigned afresh with fresh credentials for every
 * attempt), every channel of the user on it; `client.channel(arnOrId)` routes a channel's
 * events locally. Publishing is SendChannelMessage over REST, in call order; history,
 * gap recovery (by MessageId) and membership-based presence are REST too.
 *
 * Events: `data` is the message content (JSON content that ChannelKit published is parsed), and
 * `meta.chime` the typed {@link ChimeEvent} (create / update / delete / redact, membership and
 * channel events). Only a created message has an `id` (its MessageId), so edits are never
 * mistaken for duplicates.
 *
 * @example
 * ```ts
 * const backend = chime({ region: 'us-east-1', appInstanceArn, userArn, credentials });
 * const client = createClient({ backend });
 * client.channel('room-1').subscribe((text, meta) => console.log(text, meta));
 * await client.channel('room-1').publish('hello');
 * ```
 */
export function chime(config: ChimeConfig): ChimeBackend {
  if (config === null || typeof config !== 'object') throw invalidArgument('config', 'chime(config): config must be an object with region, appInstanceArn, userArn and credentials');
  if (typeof config.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(config.region)) throw invalidArgument('config.region', 'must be an AWS region such as us-east-1');
  if (!isAppInstanceArn(config.appInstanceArn)) throw invalidArgument('config.appInstanceArn', 'must be arn:aws:chime:{region}:{account}:app-instance/{id}');
  if (typeof config.userArn !== 'string' || !USER_ARN.test(config.userArn) || !config.userArn.startsWith(`${config.appInstanceArn}/`)) {
    throw invalidArgument('config.userArn', 'must be an AppInstanceUser ARN of the AppInstance ({appInstanceArn}/user/{id})');
  }
  if (config.credentials === null || (typeof config.credentials !== 'function' && typeof config.credentials !== 'object'))
    throw invalidArgument('config.credentials', 'must be AWS credentials or a function returning them');
  if (config.fetch !== undefined && typeof config.fetch !== 'function') throw invalidArgument('config.fetch', 'must be a function');
  if (config.sessionId !== undefined && (typeof config.sessionId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(config.sessionId)))
    throw invalidArgument('config.sessionId', 'must be 1..64 characters of [A-Za-z0-9_-]');
  const endpoint = config.endpoint ?? `https://messaging-chime.${config.region}.amazonaws.com`;
  let endpointUrl: URL;
  try {
    endpointUrl = new URL(endpoint);
  } catch {
    throw invalidArgument('config.endpoint', `must be an https URL (got ${String(endpoint).length} characters that do not parse)`);
  }
  if (endpointUrl.protocol !== 'https:' && endpointUrl.protocol !== 'http:') throw invalidArgument('config.endpoint', 'must be an https:// URL (http:// only for a local emulator)');
  const credentials = toCredentialsProvider(config.credentials);
  const fetchImpl: typeof fetch = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { appInstanceArn, userArn } = config;
  const api = new ChimeMessagingApi({ endpoint, region: config.region, credentials, fetch: fetchImpl }, userArn);
  const channels = new ChimeChannelListStore(api, userArn);
  // The SDK's default sessionId: a random uint32 in decimal (spec A1.2).
  const sessionId = config.sessionId ?? String(Math.floor(Math.random() * 2 ** 32));
  checkPrefetch(config.prefetch);
  const prefetch = config.prefetch ?? true;
  const times = new Map<string, number>();
  const members = new Map<string, Map<string, PresenceMember>>();
  /** Channels whose membership was checked; forgotten when the user leaves or the channel goes. */
  const verified = new Set<string>();
  let sendChain: Promise<unknown> = Promise.resolve();

  const remember = (id: string, at: number | undefined) => {
    if (at === undefined) return;
    times.set(id, at);
    if (times.size > MAX_TIMES) times.delete(times.keys().next().value as string);
  };
  const presenceSync = (channel: string): InboundFrame => ({ type: 'presence', channel, action: 'sync', members: [...(members.get(channel)?.values() ?? [])] });
  /** Adds a Chime identity to a channel's member list (presence members are AppInstanceUsers). */
  const addMember = (list: Map<string, PresenceMember>, who: ChimeIdentity | undefined) => {
    if (who?.Arn) list.set(who.Arn, { id: who.Arn, data: { name: who.Name } });
  };

  const decode = (raw: string | ArrayBuffer | Uint8Array): InboundFrame | InboundFrame[] => {
    const event = parseChimeEnvelope(raw);
    const frames = route(event);
    // The channel list folds every event too; its listeners' errors are reported, not thrown
    // (a throw here would lose the frame for subscribers).
    const thrown = channels.apply(event);
    return thrown.length === 0 ? frames : [...(Array.isArray(frames) ? frames : [frames]), ...thrown.map((error): InboundFrame => ({ type: 'error', error }))];
  };

  const route = (event: ChimeEvent): InboundFrame | InboundFrame[] => {
    switch (event.kind) {
      case 'session':
        return { type: 'connected', session: { connectionId: sessionId } };
      case 'message': {
        // Only a created message has an id: edits and deletes must not be taken for duplicates.
        const m = event.message;
        const created = event.action === 'create' && event.status === 'SENT';
        if (created) remember(m.MessageId, m.CreatedTimestamp);
        if (created || event.status !== 'SENT')
          return { type: 'event', channel: event.channelArn, ...(created ? { id: m.MessageId } : {}), data: messageData(m), meta: { chime: event, ...senderOf(m) } };
        // An edit, or a redaction or deletion of an earlier message: a redacted message keeps its
        // place with its content gone, which is what a list shows as deleted.
        const changes = { id: m.MessageId, action: event.action === 'update' ? 'update' : 'delete' };
        return { type: 'event', channel: event.channelArn, data: messageData(m), meta: { chime: event, changes, ...senderOf(m) } };
      }
      case 'membership': {
        const list = members.get(event.channelArn) ?? new Map<string, PresenceMember>();
        members.set(event.channelArn, list);
        const who = event.membership.Members ?? (event.membership.Member ? [event.membership.Member] : []);
        for (const w of who) event.action === 'delete' ? list.delete(w.Arn!) : addMember(list, w);
        if (event.action === 'delete' && who.some((w) => w.Arn === userArn)) verified.delete(event.channelArn);
        return [{ type: 'event', channel: event.channelArn, data: event, meta: { chime: event } }, presenceSync(event.channelArn)];
      }
      case 'channel':
        if (event.action === 'delete') verified.delete(event.channelArn);
        return { type: 'event', channel: event.channelArn, data: event, meta: { chime: event } };
      case 'details': {
        const list = new Map<string, PresenceMember>();
        for (const m of event.details.ChannelMemberships ?? []) addMember(list, m.Member);
        members.set(event.channelArn, list);
        for (const m of event.details.ChannelMessages ?? []) remember(m.MessageId, m.CreatedTimestamp);
        // Prefetch goes to the channel list, not to subscribers: it is a snapshot, not news.
        return presenceSync(event.channelArn);
      }
      default:
        return { type: 'event', data: event, meta: { chime: event } };
    }
  };

  /** Channels are not subscribed on the wire (spec A1.4: every channel of the user arrives); joining checks membership. */
  const checkMembership = async (channel: string) => {
    const list = new Map<string, PresenceMember>();
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < 20; page++) {
        const res = await api.listChannelMemberships(channel, { maxResults: 50, ...(nextToken ? { nextToken } : {}) });
        for (const m of res.items) addMember(list, m.Member);
        nextToken = res.nextToken;
        if (!nextToken) break;
      }
    } catch (error) {
      throw new ChannelKitError('SUBSCRIBE_FAILED', `chime: cannot read the memberships of ${channel.slice(-80)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!list.has(userArn))
      throw new ChannelKitError('SUBSCRIBE_FAILED', `chime: ${userArn.split('/').pop()} is not a member of ${channel.slice(-80)}; Chime delivers only channels the user is a member of`);
    members.set(channel, list);
  };

  return {
    name: 'chime',
    capabilities: CAPABILITIES,
    channels,
    api,
    // The server pings (CHIME-DG handle-disconnects.md) and `ws`/browsers answer; the client sends nothing (spec A1.4).
    liveness: { mode: 'none', timeoutMs: 0 },
    handshake: true,
    subscribeAcks: false,
    publishAcks: true,
    channelKey: (name) => chimeChannelArn(name, appInstanceArn),
    async connect(context) {
      const creds = await credentials();
      context.secrets.add(creds.secretAccessKey);
      context.secrets.add(creds.sessionToken);
      // Spec A1.3/A4.3: a fresh endpoint and a fresh presign for every attempt.
      const host = await api.getMessagingSessionEndpoint();
      const scheme = endpointUrl.protocol === 'http:' ? 'ws' : 'wss';
      const url = new URL(`${scheme}://${host}/connect`);
      url.searchParams.set('userArn', userArn);
      url.searchParams.set('sessionId', sessionId);
      if (prefetch) {
        url.searchParams.set('prefetch-on', 'connect');
        if (typeof prefetch === 'object' && prefetch.sortBy) url.searchParams.set('prefetch-sort-by', prefetch.sortBy);
      }
      // The session token is signed into the canonical query, as DefaultSigV4 does (spec A1.3 step 3).
      return { url: await presignUrlAsync({ url }, { service: 'chime', region: config.region, credentials: creds, expiresIn: 10 }) };
    },
    decode,
    encodeSubscribe({ channel }) {
      // A resubscribe after a reconnect answers synchronously: the channel is live (and its
      // recovery started, holding live events) before any frame of the new socket is handled.
      // An asynchronous check here would let newer live events through first and move
      // `lastEventId` past the gap.
      if (verified.has(channel)) return undefined;
      return checkMembership(channel).then(() => {
        verified.add(channel);
        return undefined;
      });
    },
    encodeUnsubscribe: () => undefined,
    preparePublish(_channel, events, context) {
      // Every publish passes here before it is sent: the context is checked once, here.
      const { type } = checkPublishContext(context);
      const max = type === 'CONTROL' ? CHIME_LIMITS.controlBytes : CHIME_LIMITS.standardBytes;
      return events.map((event, index) => {
        const content = typeof event === 'string' ? event : safeJsonStringify(event, `event ${index}`);
        const bytes = utf8Length(content);
        if (bytes === 0) throw new LimitExceededError('contentBytes', 0, max, `event ${index} is empty: Chime message content is at least 1 character`);
        if (bytes > max) throw new LimitExceededError('contentBytes', bytes, max, `event ${index} is ${bytes} bytes: Chime ${type} messages are at most ${max} bytes`);
        return { offset: index, events: [event], bytes };
      });
    },
    publish({ channel, events, context, secrets }) {
      const c = (context ?? {}) as ChimePublishContext;
      // One chain for the backend: publishes reach Chime in call order, even when made concurrently.
      const run = async () => {
        const successful: Array<{ index: number; id: string }> = [];
        for (const [index, event] of events.entries()) {
          const typed = typeof event === 'string' ? { Content: event } : { Content: JSON.stringify(event), ContentType: 'application/json' };
          const creds = await credentials();
          secrets.add(creds.secretAccessKey);
          secrets.add(creds.sessionToken);
          const res = await api.sendChannelMessage(channel, {
            ...typed,
            Type: c.type ?? 'STANDARD',
            Persistence: c.persistence ?? 'PERSISTENT',
            ...(c.metadata !== undefined ? { Metadata: c.metadata } : {}),
          });
          successful.push({ index, id: res.MessageId });
        }
        return { successful, failed: [] };
      };
      const result = sendChain.then(run, run);
      sendChain = result.catch(() => undefined);
      return result;
    },
    // No event seen before the drop: everything since the channel last went live was missed.
    recover: ({ channel, lastEventId, since }) => (lastEventId !== undefined ? recoverChannel(api, channel, lastEventId, times) : recoverSinceTime(api, channel, since)),
    channelFacets(channel) {
      // Members come from ListChannelMemberships (on subscribe), CHANNEL_DETAILS and membership events.
      const current = () => Object.freeze([...(members.get(channel)?.values() ?? [])]);
      return {
        history: { list: (options = {}) => listHistory(api, channel, options, times) },
        // Content as publish sends it: a string as is, anything else as JSON.
        messages: {
          edit: (id, data) => api.updateChannelMessage(channel, id, typeof data === 'string' ? { Content: data } : { Content: JSON.stringify(data), ContentType: 'application/json' }),
          redact: (id) => api.redactChannelMessage(channel, id),
          delete: (id) => api.deleteChannelMessage(channel, id),
        },
        presence: {
          members: current,
          self: () => members.get(channel)?.get(userArn),
          update: () => Promise.reject(new ChannelKitError('UNSUPPORTED', 'chime: presence is channel membership and carries no data; use CONTROL messages for typing indicators')),
        },
      };
    },
    // `client.directory`: the channel list above, in the seam's vocabulary (useChimeChannels reads it).
    clientFacets: () => {
      const directory = chimeChannelDirectory(channels);
      // markRead takes what client.channel() takes (an id or an ARN of this AppInstance) and
      // checks it before the request; a rejection, never a synchronous throw.
      return {
        directory: {
          ...directory,
          markRead: async (channel: string, at: number) => {
            // `at` is advisory: Chime sets the marker to its own time. Still, a non-time is a bug worth naming.
            if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) throw invalidArgument('at', `must be a time in epoch milliseconds (got ${kindOf(at)})`);
            return directory.markRead(chimeChannelArn(channel, appInstanceArn), at);
          },
        },
      };
    },
    closeDecision: chimeCloseDecision,
  };
}
