import { randomBytes } from 'node:crypto';
import { checkClientRequestToken, checkMetadata, checkTarget, paginate } from './chimeValidate.js';

/**
 * A Chime error as the service answers it: HTTP status, `x-amzn-ErrorType` and the
 * `{"Code","Message"}` body (spec A1.1 errors).
 *
 * @example
 * ```ts
 * throw new ChimeFault(404, 'NotFound', 'channel not found');
 * ```
 */
export class ChimeFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** `ForbiddenException`, `NotFoundException` … (what SDK clients map errors by). */
  get errorType(): string {
    const names: Record<string, string> = {
      Throttled: 'ThrottledClientException',
      Unauthorized: 'UnauthorizedClientException',
      ServiceFailure: 'ServiceFailureException',
      ServiceUnavailable: 'ServiceUnavailableException',
    };
    return names[this.code] ?? `${this.code}Exception`;
  }
}

interface StoredMessage {
  MessageId: string;
  Content: string;
  Metadata?: string;
  ContentType?: string;
  Type: 'STANDARD' | 'CONTROL';
  Persistence: 'PERSISTENT' | 'NON_PERSISTENT';
  Sender: { Arn: string; Name: string };
  CreatedTimestamp: number;
  LastUpdatedTimestamp: number;
  LastEditedTimestamp?: number;
  Redacted: boolean;
  /** SendChannelMessage `Target`: only it and the sender see the message. */
  Target?: Array<{ MemberArn: string }>;
  deleted: boolean;
}

/** One emulated channel. */
export interface StoredChannel {
  ChannelArn: string;
  Name: string;
  Mode: string;
  Privacy: string;
  Metadata?: string;
  CreatedBy: { Arn: string; Name: string };
  CreatedTimestamp: number;
  LastUpdatedTimestamp: number;
  LastMessageTimestamp?: number;
  members: Map<string, { type: string; createdAt: number; readMarker?: number; invitedBy: string }>;
  /** Channel moderators (CreateChannelModerator); the creator is one. */
  moderators: Set<string>;
  messages: StoredMessage[];
}

/**
 * The data of one emulated AppInstance: users, channels, memberships, messages, read markers.
 * Times are epoch ms inside; `rest*` renderers give epoch seconds (REST, spec A4.6) and `ws*`
 * ISO-8601 strings (socket payloads; the real encoding there is UNCONFIRMED, spec A2.5).
 *
 * @example
 * ```ts
 * const model = new ChimeModel('arn:aws:chime:us-east-1:123456789012:app-instance/emu');
 * const ada = model.createUser('ada', 'Ada');
 * ```
 */
export class ChimeModel {
  readonly users = new Map<string, string>();
  /** AppInstanceAdmins (CreateAppInstanceAdmin): every channel of the AppInstance is theirs to manage. */
  readonly admins = new Set<string>();
  readonly channels = new Map<string, StoredChannel>();
  #last = 0;

  constructor(readonly appInstanceArn: string) {}

  /** Strictly increasing: two messages never share a timestamp, so ordering by time is total. */
  now(): number {
    this.#last = Math.max(Date.now(), this.#last + 1);
    return this.#last;
  }

  createUser(id: string, name: string): string {
    if (!/^[A-Za-z0-9_@.-]{1,64}$/.test(id)) throw new ChimeFault(400, 'BadRequest', 'AppInstanceUserId must be 1..64 characters of [A-Za-z0-9_@.-]');
    const arn = `${this.appInstanceArn}/user/${id}`;
    if (this.users.has(arn)) throw new ChimeFault(409, 'Conflict', 'the AppInstanceUser already exists');
    this.users.set(arn, name);
    return arn;
  }

  /** CreateAppInstanceAdmin: promotes an existing AppInstanceUser. */
  createAdmin(arn: unknown): string {
    if (typeof arn !== 'string' || !this.users.has(arn)) throw new ChimeFault(404, 'NotFound', 'AppInstanceAdminArn is not an AppInstanceUser of this AppInstance');
    this.admins.add(arn);
    return arn;
  }

  identity(arn: string): { Arn: string; Name: string } {
    return { Arn: arn, Name: this.users.get(arn) ?? arn.split('/').pop() ?? '' };
  }

