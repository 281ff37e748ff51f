import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BackendContext } from '../core/BackendPlugin.js';
import { readBody } from '../core/readBody.js';
import { refuseUpgrade } from '../core/refuseUpgrade.js';
import { requestTarget } from '../core/requestTarget.js';
import { verifySigV4 } from '../sigv4/verifySigV4.js';
import { type ChimeCredentialPair, ChimeCredentialStore, type ChimePrincipal } from './ChimeCredentials.js';
import { ChimeFault, ChimeModel, renderChannel, renderMessage, type StoredChannel } from './ChimeModel.js';
import { routeChimeRest } from './chimeRoutes.js';

/**
 * Options of the emulated Chime SDK messaging service.
 *
 * @example
 * ```ts
 * await startEmulator({ port: 0, chime: { users: ['ada', 'bob'] } });
 * ```
 */
export interface ChimeEmulatorOptions {
  region?: string;
  accountId?: string;
  appInstanceId?: string;
  /**
   * The shared IAM credentials (the app server's role; a `sessionToken` must then be sent too).
   * They create AppInstanceUsers and AppInstanceAdmins; they act as a user (as
   * `x-amz-chime-bearer`, or on the socket) only with `sharedCredentialsActAsAnyUser`. Users
   * sign with credentials issued for them: `credentialsFor(userArn)`.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Quick-start shortcut: the shared credentials may act as any AppInstanceUser, so one pair
   * serves every user (what the emulator did before per-user credentials). Off by default: on
   * AWS each user's credentials are scoped to its own AppInstanceUser ARN, and tests should
   * see the refusals a real deployment gives.
   */
  sharedCredentialsActAsAnyUser?: boolean;
  /** AppInstanceUser ids created at start (default `admin`). */
  users?: string[];
  /** Ids among `users` made AppInstanceAdmins at start (default: `admin`, when it is created). */
  admins?: string[];
  /** How often the server pings each socket (default 30 s; CHIME-DG handle-disconnects.md). */
  pingIntervalMs?: number;
}

interface Session {
  id: string;
  ws: WebSocket;
  userArn: string;
  established: boolean;
  connectedAt: number;
  ping: NodeJS.Timeout;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType' };

/**
 * The emulated Amazon Chime SDK messaging service (spec `chime-apigw.md` part A): the REST
 * calls ChannelKit and SDK clients make, SigV4-verified (service `chime`, header form), and the
 * messaging WebSocket at `/connect` (presigned form, 10 s expiry; a bad signature is accepted
 * then closed 4401, an unknown user 4003, as A1.4 describes), SESSION_ESTABLISHED, prefetch
 * and fan-out of message, membership and channel events to members' sessions.
 *
 * @example
 * ```ts
 * const server = new ChimeServer({}, { registry, faults });
 * server.emit(userArn, 'PENDING_CREATE_CHANNEL_MESSAGE', payload, 'STANDARD');
 * ```
 */
export class ChimeServer {
  readonly model: ChimeModel;
  readonly region: string;
  /** The shared pair (the ready line's `chime.credentials`). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Every pair the emulator accepts, and what each may act as. */
  readonly iam: ChimeCredentialStore;
  /** Raw frames the next session receives before SESSION_ESTABLISHED (spec A1.4: events may precede it). */
  readonly early: string[] = [];
  readonly #sessions = new Map<string, Session>();
  readonly #context: BackendContext;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #pingMs: number;

  constructor(options: ChimeEmulatorOptions = {}, context: BackendContext) {
    this.region = options.region ?? 'us-east-1';
    this.model = new ChimeModel(`arn:aws:chime:${this.region}:${options.accountId ?? '123456789012'}:app-instance/${options.appInstanceId ?? 'channelkit-emulator'}`);
    this.credentials = options.credentials ?? { accessKeyId: 'AKIDCHIMEEMULATOR', secretAccessKey: randomBytes(20).toString('base64') };
    this.iam = new ChimeCredentialStore(this.credentials, this.model.appInstanceArn, options.sharedCredentialsActAsAnyUser === true);
    const users = options.users ?? ['admin'];
    for (const id of users) this.model.createUser(id, id);
    for (const id of options.admins ?? (users.includes('admin') ? ['admin'] : [])) this.model.createAdmin(`${this.model.appInstanceArn}/user/${id}`);
    this.#context = context;
    this.#pingMs = options.pingIntervalMs ?? 30_000;
  }

  /**
   * Credentials for one AppInstanceUser of this AppInstance: they sign REST calls with that
   * user as `x-amz-chime-bearer`, and the presigned `/connect` URL for that user — nothing
   * else (the same pair on every call for one user; the user need not exist yet).
   *
   * @example
   * ```ts
   * const credentials = emulator.chime.credentialsFor(`${appInstanceArn}/user/ada`);
   * const backend = chime({ region, appInstanceArn, userArn: `${appInstanceArn}/user/ada`, credentials, endpoint });
   * ```
   */
  credentialsFor(userArn: string): ChimeCredentialPair {
    return this.iam.issue(userArn);
  }

