import { decodePathSegment } from '../core/decodePathSegment.js';
import type { ChimeCredentialStore, ChimePrincipal } from './ChimeCredentials.js';
import { ChimeFault, type ChimeModel, renderChannel, renderMessage, type StoredChannel } from './ChimeModel.js';
import { authorize } from './chimeAuthorize.js';
import { checkClientRequestToken, checkMetadata, paginate } from './chimeValidate.js';

/**
 * What a REST handler may do besides reading the model: push an event to the members'
 * sockets (`fanOut`), answer with a status and body.
 */
export interface RouteContext {
  model: ChimeModel;
  /** Who signed the request, and what each signer may act as. */
  principal: ChimePrincipal;
  credentials: ChimeCredentialStore;
  bearer: string | undefined;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Sends one event to the sessions of `to` (default: every member of the channel). */
  fanOut(channel: StoredChannel, eventType: string, payload: unknown, options?: { messageType?: string; to?: string[] }): void;
  throttled: boolean;
}

/** A REST answer. */
export interface RouteAnswer {
  status: number;
  body?: unknown;
}

const seg = (s: string): string => {
  const decoded = decodePathSegment(s);
  if (decoded === undefined) throw new ChimeFault(400, 'BadRequest', 'a path segment is not valid percent-encoding');
  return decoded;
};

const NO_OPERATION = () => new ChimeFault(404, 'NotFound', 'no such operation');

/**
 * Dispatches one Chime SDK Messaging / Identity REST call (spec A1.1, A4.6), already
 * signature-verified. Paths are matched on percent-decoded segments: an ARN is one segment.
 * Every messaging call checks, in order: the bearer (present, an AppInstanceUser), that the
 * signer may act as it (per-user credentials: only as their user), the request's fields, and
 * the bearer's role on the channel (`authorize`).
 *
 * @example
 * ```ts
 * const answer = routeChimeRest('GET', ['channels', arn, 'messages'], context);
 * ```
 */
