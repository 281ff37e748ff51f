import { isAppInstanceArn } from './arns.js';
import { type ChimeRestTarget, chimeRequest, pathSegment } from './signedFetch.js';
import { type ChimeChannel, type ChimeMembership, type ChimeMessage, normaliseTimes } from './types.js';
import {
  channelArn as checkedArn,
  checkListMessages,
  checkMetadata,
  checkPaging,
  checkSendMessage,
  checkTarget,
  memberArn as checkedMember,
  messageId as checkedMessageId,
  requireObject,
} from './validateInput.js';
import { invalidArgument } from '../../lib/invalidArgument.js';

/**
 * Options of {@link ChimeMessagingApi.listChannelMessages} (spec A4.6 #1).
 *
 * @example
 * ```ts
 * const options: ListMessagesOptions = { sortOrder: 'ASCENDING', notBefore: Date.now() - 60_000, maxResults: 50 };
 * ```
 */
export interface ListMessagesOptions {
  sortOrder?: 'ASCENDING' | 'DESCENDING';
  /** Epoch ms; sent as ISO-8601 (inclusive). */
  notBefore?: number;
  notAfter?: number;
  maxResults?: number;
  nextToken?: string;
}

/**
 * One page of a paginated Chime list.
 *
 * @example
 * ```ts
 * const { items, nextToken }: ChimePage<ChimeMessage> = await api.listChannelMessages(arn);
 * ```
 */