  #verify(req: IncomingMessage, target: { path: string; query: URLSearchParams }, body: Buffer): ChimePrincipal {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const result = verifySigV4(
      { method: req.method ?? 'GET', host: req.headers.host ?? '', path: target.path, query: [...target.query], headers, body },
      { service: 'chime', region: this.region, now: Date.now(), secretFor: (id) => this.iam.secretFor(id) },
    );
    if (!result.ok)
      throw new ChimeFault(result.errorType === 'UnrecognizedClientException' ? 401 : 403, result.errorType === 'UnrecognizedClientException' ? 'Unauthorized' : 'Forbidden', result.message);
    const token = target.query.get('X-Amz-Security-Token') ?? headers['x-amz-security-token'];
    const principal = this.iam.principal(result.accessKeyId, token);
    if (this.#context.faults.active('chime', 'rejectAuth')) throw new ChimeFault(403, 'Forbidden', 'credentials rejected (emulator fault)');
    return principal;
  }

  async handleHttp(req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
    const reply = (status: number, body?: unknown, errorType?: string) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomBytes(8).toString('hex'), ...(errorType ? { 'x-amzn-errortype': errorType } : {}), ...CORS });
      res.end(text);
    };
    // Browsers call Chime SDK messaging directly (signed requests): answer CORS preflights unsigned.
    if (req.method === 'OPTIONS') {
      const headers = req.headers['access-control-request-headers'] ?? 'authorization,content-type,x-amz-date,x-amz-security-token,x-amz-chime-bearer';
      res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS', 'access-control-allow-headers': headers, 'access-control-max-age': '600' });
      return void res.end();
    }
    const target = requestTarget(req.url);
    const raw = await readBody(req, 256 * 1024);
    if (!target || raw === undefined) return reply(400, { Code: 'BadRequest', Message: 'the request is not valid' }, 'BadRequestException');
    try {
      const principal = this.#verify(req, target, raw);
      let body: Record<string, unknown> = {};
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          throw new ChimeFault(400, 'BadRequest', 'the body is not JSON');
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ChimeFault(400, 'BadRequest', 'the body must be a JSON object');
      }
      const parts = target.path.split('/').filter((s) => s.length > 0);
      const bearer = req.headers['x-amz-chime-bearer'];
      const answer = routeChimeRest(req.method ?? 'GET', parts, {
        model: this.model,
        principal,
        credentials: this.iam,
        bearer: typeof bearer === 'string' ? bearer : undefined,
        query: target.query,
        body,
        throttled: this.#context.faults.active('chime', 'throttle') !== undefined,
        fanOut: (channel, eventType, payload, options) => this.#fanOut(channel, eventType, payload, options),
      });
      if (parts[0] === 'endpoints') return reply(200, { Endpoint: { Url: host } });
      reply(answer.status, answer.body);
    } catch (error) {
      if (error instanceof ChimeFault) return reply(error.status, { Code: error.code, Message: error.message }, error.errorType);
      throw error;
    }
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = requestTarget(req.url);
    if (target?.path !== '/connect') return refuseUpgrade(socket, 404);
    const refuse = this.#context.faults.active('chime', 'refuseHandshake');
    if (refuse) return refuseUpgrade(socket, refuse.code ?? 503);
    let closeWith: [number, string] | undefined;
    const userArn = target.query.get('userArn') ?? '';
    try {
      const principal = this.#verify(req, target, Buffer.alloc(0));
      if (!this.model.users.has(userArn)) closeWith = [4003, 'Forbidden'];
      else {
        // IAM `chime:Connect` is granted on the user's own ARN (spec A1.1): credentials of
        // another user, or the shared pair without the shortcut, are Forbidden (4003, A6).
        try {
          this.iam.requireActAs(principal, userArn);
        } catch {
          closeWith = [4003, 'Forbidden'];
        }
      }
    } catch {
      // Spec A1.4: the upgrade is accepted, then closed with 4401 (what real users see on bad URLs).
      closeWith = [4401, 'Unauthorized'];
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      // `ws` has already started the close with the status the error carries (1007 bad UTF-8,
      // 1009 too big, 1002 protocol); terminating here would race that close frame and leave the
      // client with 1006. Listening is still needed: an unheard 'error' kills the process.
      ws.on('error', () => {});
      if (closeWith) return ws.close(closeWith[0], closeWith[1]);
      this.#open(ws, userArn, target.query);
    });
  }

  #open(ws: WebSocket, userArn: string, query: URLSearchParams): void {
    const id = `${query.get('sessionId') ?? 'session'}-${randomBytes(4).toString('hex')}`;
    const session: Session = { id, ws, userArn, established: false, connectedAt: Date.now(), ping: setInterval(() => ws.ping(), this.#pingMs) };
    this.#sessions.set(id, session);
    this.#context.registry.add({
      backend: 'chime',
      connectionId: id,
      connectedAt: session.connectedAt,
      // Chime has no wire subscriptions: every channel of the user is delivered (spec A1.4).
      channels: () => [],
      drop: () => ws.terminate(),
      close: (code, reason) => ws.close(code, reason),
      sendGarbage: () => ws.send('{"Headers":'),
      stopKeepAlive: () => clearInterval(session.ping),
    });
    ws.on('close', () => {
      clearInterval(session.ping);
      this.#sessions.delete(id);
      this.#context.registry.remove(id);
    });
    for (const frame of this.early.splice(0)) ws.send(frame);
    const establish = () => {
      if (ws.readyState !== ws.OPEN) return;
      session.established = true;
      ws.send(JSON.stringify({ Headers: { 'x-amz-chime-event-type': 'SESSION_ESTABLISHED', 'x-amz-chime-message-type': 'SYSTEM' } }));
      if (query.get('prefetch-on') === 'connect') this.#prefetch(session, query.get('prefetch-sort-by'));
    };
    const delay = this.#context.faults.active('chime', 'delayHandshake')?.durationMs;
    if (delay) setTimeout(establish, delay);
    else establish();
  }

  /** Spec A2.6: up to 50 CHANNEL_DETAILS, latest 20 messages (newest first), 30 memberships. */
  #prefetch(session: Session, sortBy: string | null): void {
    const mine = [...this.model.channels.values()].filter((c) => c.members.has(session.userArn));
    const last = (c: StoredChannel) => c.LastMessageTimestamp ?? 0;
    const unread = (c: StoredChannel) => (last(c) > (c.members.get(session.userArn)?.readMarker ?? 0) ? 1 : 0);
    mine.sort((a, b) => (sortBy === 'last-message-timestamp' ? 0 : unread(b) - unread(a)) || last(b) - last(a));
    for (const c of mine.slice(0, 50)) {
      const messages = c.messages.filter((m) => !m.deleted && this.model.visible(m, session.userArn));
      const marker = c.members.get(session.userArn)?.readMarker;
      const payload = {
        Channel: renderChannel(c, 'ws'),
        ChannelMessages: messages
          .slice(-20)
          .reverse()
          .map((m) => renderMessage(c.ChannelArn, m, 'ws')),
        ChannelMemberships: [...c.members.keys()].slice(0, 30).map((a) => ({ Member: this.model.identity(a) })),
        ...(marker !== undefined ? { ReadMarkerTimestamp: new Date(marker).toISOString() } : {}),
        ChannelMessagesHasMore: messages.length > 20,
      };
      this.#send(session, 'CHANNEL_DETAILS', 'SYSTEM', payload);
    }
  }

  #send(session: Session, eventType: string, messageType: string, payload: unknown, reason?: string): void {
    const headers: Record<string, string> = { 'x-amz-chime-event-type': eventType, 'x-amz-chime-message-type': messageType };
    if (reason) headers['x-amz-chime-event-reason'] = reason;
    session.ws.send(JSON.stringify({ Headers: headers, Payload: JSON.stringify(payload) }));
  }

  #fanOut(channel: StoredChannel, eventType: string, payload: unknown, options: { messageType?: string; to?: string[] } = {}): void {
    const to = new Set(options.to ?? channel.members.keys());
    for (const s of this.#sessions.values()) if (s.established && to.has(s.userArn)) this.#send(s, eventType, options.messageType ?? 'SYSTEM', payload);
  }

  /**
   * Sends any event to the established sessions of `userArn` (or all): the sender-only events
   * (PENDING / FAILED / DENIED of channel flows), `x-amz-chime-event-reason`, unknown types.
   */
  emit(userArn: string | undefined, eventType: string, payload: unknown, messageType = 'SYSTEM', reason?: string): number {
    let sent = 0;
    for (const s of this.#sessions.values()) {
      if (s.established && (userArn === undefined || s.userArn === userArn)) {
        this.#send(s, eventType, messageType, payload, reason);
        sent++;
      }
    }
    return sent;
  }

  /** The userArn of each live session (tests map connections to clients with it). */
  sessions(): Array<{ connectionId: string; userArn: string; established: boolean }> {
    return [...this.#sessions.values()].map((s) => ({ connectionId: s.id, userArn: s.userArn, established: s.established }));
  }

  reset(): void {
    for (const s of this.#sessions.values()) s.ws.terminate();
    this.early.length = 0;
  }

  close(): void {
    this.reset();
    this.#wss.close();
  }
}