export function routeChimeRest(method: string, parts: string[], ctx: RouteContext): RouteAnswer {
  const { model, query } = ctx;
  const [root, rawArn, sub, rawId] = parts;
  if (method === 'GET' && root === 'endpoints' && rawArn === 'messaging-session' && parts.length === 2) return { status: 200 };
  if (method === 'POST' && root === 'app-instance-users' && parts.length === 1) {
    ctx.credentials.requireShared(ctx.principal, 'CreateAppInstanceUser');
    if (ctx.body.AppInstanceArn !== model.appInstanceArn) throw new ChimeFault(400, 'BadRequest', 'AppInstanceArn does not name this AppInstance');
    checkMetadata(ctx.body.Metadata);
    checkClientRequestToken(ctx.body.ClientRequestToken);
    const arn = model.createUser(String(ctx.body.AppInstanceUserId ?? ''), String(ctx.body.Name ?? ''));
    return { status: 201, body: { AppInstanceUserArn: arn } };
  }
  // CreateAppInstanceAdmin: POST /app-instances/{appInstanceArn}/admins {AppInstanceAdminArn} → 201.
  if (method === 'POST' && root === 'app-instances' && sub === 'admins' && parts.length === 3) {
    ctx.credentials.requireShared(ctx.principal, 'CreateAppInstanceAdmin');
    if (seg(rawArn ?? '') !== model.appInstanceArn) throw new ChimeFault(404, 'NotFound', 'the AppInstance does not exist');
    const arn = model.createAdmin(ctx.body.AppInstanceAdminArn);
    return { status: 201, body: { AppInstanceAdmin: model.identity(arn), AppInstanceArn: model.appInstanceArn } };
  }
  if (root !== 'channels') throw NO_OPERATION();
  const bearer = model.requireUser(ctx.bearer);
  ctx.credentials.requireActAs(ctx.principal, bearer);
  if (parts.length === 1) {
    if (method === 'POST') return { status: 201, body: { ChannelArn: model.createChannel(bearer, ctx.body).ChannelArn } };
    if (method === 'GET' && query.get('scope') === 'app-instance-user-memberships') {
      const user = query.get('app-instance-user-arn') ?? bearer;
      // auth-by-role: only an AppInstanceAdmin may "populate the AppInstanceUserArn with another AppInstanceUser".
      if (user !== bearer && !model.admins.has(bearer))
        throw new ChimeFault(403, 'Forbidden', 'ListChannelMembershipsForAppInstanceUser: only an AppInstanceAdmin may list the memberships of another user');
      const mine = [...model.channels.values()].filter((c) => c.members.has(user));
      const { items, next } = paginate(mine, query);
      return {
        status: 200,
        body: {
          ChannelMemberships: items.map((c) => ({
            ChannelSummary: renderChannel(c, 'rest'),
            AppInstanceUserMembershipSummary: { Type: c.members.get(user)?.type, ReadMarkerTimestamp: (c.members.get(user)?.readMarker ?? 0) / 1000 },
          })),
          ...(next ? { NextToken: next } : {}),
        },
      };
    }
    throw NO_OPERATION();
  }
  const arn = seg(rawArn ?? '');
  if (sub === undefined) {
    const c = model.channel(arn);
    if (method === 'GET') {
      authorize(model, c, bearer, 'DescribeChannel');
      return { status: 200, body: { Channel: renderChannel(c, 'rest') } };
    }
    if (method === 'PUT') {
      authorize(model, c, bearer, 'UpdateChannel');
      if (ctx.body.Name !== undefined && (typeof ctx.body.Name !== 'string' || ctx.body.Name.length < 1 || ctx.body.Name.length > 256))
        throw new ChimeFault(400, 'BadRequest', 'Name must be 1..256 characters');
      const metadata = checkMetadata(ctx.body.Metadata);
      if (ctx.body.Mode !== undefined && ctx.body.Mode !== 'UNRESTRICTED' && ctx.body.Mode !== 'RESTRICTED') throw new ChimeFault(400, 'BadRequest', 'Mode must be UNRESTRICTED or RESTRICTED');
      if (typeof ctx.body.Name === 'string') c.Name = ctx.body.Name;
      if (metadata !== undefined) c.Metadata = metadata;
      if (typeof ctx.body.Mode === 'string') c.Mode = ctx.body.Mode;
      c.LastUpdatedTimestamp = model.now();
      ctx.fanOut(c, 'UPDATE_CHANNEL', renderChannel(c, 'ws'));
      return { status: 200, body: { ChannelArn: arn } };
    }
    if (method === 'DELETE') {
      authorize(model, c, bearer, 'DeleteChannel');
      ctx.fanOut(c, 'DELETE_CHANNEL', renderChannel(c, 'ws'));
      model.channels.delete(arn);
      return { status: 204 };
    }
  }
  if (sub === 'messages') return messages(method, arn, rawId === undefined ? undefined : seg(rawId), bearer, ctx);
  if (sub === 'memberships') return memberships(method, arn, rawId === undefined ? undefined : seg(rawId), bearer, ctx);
  if (sub === 'moderators') return moderators(method, arn, rawId === undefined ? undefined : seg(rawId), bearer, ctx);
  if (sub === 'readMarker' && method === 'PUT' && rawId === undefined) {
    const c = model.channel(arn);
    authorize(model, c, bearer, 'UpdateChannelReadMarker');
    const m = c.members.get(bearer);
    if (m) m.readMarker = model.now();
    return { status: 200, body: { ChannelArn: arn } };
  }
  throw NO_OPERATION();
}