export interface ChimePage<T> {
  items: T[];
  nextToken: string | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();
const str = (n: number | undefined) => (n === undefined ? undefined : String(n));
const token = () => `ck-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/**
 * Every method checks its arguments before signing (./validateInput.ts): a bad call rejects with
 * INVALID_ARGUMENT naming the argument and sends nothing.
 *
 * The Chime SDK Messaging REST calls ChannelKit uses, signed with SigV4 (`chime`) and sent
 * with `x-amz-chime-bearer` = the AppInstanceUser ARN (spec A4.6). Message calls return
 * timestamps as epoch ms. Also the admin calls apps and tests need (channels, memberships,
 * AppInstanceUsers on the identity endpoint).
 *
 * @example
 * ```ts
 * const api = new ChimeMessagingApi({ endpoint, region: 'us-east-1', credentials, fetch }, userArn);
 * await api.sendChannelMessage(channelArn, { Content: 'hi' });
 * ```
 */
export class ChimeMessagingApi {
  readonly #target: ChimeRestTarget;
  /** The `x-amz-chime-bearer` of every call. */
  readonly bearer: string;

  constructor(target: ChimeRestTarget, bearer: string) {
    checkTarget(target);
    checkedMember(bearer, 'bearer');
    this.#target = target;
    this.bearer = bearer;
  }

  #call(operation: string, method: string, path: string, options: Parameters<typeof chimeRequest>[4] = {}) {
    return chimeRequest(this.#target, operation, method, path, { bearer: this.bearer, ...options });
  }

  /** `GET /endpoints/messaging-session` → the bare host of the WebSocket (spec A1.1; no bearer). */
  async getMessagingSessionEndpoint(): Promise<string> {
    const body = await chimeRequest(this.#target, 'GetMessagingSessionEndpoint', 'GET', '/endpoints/messaging-session');
    const url = (body.Endpoint as { Url?: unknown } | undefined)?.Url;
    if (typeof url !== 'string' || url.length === 0) throw new Error('chime GetMessagingSessionEndpoint: no Endpoint.Url in the answer');
    return url;
  }

  /** `POST /channels/{arn}/messages` → 201 `{MessageId, Status}`. */
  async sendChannelMessage(
    channelArn: string,
    message: { Content: string; Type?: 'STANDARD' | 'CONTROL'; Persistence?: 'PERSISTENT' | 'NON_PERSISTENT'; Metadata?: string; ContentType?: string; ClientRequestToken?: string },
  ): Promise<{ MessageId: string; Status?: { Value?: string } }> {
    channelArn = checkedArn(channelArn);
    checkSendMessage(message);
    const body = await this.#call('SendChannelMessage', 'POST', `/channels/${pathSegment(channelArn)}/messages`, {
      body: { Type: 'STANDARD', Persistence: 'PERSISTENT', ClientRequestToken: token(), ...message },
      failCode: 'PUBLISH_FAILED',
    });
    return body as { MessageId: string };
  }

  /** `GET /channels/{arn}/messages` (default order DESCENDING, spec A4.6 #1). */
  async listChannelMessages(channelArn: string, options: ListMessagesOptions = {}): Promise<ChimePage<ChimeMessage>> {
    channelArn = checkedArn(channelArn);
    checkListMessages(options);
    const body = await this.#call('ListChannelMessages', 'GET', `/channels/${pathSegment(channelArn)}/messages`, {
      query: {
        'sort-order': options.sortOrder,
        'not-before': options.notBefore === undefined ? undefined : iso(options.notBefore),
        'not-after': options.notAfter === undefined ? undefined : iso(options.notAfter),
        'max-results': str(options.maxResults),
        'next-token': options.nextToken,
      },
    });
    const items = normaliseTimes<ChimeMessage[]>(body.ChannelMessages ?? []).map((m) => ({ ...m, ChannelArn: channelArn }));
    return { items, nextToken: typeof body.NextToken === 'string' ? body.NextToken : undefined };
  }

  /** `GET /channels/{arn}/messages/{id}`. */
  async getChannelMessage(channelArn: string, messageId: string): Promise<ChimeMessage> {
    channelArn = checkedArn(channelArn);
    checkedMessageId(messageId, 'messageId');
    const body = await this.#call('GetChannelMessage', 'GET', `/channels/${pathSegment(channelArn)}/messages/${pathSegment(messageId)}`);
    return normaliseTimes<ChimeMessage>(body.ChannelMessage);
  }

  /** `PUT /channels/{arn}/messages/{id}`: edits a message (UPDATE_CHANNEL_MESSAGE to members). */
  async updateChannelMessage(channelArn: string, messageId: string, update: { Content: string; Metadata?: string; ContentType?: string }): Promise<void> {
    channelArn = checkedArn(channelArn);
    checkedMessageId(messageId, 'messageId');
    checkSendMessage(update);
    await this.#call('UpdateChannelMessage', 'PUT', `/channels/${pathSegment(channelArn)}/messages/${pathSegment(messageId)}`, { body: update });
  }

  /** `POST /channels/{arn}/messages/{id}?operation=redact` (REDACT_CHANNEL_MESSAGE). */
  async redactChannelMessage(channelArn: string, messageId: string): Promise<void> {
    channelArn = checkedArn(channelArn);
    checkedMessageId(messageId, 'messageId');
    await this.#call('RedactChannelMessage', 'POST', `/channels/${pathSegment(channelArn)}/messages/${pathSegment(messageId)}`, { query: { operation: 'redact' } });
  }

  /** `DELETE /channels/{arn}/messages/{id}`: hard delete, admins only (DELETE_CHANNEL_MESSAGE). */
  async deleteChannelMessage(channelArn: string, messageId: string): Promise<void> {
    channelArn = checkedArn(channelArn);
    checkedMessageId(messageId, 'messageId');
    await this.#call('DeleteChannelMessage', 'DELETE', `/channels/${pathSegment(channelArn)}/messages/${pathSegment(messageId)}`);
  }

  /** `GET /channels?scope=app-instance-user-memberships` (spec A4.6 #3). */
  async listChannelMembershipsForAppInstanceUser(
    options: { appInstanceUserArn?: string; maxResults?: number; nextToken?: string } = {},
  ): Promise<ChimePage<{ ChannelSummary: ChimeChannel; AppInstanceUserMembershipSummary?: { Type?: string; ReadMarkerTimestamp?: number } }>> {
    const o = requireObject(options, 'options', true);
    checkPaging(o, 'options');
    if (o.appInstanceUserArn !== undefined) checkedMember(o.appInstanceUserArn, 'options.appInstanceUserArn');
    const body = await this.#call('ListChannelMembershipsForAppInstanceUser', 'GET', '/channels', {
      query: { scope: 'app-instance-user-memberships', 'app-instance-user-arn': options.appInstanceUserArn ?? this.bearer, 'max-results': str(options.maxResults), 'next-token': options.nextToken },
    });
    return { items: normaliseTimes(body.ChannelMemberships ?? []), nextToken: typeof body.NextToken === 'string' ? body.NextToken : undefined };
  }

  /** `GET /channels/{arn}/memberships`: the members of a channel. */
  async listChannelMemberships(channelArn: string, options: { maxResults?: number; nextToken?: string } = {}): Promise<ChimePage<ChimeMembership>> {
    channelArn = checkedArn(channelArn);
    checkPaging(requireObject(options, 'options', true), 'options');
    const body = await this.#call('ListChannelMemberships', 'GET', `/channels/${pathSegment(channelArn)}/memberships`, {
      query: { 'max-results': str(options.maxResults), 'next-token': options.nextToken },
    });
    return { items: normaliseTimes(body.ChannelMemberships ?? []), nextToken: typeof body.NextToken === 'string' ? body.NextToken : undefined };
  }

  /** `PUT /channels/{arn}/readMarker` (spec A4.6 #4; no body, as the newest SDK). */
  async updateChannelReadMarker(channelArn: string): Promise<void> {
    channelArn = checkedArn(channelArn);
    await this.#call('UpdateChannelReadMarker', 'PUT', `/channels/${pathSegment(channelArn)}/readMarker`);
  }

  /** `POST /channels`: creates a channel in an AppInstance (admin). */
  async createChannel(input: { AppInstanceArn: string; Name: string; ChannelId?: string; Mode?: 'UNRESTRICTED' | 'RESTRICTED'; Privacy?: 'PUBLIC' | 'PRIVATE'; Metadata?: string }): Promise<string> {
    const i = requireObject(input, 'input');
    if (typeof i.Name !== 'string' || i.Name.length === 0 || i.Name.length > 256) throw invalidArgument('input.Name', 'must be 1..256 characters');
    checkMetadata(i.Metadata, 'input.Metadata');
    const body = await this.#call('CreateChannel', 'POST', '/channels', { body: { Mode: 'RESTRICTED', Privacy: 'PRIVATE', ClientRequestToken: token(), ...input } });
    return String(body.ChannelArn);
  }

  /** `PUT /channels/{arn}`: renames a channel (UPDATE_CHANNEL to members). */
  async updateChannel(channelArn: string, input: { Name?: string; Metadata?: string; Mode?: string }): Promise<void> {
    channelArn = checkedArn(channelArn);
    checkMetadata(requireObject(input, 'input').Metadata, 'input.Metadata');
    await this.#call('UpdateChannel', 'PUT', `/channels/${pathSegment(channelArn)}`, { body: input });
  }

  /** `DELETE /channels/{arn}` (DELETE_CHANNEL to members). */
  async deleteChannel(channelArn: string): Promise<void> {
    channelArn = checkedArn(channelArn);
    await this.#call('DeleteChannel', 'DELETE', `/channels/${pathSegment(channelArn)}`);
  }

  /** `POST /channels/{arn}/memberships` (CREATE_CHANNEL_MEMBERSHIP). */
  async createChannelMembership(channelArn: string, member: string, type: 'DEFAULT' | 'HIDDEN' = 'DEFAULT'): Promise<void> {
    channelArn = checkedArn(channelArn);
    const memberArn = checkedMember(member, 'memberArn');
    await this.#call('CreateChannelMembership', 'POST', `/channels/${pathSegment(channelArn)}/memberships`, { body: { MemberArn: memberArn, Type: type } });
  }

  /** `POST /channels/{arn}/memberships?operation=batch-create` (BATCH_CREATE_CHANNEL_MEMBERSHIP). */
  async batchCreateChannelMembership(channelArn: string, memberArns: string[], type: 'DEFAULT' | 'HIDDEN' = 'DEFAULT'): Promise<void> {
    channelArn = checkedArn(channelArn);
    if (!Array.isArray(memberArns) || memberArns.length === 0 || memberArns.length > 100) throw invalidArgument('memberArns', 'must be an array of 1..100 member ARNs');
    for (const [i, m] of memberArns.entries()) checkedMember(m, `memberArns[${i}]`);
    await this.#call('BatchCreateChannelMembership', 'POST', `/channels/${pathSegment(channelArn)}/memberships`, {
      query: { operation: 'batch-create' },
      body: { MemberArns: memberArns, Type: type },
    });
  }

  /** `DELETE /channels/{arn}/memberships/{memberArn}` (DELETE_CHANNEL_MEMBERSHIP). */
  async deleteChannelMembership(channelArn: string, member: string): Promise<void> {
    channelArn = checkedArn(channelArn);
    const memberArn = checkedMember(member, 'memberArn');
    await this.#call('DeleteChannelMembership', 'DELETE', `/channels/${pathSegment(channelArn)}/memberships/${pathSegment(memberArn)}`);
  }
}

/**
 * `POST /app-instance-users` on the Chime SDK Identity endpoint (`identity-chime.{region}.amazonaws.com`,
 * signing name `chime`): creates an AppInstanceUser and returns its ARN.
 *
 * @example
 * ```ts
 * const userArn = await createAppInstanceUser({ endpoint: identityEndpoint, region, credentials, fetch }, { AppInstanceArn, AppInstanceUserId: 'ada', Name: 'Ada' });
 * ```
 */
export async function createAppInstanceUser(target: ChimeRestTarget, input: { AppInstanceArn: string; AppInstanceUserId: string; Name: string }): Promise<string> {
  checkTarget(target);
  const i = requireObject(input, 'input');
  if (!isAppInstanceArn(i.AppInstanceArn)) throw invalidArgument('input.AppInstanceArn', 'must be arn:aws:chime:{region}:{account}:app-instance/{id}');
  if (typeof i.AppInstanceUserId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(i.AppInstanceUserId)) throw invalidArgument('input.AppInstanceUserId', 'must be 1..64 characters of [A-Za-z0-9_-]');
  if (typeof i.Name !== 'string' || i.Name.length === 0 || i.Name.length > 100) throw invalidArgument('input.Name', 'must be 1..100 characters');
  const body = await chimeRequest(target, 'CreateAppInstanceUser', 'POST', '/app-instance-users', { body: { ...input, ClientRequestToken: token() } });
  return String(body.AppInstanceUserArn);
}
