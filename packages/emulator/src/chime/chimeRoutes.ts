import { ChimeFault, type ChimeModel, renderChannel, renderMessage, type StoredChannel } from './ChimeModel.js';

/**
 * What a REST handler may do besides reading the model: push an event to the members'
 * sockets (`fanOut`), answer with a status and body.
 */
export interface RouteContext {
  model: ChimeModel;
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

const seg = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ChimeFault(400, 'BadRequest', 'a path segment is not valid percent-encoding');
  }
};

/**
 * Dispatches one Chime SDK Messaging / Identity REST call (spec A1.1, A4.6), already
 * signature-verified. Paths are matched on percent-decoded segments: an ARN is one segment.
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
    if (ctx.body.AppInstanceArn !== model.appInstanceArn) throw new ChimeFault(400, 'BadRequest', 'AppInstanceArn does not name this AppInstance');
    const arn = model.createUser(String(ctx.body.AppInstanceUserId ?? ''), String(ctx.body.Name ?? ''));
    return { status: 201, body: { AppInstanceUserArn: arn } };
  }
  if (root !== 'channels') throw new ChimeFault(404, 'NotFound', 'no such operation');
  const bearer = model.requireUser(ctx.bearer);
  if (parts.length === 1) {
    if (method === 'POST') return { status: 201, body: { ChannelArn: model.createChannel(bearer, ctx.body).ChannelArn } };
    if (method === 'GET' && query.get('scope') === 'app-instance-user-memberships') {
      const user = query.get('app-instance-user-arn') ?? bearer;
      if (user !== bearer) throw new ChimeFault(403, 'Forbidden', 'only an AppInstanceAdmin may list the memberships of another user');
      const mine = [...model.channels.values()].filter((c) => c.members.has(user));
      return {
        status: 200,
        body: {
          ChannelMemberships: mine.map((c) => ({
            ChannelSummary: renderChannel(c, 'rest'),
            AppInstanceUserMembershipSummary: { Type: c.members.get(user)?.type, ReadMarkerTimestamp: (c.members.get(user)?.readMarker ?? 0) / 1000 },
          })),
        },
      };
    }
    throw new ChimeFault(404, 'NotFound', 'no such operation');
  }
  const arn = seg(rawArn ?? '');
  if (sub === undefined) {
    const c = model.memberChannel(arn, bearer);
    if (method === 'GET') return { status: 200, body: { Channel: renderChannel(c, 'rest') } };
    if (method === 'PUT') {
      if (typeof ctx.body.Name === 'string') c.Name = ctx.body.Name;
      if (typeof ctx.body.Metadata === 'string') c.Metadata = ctx.body.Metadata;
      c.LastUpdatedTimestamp = model.now();
      ctx.fanOut(c, 'UPDATE_CHANNEL', renderChannel(c, 'ws'));
      return { status: 200, body: { ChannelArn: arn } };
    }
    if (method === 'DELETE') {
      ctx.fanOut(c, 'DELETE_CHANNEL', renderChannel(c, 'ws'));
      model.channels.delete(arn);
      return { status: 204 };
    }
  }
  if (sub === 'messages') return messages(method, arn, rawId === undefined ? undefined : seg(rawId), bearer, ctx);
  if (sub === 'memberships') return memberships(method, arn, rawId === undefined ? undefined : seg(rawId), bearer, ctx);
  if (sub === 'readMarker' && method === 'PUT' && rawId === undefined) {
    const c = model.memberChannel(arn, bearer);
    const m = c.members.get(bearer);
    if (m) m.readMarker = model.now();
    return { status: 200, body: { ChannelArn: arn } };
  }
  throw new ChimeFault(404, 'NotFound', 'no such operation');
}

function messages(method: string, arn: string, id: string | undefined, bearer: string, ctx: RouteContext): RouteAnswer {
  const { model } = ctx;
  const c = model.memberChannel(arn, bearer);
  if (id === undefined) {
    if (method === 'GET') {
      const { items, next } = model.listMessages(c, ctx.query);
      return { status: 200, body: { ChannelArn: arn, ChannelMessages: items.map((m) => summary(renderMessage(arn, m, 'rest'))), ...(next ? { NextToken: next } : {}) } };
    }
    if (method === 'POST') {
      if (ctx.throttled) throw new ChimeFault(429, 'Throttled', 'the request was throttled (emulator fault)');
      const m = model.addMessage(c, bearer, ctx.body);
      ctx.fanOut(c, 'CREATE_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type });
      return { status: 201, body: { ChannelArn: arn, MessageId: m.MessageId, Status: { Value: 'SENT' } } };
    }
  } else {
    const m = model.message(c, id);
    if (method === 'GET') return { status: 200, body: { ChannelMessage: renderMessage(arn, m, 'rest') } };
    if (method === 'PUT') {
      if (m.Sender.Arn !== bearer) throw new ChimeFault(403, 'Forbidden', 'only the sender may edit a message');
      if (typeof ctx.body.Content !== 'string' || ctx.body.Content.length < 1) throw new ChimeFault(400, 'BadRequest', 'Content must be at least 1 character');
      m.Content = ctx.body.Content;
      if (typeof ctx.body.Metadata === 'string') m.Metadata = ctx.body.Metadata;
      m.LastEditedTimestamp = m.LastUpdatedTimestamp = model.now();
      ctx.fanOut(c, 'UPDATE_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type });
      return { status: 200, body: { ChannelArn: arn, MessageId: id, Status: { Value: 'SENT' } } };
    }
    if (method === 'POST' && ctx.query.get('operation') === 'redact') {
      m.Redacted = true;
      m.LastUpdatedTimestamp = model.now();
      ctx.fanOut(c, 'REDACT_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type });
      return { status: 200, body: { ChannelArn: arn, MessageId: id } };
    }
    if (method === 'DELETE') {
      m.deleted = true;
      ctx.fanOut(c, 'DELETE_CHANNEL_MESSAGE', renderMessage(arn, m, 'ws'), { messageType: m.Type });
      return { status: 204 };
    }
  }
  throw new ChimeFault(404, 'NotFound', 'no such operation');
}

function memberships(method: string, arn: string, member: string | undefined, bearer: string, ctx: RouteContext): RouteAnswer {
  const { model } = ctx;
  const c = model.memberChannel(arn, bearer);
  const render = (arnOf: string) => ({
    ChannelArn: arn,
    Member: model.identity(arnOf),
    InvitedBy: model.identity(c.members.get(arnOf)?.invitedBy ?? bearer),
    Type: c.members.get(arnOf)?.type ?? 'DEFAULT',
  });
  if (member === undefined && method === 'GET') {
    const max = Number(ctx.query.get('max-results') ?? 50);
    const all = [...c.members.keys()];
    const start = ctx.query.get('next-token') ? Number(Buffer.from(ctx.query.get('next-token') ?? '', 'base64url').toString()) : 0;
    const page = all.slice(start, start + max);
    const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
    return { status: 200, body: { ChannelArn: arn, ChannelMemberships: page.map((a) => ({ Member: model.identity(a) })), ...(next ? { NextToken: next } : {}) } };
  }
  if (member === undefined && method === 'POST') {
    const type = ctx.body.Type === 'HIDDEN' ? 'HIDDEN' : 'DEFAULT';
    const batch = ctx.query.get('operation') === 'batch-create';
    const arns = batch ? (Array.isArray(ctx.body.MemberArns) ? ctx.body.MemberArns.map(String) : []) : [String(ctx.body.MemberArn ?? '')];
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
    if (!c.members.has(member)) throw new ChimeFault(404, 'NotFound', 'not a member');
    ctx.fanOut(c, 'DELETE_CHANNEL_MEMBERSHIP', render(member));
    c.members.delete(member);
    return { status: 204 };
  }
  if (member !== undefined && method === 'GET') {
    if (!c.members.has(member)) throw new ChimeFault(404, 'NotFound', 'not a member');
    return { status: 200, body: { ChannelMembership: render(member) } };
  }
  throw new ChimeFault(404, 'NotFound', 'no such operation');
}

/** `ChannelMessageSummary` = ChannelMessage minus ChannelArn, Persistence, SubChannelId (spec A2.5). */
function summary(m: Record<string, unknown>): Record<string, unknown> {
  const { ChannelArn: _a, Persistence: _p, SubChannelId: _s, ...rest } = m;
  return rest;
}