function messages(method: string, arn: string, id: string | undefined, bearer: string, ctx: RouteContext): RouteAnswer {
  const { model } = ctx;
  const c = model.channel(arn);
  if (id === undefined) {
    if (method === 'GET') {
      authorize(model, c, bearer, 'ListChannelMessages');
      const { items, next } = model.listMessages(c, ctx.query, bearer);
      return { status: 200, body: { ChannelArn: arn, ChannelMessages: items.map((m) => summary(renderMessage(arn, m, 'rest'))), ...(next ? { NextToken: next } : {}) } };
    }
    if (method === 'POST') {
      authorize(model, c, bearer, 'SendChannelMessage');
      if (ctx.throttled) throw new ChimeFault(429, 'Throttled', 'the request was throttled (emulator fault)');
      const m = model.addMessage(c, bearer, ctx.body);
      // A targeted message reaches only its sender and its target.
      const to = m.Target ? [bearer, ...m.Target.map((t) => t.MemberArn)] : undefined;
      ctx.fanOut(c, 'CREATE_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type, ...(to ? { to } : {}) });
      return { status: 201, body: { ChannelArn: arn, MessageId: m.MessageId, Status: { Value: 'SENT' } } };
    }
  } else {
    const audience = (m: { Target?: Array<{ MemberArn: string }>; Sender: { Arn: string } }) => (m.Target ? { to: [m.Sender.Arn, ...m.Target.map((t) => t.MemberArn)] } : {});
    if (method === 'GET') {
      authorize(model, c, bearer, 'GetChannelMessage');
      return { status: 200, body: { ChannelMessage: renderMessage(arn, model.message(c, id, bearer), 'rest') } };
    }
    if (method === 'PUT') {
      // Readers first: a non-member learns nothing about which message ids exist.
      authorize(model, c, bearer, 'GetChannelMessage');
      const m = model.message(c, id, bearer);
      authorize(model, c, bearer, 'UpdateChannelMessage', { sender: m.Sender.Arn });
      if (typeof ctx.body.Content !== 'string' || ctx.body.Content.length < 1) throw new ChimeFault(400, 'BadRequest', 'Content must be at least 1 character');
      const metadata = checkMetadata(ctx.body.Metadata);
      m.Content = ctx.body.Content;
      if (metadata !== undefined) m.Metadata = metadata;
      m.LastEditedTimestamp = m.LastUpdatedTimestamp = model.now();
      ctx.fanOut(c, 'UPDATE_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type, ...audience(m) });
      return { status: 200, body: { ChannelArn: arn, MessageId: id, Status: { Value: 'SENT' } } };
    }
    if (method === 'POST' && ctx.query.get('operation') === 'redact') {
      authorize(model, c, bearer, 'GetChannelMessage');
      const m = model.message(c, id, bearer);
      authorize(model, c, bearer, 'RedactChannelMessage', { sender: m.Sender.Arn });
      m.Redacted = true;
      m.LastUpdatedTimestamp = model.now();
      ctx.fanOut(c, 'REDACT_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type, ...audience(m) });
      return { status: 200, body: { ChannelArn: arn, MessageId: id } };
    }
    if (method === 'DELETE') {
      authorize(model, c, bearer, 'DeleteChannelMessage');
      // "administrators can delete targeted messages that they can't see" (SendChannelMessage `Target`).
      const m = model.message(c, id, bearer, true);
      m.deleted = true;
      ctx.fanOut(c, 'DELETE_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type, ...audience(m) });
      return { status: 204 };
    }
  }
  throw NO_OPERATION();
}

function memberships(method: string, arn: string, member: string | undefined, bearer: string, ctx: RouteContext): RouteAnswer {
  const { model } = ctx;
  const c = model.channel(arn);
  const render = (arnOf: string) => ({
    ChannelArn: arn,
    Member: model.identity(arnOf),
    InvitedBy: model.identity(c.members.get(arnOf)?.invitedBy ?? bearer),
    Type: c.members.get(arnOf)?.type ?? 'DEFAULT',
  });
  if (member === undefined && method === 'GET') {
    authorize(model, c, bearer, 'ListChannelMemberships');
    const { items, next } = paginate([...c.members.keys()], ctx.query);
    return { status: 200, body: { ChannelArn: arn, ChannelMemberships: items.map((a) => ({ Member: model.identity(a) })), ...(next ? { NextToken: next } : {}) } };
  }
  if (member === undefined && method === 'POST') {
    if (ctx.body.Type !== undefined && ctx.body.Type !== 'DEFAULT' && ctx.body.Type !== 'HIDDEN') throw new ChimeFault(400, 'BadRequest', 'Type must be DEFAULT or HIDDEN');
    const type = ctx.body.Type === 'HIDDEN' ? 'HIDDEN' : 'DEFAULT';
    const batch = ctx.query.get('operation') === 'batch-create';
    const raw = batch ? ctx.body.MemberArns : [ctx.body.MemberArn];
    // BatchCreateChannelMembership: MemberArns holds 1..100 ARNs.
    if (!Array.isArray(raw) || raw.length < 1 || raw.length > 100 || !raw.every((a) => typeof a === 'string'))
      throw new ChimeFault(400, 'BadRequest', batch ? 'MemberArns must be 1..100 ARNs' : 'MemberArn must be an ARN');
    const arns = raw as string[];
    authorize(model, c, bearer, 'CreateChannelMembership', { members: arns });
    for (const a of arns) if (!model.users.has(a)) throw new ChimeFault(404, 'NotFound', 'the member is not an AppInstanceUser');
    const at = model.now();
    for (const a of arns) c.members.set(a, { type, createdAt: at, invitedBy: bearer });
    if (batch) {
      ctx.fanOut(c, 'BATCH_CREATE_CHANNEL_MEMBERSHIP', { ChannelArn: arn, InvitedBy: model.identity(bearer), Type: type, Members: arns.map((a) => model.identity(a)) });
      return { status: 200, body: { BatchChannelMemberships: { ChannelArn: arn, Members: arns.map((a) => model.identity(a)) }, Errors: [] } };
    }
    ctx.fanOut(c, 'CREATE_CHANNEL_MEMBERSHIP', { ...render(arns[0] ?? ''), CreatedTimestamp: new Date(at).toISOString() });
    return { status: 201, body: { ChannelArn: arn, Member: model.identity(arns[0] ?? '') } };
  }
  if (member !== undefined && method === 'DELETE') {
    authorize(model, c, bearer, 'DeleteChannelMembership', { members: [member] });
    if (!c.members.has(member)) throw new ChimeFault(404, 'NotFound', 'not a member');
    ctx.fanOut(c, 'DELETE_CHANNEL_MEMBERSHIP', render(member));
    c.members.delete(member);
    return { status: 204 };
  }
  if (member !== undefined && method === 'GET') {
    authorize(model, c, bearer, 'DescribeChannelMembership');
    if (!c.members.has(member)) throw new ChimeFault(404, 'NotFound', 'not a member');
    return { status: 200, body: { ChannelMembership: render(member) } };
  }
  throw NO_OPERATION();
}

/** CreateChannelModerator, DeleteChannelModerator, ListChannelModerators. */
function moderators(method: string, arn: string, moderator: string | undefined, bearer: string, ctx: RouteContext): RouteAnswer {
  const { model } = ctx;
  const c = model.channel(arn);
  if (moderator === undefined && method === 'GET') {
    authorize(model, c, bearer, 'ListChannelModerators');
    const { items, next } = paginate([...c.moderators], ctx.query);
    return { status: 200, body: { ChannelArn: arn, ChannelModerators: items.map((a) => ({ Moderator: model.identity(a) })), ...(next ? { NextToken: next } : {}) } };
  }
  if (moderator === undefined && method === 'POST') {
    authorize(model, c, bearer, 'CreateChannelModerator');
    const who = ctx.body.ChannelModeratorArn;
    if (typeof who !== 'string' || !model.users.has(who)) throw new ChimeFault(404, 'NotFound', 'ChannelModeratorArn is not an AppInstanceUser of this AppInstance');
    c.moderators.add(who);
    return { status: 201, body: { ChannelArn: arn, ChannelModerator: model.identity(who) } };
  }
  if (moderator !== undefined && method === 'DELETE') {
    authorize(model, c, bearer, 'DeleteChannelModerator');
    if (!c.moderators.delete(moderator)) throw new ChimeFault(404, 'NotFound', 'not a moderator of the channel');
    return { status: 204 };
  }
  throw NO_OPERATION();
}

/** `ChannelMessageSummary` = ChannelMessage minus ChannelArn, Persistence, SubChannelId (spec A2.5). */
function summary(m: Record<string, unknown>): Record<string, unknown> {
  const { ChannelArn: _a, Persistence: _p, SubChannelId: _s, ...rest } = m;
  return rest;
}