  requireUser(bearer: string | undefined): string {
    if (!bearer) throw new ChimeFault(400, 'BadRequest', 'the x-amz-chime-bearer header is required');
    if (!this.users.has(bearer)) throw new ChimeFault(403, 'Forbidden', 'the x-amz-chime-bearer is not an AppInstanceUser of this AppInstance');
    return bearer;
  }

  channel(arn: string): StoredChannel {
    const c = this.channels.get(arn);
    if (!c) throw new ChimeFault(404, 'NotFound', 'the channel does not exist');
    return c;
  }

  createChannel(bearer: string, input: Record<string, unknown>): StoredChannel {
    if (input.AppInstanceArn !== this.appInstanceArn) throw new ChimeFault(400, 'BadRequest', 'AppInstanceArn does not name this AppInstance');
    if (typeof input.Name !== 'string' || input.Name.length < 1 || input.Name.length > 256) throw new ChimeFault(400, 'BadRequest', 'Name must be 1..256 characters');
    const metadata = checkMetadata(input.Metadata);
    checkClientRequestToken(input.ClientRequestToken);
    if (input.Mode !== undefined && input.Mode !== 'UNRESTRICTED' && input.Mode !== 'RESTRICTED') throw new ChimeFault(400, 'BadRequest', 'Mode must be UNRESTRICTED or RESTRICTED');
    if (input.Privacy !== undefined && input.Privacy !== 'PUBLIC' && input.Privacy !== 'PRIVATE') throw new ChimeFault(400, 'BadRequest', 'Privacy must be PUBLIC or PRIVATE');
    const id = typeof input.ChannelId === 'string' ? input.ChannelId : randomBytes(16).toString('hex');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ChimeFault(400, 'BadRequest', 'ChannelId must be 1..64 characters of [A-Za-z0-9_-]');
    const arn = `${this.appInstanceArn}/channel/${id}`;
    if (this.channels.has(arn)) throw new ChimeFault(409, 'Conflict', 'the channel already exists');
    const at = this.now();
    const channel: StoredChannel = {
      ChannelArn: arn,
      Name: input.Name,
      Mode: input.Mode === 'UNRESTRICTED' ? 'UNRESTRICTED' : 'RESTRICTED',
      Privacy: input.Privacy === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE',
      ...(metadata !== undefined ? { Metadata: metadata } : {}),
      CreatedBy: this.identity(bearer),
      CreatedTimestamp: at,
      LastUpdatedTimestamp: at,
      members: new Map([[bearer, { type: 'DEFAULT', createdAt: at, invitedBy: bearer }]]),
      // Emulator choice: the creator moderates its channel (so it can manage a RESTRICTED one,
      // as the AWS chat sample app's creators do); the API reference leaves it unsaid.
      moderators: new Set([bearer]),
      messages: [],
    };
    this.channels.set(arn, channel);
    return channel;
  }

  addMessage(channel: StoredChannel, bearer: string, input: Record<string, unknown>): StoredMessage {
    const type = input.Type === 'CONTROL' ? 'CONTROL' : input.Type === undefined || input.Type === 'STANDARD' ? 'STANDARD' : undefined;
    if (!type) throw new ChimeFault(400, 'BadRequest', 'Type must be STANDARD or CONTROL');
    if (typeof input.Content !== 'string' || input.Content.length < 1) throw new ChimeFault(400, 'BadRequest', 'Content must be at least 1 character');
    const max = type === 'CONTROL' ? 30 : 4096;
    if (Buffer.byteLength(input.Content) > max) throw new ChimeFault(400, 'BadRequest', `${type} Content is at most ${max} bytes`);
    if (input.Persistence !== undefined && input.Persistence !== 'PERSISTENT' && input.Persistence !== 'NON_PERSISTENT')
      throw new ChimeFault(400, 'BadRequest', 'Persistence must be PERSISTENT or NON_PERSISTENT');
    const metadata = checkMetadata(input.Metadata);
    checkClientRequestToken(input.ClientRequestToken);
    const target = checkTarget(input.Target, (arn) => channel.members.has(arn));
    const at = this.now();
    const message: StoredMessage = {
      MessageId: randomBytes(16).toString('hex'),
      Content: input.Content,
      ...(metadata !== undefined ? { Metadata: metadata } : {}),
      ...(typeof input.ContentType === 'string' ? { ContentType: input.ContentType } : {}),
      Type: type,
      Persistence: input.Persistence === 'NON_PERSISTENT' ? 'NON_PERSISTENT' : 'PERSISTENT',
      Sender: this.identity(bearer),
      CreatedTimestamp: at,
      LastUpdatedTimestamp: at,
      Redacted: false,
      ...(target !== undefined ? { Target: [{ MemberArn: target }] } : {}),
      deleted: false,
    };
    if (message.Persistence === 'PERSISTENT') channel.messages.push(message);
    channel.LastMessageTimestamp = at;
    return message;
  }

  /**
   * Whether `bearer` sees `m`: a targeted message only its sender and target ("Only the target
   * and the sender can view targeted messages", SendChannelMessage `Target`).
   */
  visible(m: StoredMessage, bearer: string): boolean {
    return !m.Target || m.Sender.Arn === bearer || m.Target.some((t) => t.MemberArn === bearer);
  }

  /** A message `bearer` may see (AppInstanceAdmins may act on targeted ones they cannot see: `anyTarget`). */
  message(channel: StoredChannel, id: string, bearer?: string, anyTarget = false): StoredMessage {
    const m = channel.messages.find((x) => x.MessageId === id && !x.deleted && (bearer === undefined || anyTarget || this.visible(x, bearer)));
    if (!m) throw new ChimeFault(404, 'NotFound', 'the message does not exist');
    return m;
  }

  /** ListChannelMessages semantics (spec A4.6 #1): deleted hidden, bounds inclusive, default DESCENDING. */
  listMessages(channel: StoredChannel, q: URLSearchParams, bearer: string): { items: StoredMessage[]; next: string | undefined } {
    const order = q.get('sort-order') ?? 'DESCENDING';
    if (order !== 'ASCENDING' && order !== 'DESCENDING') throw new ChimeFault(400, 'BadRequest', 'sort-order must be ASCENDING or DESCENDING');
    const bound = (name: string) => {
      const v = q.get(name);
      if (v === null) return undefined;
      const ms = Date.parse(v);
      if (Number.isNaN(ms)) throw new ChimeFault(400, 'BadRequest', `${name} must be an ISO-8601 timestamp`);
      return ms;
    };
    const notBefore = bound('not-before');
    const notAfter = bound('not-after');
    let all = channel.messages.filter(
      (m) => !m.deleted && this.visible(m, bearer) && (notBefore === undefined || m.CreatedTimestamp >= notBefore) && (notAfter === undefined || m.CreatedTimestamp <= notAfter),
    );
    if (order === 'DESCENDING') all = all.reverse();
    return paginate(all, q);
  }
}

/** Renders a stored message for REST (epoch seconds) or the socket (ISO strings). */
export function renderMessage(channelArn: string, m: StoredMessage, form: 'rest' | 'ws'): Record<string, unknown> {
  const t = (ms: number | undefined) => (ms === undefined ? undefined : form === 'rest' ? ms / 1000 : new Date(ms).toISOString());
  const { deleted: _deleted, ...rest } = m;
  return {
    ...rest,
    ...(m.Redacted ? { Content: '', Metadata: undefined } : {}),
    ChannelArn: channelArn,
    CreatedTimestamp: t(m.CreatedTimestamp),
    LastUpdatedTimestamp: t(m.LastUpdatedTimestamp),
    LastEditedTimestamp: t(m.LastEditedTimestamp),
    Status: { Value: 'SENT' },
  };
}

/** Renders a channel summary for REST or the socket. */
export function renderChannel(c: StoredChannel, form: 'rest' | 'ws'): Record<string, unknown> {
  const t = (ms: number | undefined) => (ms === undefined ? undefined : form === 'rest' ? ms / 1000 : new Date(ms).toISOString());
  const { members: _m, moderators: _mods, messages: _msgs, ...rest } = c;
  return { ...rest, CreatedTimestamp: t(c.CreatedTimestamp), LastUpdatedTimestamp: t(c.LastUpdatedTimestamp), LastMessageTimestamp: t(c.LastMessageTimestamp) };
}
