import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../startEmulator.js';
import { type Answer, type CallOptions, type Creds, call, enc } from './_chime.js';

// Issue 18, Chime: who may do what, over real HTTP, as the service documents it (the Chime SDK
// developer guide's "Understanding authorization by role" tables and the API reference). The
// world: `admin` (an AppInstanceAdmin), `mod` (creator, so moderator, of every channel), `mem`
// (a member of every channel), `out` (in no channel). `restricted` is RESTRICTED and PRIVATE,
// `open` UNRESTRICTED, `lobby` PUBLIC. Each user signs with the credentials issued for it.

let e: RunningEmulator;
let arn: (user: string) => string;
let creds: (user: string) => Creds;
const channel = (name: string) => `${e.endpoints.chime.appInstanceArn}/channel/${name}`;
const ch = (name: string) => `/channels/${enc(channel(name))}`;

/** A call signed by `user`'s own credentials with `user` as the bearer. */
const as = (user: string, method: string, path: string, body?: unknown): Promise<Answer> => call(e, creds(user), method, path, { bearer: arn(user), ...(body !== undefined ? { body } : {}) });

async function send(user: string, name: string, content = 'hi', extra: Record<string, unknown> = {}): Promise<string> {
  const r = await as(user, 'POST', `${ch(name)}/messages`, { Content: content, ...extra });
  expect(r.status, r.text).toBe(201);
  return r.json.MessageId as string;
}

async function newChannel(name: string, body: Record<string, unknown> = {}): Promise<void> {
  const r = await as('mod', 'POST', '/channels', { AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: name, ChannelId: name, ...body });
  expect(r.status, r.text).toBe(201);
  for (const m of ['mem']) expect((await as('mod', 'POST', `${ch(name)}/memberships`, { MemberArn: arn(m) })).status).toBe(201);
}

beforeAll(async () => {
  e = await startEmulator({ port: 0, chime: { users: ['admin', 'mod', 'mem', 'out', 'leaver'] } });
  arn = (user) => `${e.endpoints.chime.appInstanceArn}/user/${user}`;
  creds = (user) => e.chime.credentialsFor(arn(user));
  await newChannel('restricted', { Mode: 'RESTRICTED', Privacy: 'PRIVATE' });
  await newChannel('open', { Mode: 'UNRESTRICTED' });
  await newChannel('lobby', { Privacy: 'PUBLIC' });
});
afterAll(() => e?.close());

const forbidden = { status: 403, errorType: 'ForbiddenException' };

describe('Chime: one user cannot act as another', () => {
  it.each<[string, () => Promise<Answer>, Partial<Answer>, RegExp?]>([
    ['mem signs, bearer mod', () => call(e, creds('mem'), 'POST', `${ch('restricted')}/messages`, { bearer: arn('mod'), body: { Content: 'x' } }), forbidden, /may not act as/],
    [
      'the shared pair, bearer mem (shortcut off)',
      () => call(e, e.endpoints.chime.credentials, 'POST', `${ch('restricted')}/messages`, { bearer: arn('mem'), body: { Content: 'x' } }),
      forbidden,
      /credentialsFor/,
    ],
    [
      "mod's signed request with the bearer added after signing",
      () => call(e, creds('mod'), 'POST', `${ch('restricted')}/messages`, { bearer: arn('mod'), unsignedBearer: true, body: { Content: 'x' } }),
      forbidden,
      /not signed: x-amz-chime-bearer/,
    ],
    [
      'a SignedHeaders list reordered after signing',
      () =>
        call(e, creds('mem'), 'GET', `${ch('restricted')}/messages`, {
          bearer: arn('mem'),
          tamper: (a) => a.replace(/SignedHeaders=([^,]+)/, (_m, list: string) => `SignedHeaders=${list.split(';').reverse().join(';')}`),
        }),
      forbidden,
      /sorted/,
    ],
    [
      'a SignedHeaders list upper-cased',
      () =>
        call(e, creds('mem'), 'GET', `${ch('restricted')}/messages`, {
          bearer: arn('mem'),
          tamper: (a) => a.replace(/SignedHeaders=([^,]+)/, (_m, list: string) => `SignedHeaders=${list.replace('host', 'Host')}`),
        }),
      forbidden,
      /lower-case/,
    ],
    [
      "a user's credentials: CreateAppInstanceUser",
      () => call(e, creds('mem'), 'POST', '/app-instance-users', { body: { AppInstanceArn: e.endpoints.chime.appInstanceArn, AppInstanceUserId: 'sneaky', Name: 'x' } }),
      forbidden,
    ],
    [
      "a user's credentials: CreateAppInstanceAdmin",
      () => call(e, creds('mem'), 'POST', `/app-instances/${enc(e.endpoints.chime.appInstanceArn)}/admins`, { body: { AppInstanceAdminArn: arn('mem') } }),
      forbidden,
    ],
  ])('%s: refused', async (_name, run, expected, message) => {
    const r = await run();
    expect(r).toMatchObject(expected);
    expect(r.json).toMatchObject({ Code: 'Forbidden', Message: expect.any(String) });
    if (message) expect(r.json.Message).toMatch(message);
    for (const u of ['mem', 'mod']) expect(r.text).not.toContain(creds(u).secretAccessKey);
  });

  it("the shared pair provisions: users and admins (and an admin's powers follow)", async () => {
    const shared = e.endpoints.chime.credentials;
    const made = await call(e, shared, 'POST', '/app-instance-users', { body: { AppInstanceArn: e.endpoints.chime.appInstanceArn, AppInstanceUserId: 'boss', Name: 'Boss' } });
    expect(made).toMatchObject({ status: 201, json: { AppInstanceUserArn: arn('boss') } });
    const id = await send('mem', 'open', 'to be deleted');
    expect((await as('boss', 'DELETE', `${ch('open')}/messages/${id}`)).status).toBe(403);
    const admin = await call(e, shared, 'POST', `/app-instances/${enc(e.endpoints.chime.appInstanceArn)}/admins`, { body: { AppInstanceAdminArn: arn('boss') } });
    expect(admin).toMatchObject({ status: 201, json: { AppInstanceAdmin: { Arn: arn('boss') }, AppInstanceArn: e.endpoints.chime.appInstanceArn } });
    expect((await as('boss', 'DELETE', `${ch('open')}/messages/${id}`)).status).toBe(204);
  });

  it('the quick-start shortcut (sharedCredentialsActAsAnyUser) lets the shared pair act as any user, and the ready line says so', async () => {
    const quick = await startEmulator({ port: 0, chime: { users: ['ada'], sharedCredentialsActAsAnyUser: true } });
    try {
      expect(quick.endpoints.chime.sharedCredentialsActAsAnyUser).toBe(true);
      expect(e.endpoints.chime.sharedCredentialsActAsAnyUser).toBe(false);
      const ada = `${quick.endpoints.chime.appInstanceArn}/user/ada`;
      const r = await call(quick, quick.endpoints.chime.credentials, 'POST', '/channels', { bearer: ada, body: { AppInstanceArn: quick.endpoints.chime.appInstanceArn, Name: 'q' } });
      expect(r.status).toBe(201);
      // Still no unsigned bearer, shortcut or not.
      const swapped = await call(quick, quick.endpoints.chime.credentials, 'GET', '/channels?scope=app-instance-user-memberships', { bearer: ada, unsignedBearer: true });
      expect(swapped.status).toBe(403);
    } finally {
      await quick.close();
    }
  });

  it('issued credentials: one pair per user, from credentialsFor and from the admin route alike; bad ARNs are a typed 400', async () => {
    const viaRoute = await fetch(e.endpoints.chime.userCredentialsUrl, { method: 'POST', body: JSON.stringify({ userArn: arn('mem') }) });
    expect(viaRoute.status).toBe(200);
    expect(await viaRoute.json()).toEqual(creds('mem'));
    expect(creds('mem').accessKeyId).not.toBe(creds('mod').accessKeyId);
    for (const userArn of ['nope', `${e.endpoints.chime.appInstanceArn}/channel/x`, 42, `${e.endpoints.chime.appInstanceArn}/user/a b`]) {
      const bad = await fetch(e.endpoints.chime.userCredentialsUrl, { method: 'POST', body: JSON.stringify({ userArn }) });
      expect(bad.status).toBe(400);
      expect((await bad.json()) as { error: string }).toMatchObject({ error: expect.stringContaining('userArn must be an AppInstanceUser ARN') });
    }
  });
});

type Row = [who: string, what: string, status: number, run: (who: string) => Promise<Answer>];

const rows: Row[] = [
  // UpdateChannel / DeleteChannel: moderators and admins.
  ['mem', 'UpdateChannel', 403, (u) => as(u, 'PUT', ch('restricted'), { Name: 'renamed' })],
  ['out', 'UpdateChannel', 403, (u) => as(u, 'PUT', ch('restricted'), { Name: 'renamed' })],
  ['mod', 'UpdateChannel', 200, (u) => as(u, 'PUT', ch('restricted'), { Name: 'renamed' })],
  ['admin', 'UpdateChannel (not a member)', 200, (u) => as(u, 'PUT', ch('restricted'), { Name: 'renamed again' })],
  ['mem', 'DeleteChannel', 403, (u) => as(u, 'DELETE', ch('open'))],
  [
    'mod',
    'DeleteChannel',
    204,
    async (u) => {
      await newChannel('gone-1');
      return as(u, 'DELETE', ch('gone-1'));
    },
  ],
  [
    'admin',
    'DeleteChannel',
    204,
    async (u) => {
      await newChannel('gone-2');
      return as(u, 'DELETE', ch('gone-2'));
    },
  ],
  // UpdateChannelMessage: the sender only.
  ['mem', 'UpdateChannelMessage of its own', 200, async (u) => as(u, 'PUT', `${ch('open')}/messages/${await send('mem', 'open')}`, { Content: 'edited' })],
  ['mod', "UpdateChannelMessage of mem's", 403, async (u) => as(u, 'PUT', `${ch('open')}/messages/${await send('mem', 'open')}`, { Content: 'edited' })],
  ['admin', "UpdateChannelMessage of mem's", 403, async (u) => as(u, 'PUT', `${ch('open')}/messages/${await send('mem', 'open')}`, { Content: 'edited' })],
  // RedactChannelMessage: a member its own; moderators and admins any.
  ['mem', 'RedactChannelMessage of its own', 200, async (u) => as(u, 'POST', `${ch('open')}/messages/${await send('mem', 'open')}?operation=redact`)],
  ['mem', "RedactChannelMessage of mod's", 403, async (u) => as(u, 'POST', `${ch('open')}/messages/${await send('mod', 'open')}?operation=redact`)],
  ['mod', "RedactChannelMessage of mem's", 200, async (u) => as(u, 'POST', `${ch('open')}/messages/${await send('mem', 'open')}?operation=redact`)],
  ['admin', "RedactChannelMessage of mem's", 200, async (u) => as(u, 'POST', `${ch('open')}/messages/${await send('mem', 'open')}?operation=redact`)],
  ['out', "RedactChannelMessage of mem's", 403, async (u) => as(u, 'POST', `${ch('open')}/messages/${await send('mem', 'open')}?operation=redact`)],
  // DeleteChannelMessage: AppInstanceAdmins only.
  ['mem', 'DeleteChannelMessage of its own', 403, async (u) => as(u, 'DELETE', `${ch('open')}/messages/${await send('mem', 'open')}`)],
  ['mod', "DeleteChannelMessage of mem's", 403, async (u) => as(u, 'DELETE', `${ch('open')}/messages/${await send('mem', 'open')}`)],
  ['admin', "DeleteChannelMessage of mem's", 204, async (u) => as(u, 'DELETE', `${ch('open')}/messages/${await send('mem', 'open')}`)],
  // Memberships: RESTRICTED needs a moderator or admin to add others; UNRESTRICTED lets members add.
  ['mem', 'CreateChannelMembership on RESTRICTED', 403, (u) => as(u, 'POST', `${ch('restricted')}/memberships`, { MemberArn: arn('out') })],
  ['mem', 'BatchCreateChannelMembership on RESTRICTED', 403, (u) => as(u, 'POST', `${ch('restricted')}/memberships?operation=batch-create`, { MemberArns: [arn('out')] })],
  ['out', 'CreateChannelMembership of itself on UNRESTRICTED (not a member)', 403, (u) => as(u, 'POST', `${ch('open')}/memberships`, { MemberArn: arn('out') })],
  ['mem', 'CreateChannelMembership on UNRESTRICTED', 201, (u) => as(u, 'POST', `${ch('open')}/memberships`, { MemberArn: arn('leaver') })],
  ['mod', 'CreateChannelMembership on RESTRICTED', 201, (u) => as(u, 'POST', `${ch('restricted')}/memberships`, { MemberArn: arn('leaver') })],
  ['mem', 'DeleteChannelMembership of another on RESTRICTED', 403, (u) => as(u, 'DELETE', `${ch('restricted')}/memberships/${enc(arn('mod'))}`)],
  ['leaver', 'DeleteChannelMembership of itself on RESTRICTED (leaving)', 204, (u) => as(u, 'DELETE', `${ch('restricted')}/memberships/${enc(arn('leaver'))}`)],
  ['admin', 'CreateChannelMembership on RESTRICTED (not a member)', 201, (u) => as(u, 'POST', `${ch('restricted')}/memberships`, { MemberArn: arn('leaver') })],
  ['mod', 'DeleteChannelMembership of another on RESTRICTED', 204, (u) => as(u, 'DELETE', `${ch('restricted')}/memberships/${enc(arn('leaver'))}`)],
  // Sending needs a membership, whatever the role.
  ['admin', 'SendChannelMessage (not a member)', 403, (u) => as(u, 'POST', `${ch('restricted')}/messages`, { Content: 'x' })],
  ['out', 'SendChannelMessage', 403, (u) => as(u, 'POST', `${ch('restricted')}/messages`, { Content: 'x' })],
  ['out', 'UpdateChannelReadMarker', 403, (u) => as(u, 'PUT', `${ch('restricted')}/readMarker`)],
  // Reading: members, managers, and anyone on a PUBLIC channel.
  ['out', 'ListChannelMessages on PRIVATE', 403, (u) => as(u, 'GET', `${ch('restricted')}/messages`)],
  ['out', 'DescribeChannel on PRIVATE', 403, (u) => as(u, 'GET', ch('restricted'))],
  ['out', 'ListChannelMessages on PUBLIC', 200, (u) => as(u, 'GET', `${ch('lobby')}/messages`)],
  ['out', 'ListChannelMemberships on PUBLIC', 200, (u) => as(u, 'GET', `${ch('lobby')}/memberships`)],
  ['out', 'SendChannelMessage on PUBLIC', 403, (u) => as(u, 'POST', `${ch('lobby')}/messages`, { Content: 'x' })],
  ['admin', 'ListChannelMessages on PRIVATE (not a member)', 200, (u) => as(u, 'GET', `${ch('restricted')}/messages`)],
  // Another user's memberships: AppInstanceAdmins only.
  ['mem', "ListChannelMembershipsForAppInstanceUser of mod's", 403, (u) => as(u, 'GET', `/channels?scope=app-instance-user-memberships&app-instance-user-arn=${enc(arn('mod'))}`)],
  ['admin', "ListChannelMembershipsForAppInstanceUser of mem's", 200, (u) => as(u, 'GET', `/channels?scope=app-instance-user-memberships&app-instance-user-arn=${enc(arn('mem'))}`)],
  // Moderators: managed by moderators and admins.
  ['mem', 'CreateChannelModerator', 403, (u) => as(u, 'POST', `${ch('restricted')}/moderators`, { ChannelModeratorArn: arn('mem') })],
  ['mem', 'ListChannelModerators', 403, (u) => as(u, 'GET', `${ch('restricted')}/moderators`)],
  ['mod', 'ListChannelModerators', 200, (u) => as(u, 'GET', `${ch('restricted')}/moderators`)],
];

describe('Chime: roles on every REST route (auth-by-role)', () => {
  it.each(rows)('%s: %s → %i', async (who, _what, status, run) => {
    const r = await run(who);
    expect(r.status, r.text).toBe(status);
    if (status === 403) expect(r).toMatchObject({ errorType: 'ForbiddenException', json: { Code: 'Forbidden', Message: expect.stringMatching(/^[A-Za-z]+: /) } });
  });

  it('a moderator made by a moderator gains its powers; removed, loses them', async () => {
    await newChannel('promote', { Mode: 'RESTRICTED' });
    expect((await as('mem', 'PUT', ch('promote'), { Name: 'x' })).status).toBe(403);
    expect((await as('mod', 'POST', `${ch('promote')}/moderators`, { ChannelModeratorArn: arn('mem') })).status).toBe(201);
    expect((await as('mem', 'PUT', ch('promote'), { Name: 'x' })).status).toBe(200);
    const listed = await as('mod', 'GET', `${ch('promote')}/moderators`);
    expect(listed.json.ChannelModerators.map((m: { Moderator: { Arn: string } }) => m.Moderator.Arn).sort()).toEqual([arn('mem'), arn('mod')].sort());
    expect((await as('mod', 'DELETE', `${ch('promote')}/moderators/${enc(arn('mem'))}`)).status).toBe(204);
    expect((await as('mem', 'PUT', ch('promote'), { Name: 'y' })).status).toBe(403);
  });

  it('a targeted message is seen by its sender and target only', async () => {
    await newChannel('targets', { Mode: 'UNRESTRICTED' });
    expect((await as('mem', 'POST', `${ch('targets')}/memberships`, { MemberArn: arn('leaver') })).status).toBe(201);
    const id = await send('mem', 'targets', 'psst', { Target: [{ MemberArn: arn('mod') }] });
    const seen = async (user: string) => ((await as(user, 'GET', `${ch('targets')}/messages`)).json.ChannelMessages as Array<{ MessageId: string }>).some((m) => m.MessageId === id);
    expect(await seen('mem')).toBe(true);
    expect(await seen('mod')).toBe(true);
    expect(await seen('leaver')).toBe(false);
    expect((await as('leaver', 'GET', `${ch('targets')}/messages/${id}`)).status).toBe(404);
  });
});

describe('Chime: documented 400s (BadRequestException), nothing changed', () => {
  const bad = { status: 400, errorType: 'BadRequestException', json: { Code: 'BadRequest' } };
  const opts = (body: unknown): CallOptions => ({ body });
  it.each<[string, () => Promise<Answer>, RegExp]>([
    ['SendChannelMessage Metadata of 1,025 characters', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', Metadata: 'm'.repeat(1025) }), /Metadata/],
    ['SendChannelMessage Metadata not a string', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', Metadata: { a: 1 } }), /Metadata/],
    ['CreateChannel Metadata of 1,025 characters', () => as('mem', 'POST', '/channels', { AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: 'n', Metadata: 'm'.repeat(1025) }), /Metadata/],
    ['UpdateChannel Metadata of 1,025 characters', () => as('mod', 'PUT', ch('open'), { Name: 'n', Metadata: 'm'.repeat(1025) }), /Metadata/],
    [
      'UpdateChannelMessage Metadata of 1,025 characters',
      async () => as('mem', 'PUT', `${ch('open')}/messages/${await send('mem', 'open')}`, { Content: 'x', Metadata: 'm'.repeat(1025) }),
      /Metadata/,
    ],
    [
      'CreateAppInstanceUser Metadata of 1,025 characters',
      () =>
        call(
          e,
          e.endpoints.chime.credentials,
          'POST',
          '/app-instance-users',
          opts({ AppInstanceArn: e.endpoints.chime.appInstanceArn, AppInstanceUserId: 'meta', Name: 'x', Metadata: 'm'.repeat(1025) }),
        ),
      /Metadata/,
    ],
    ['ClientRequestToken of 1 character', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', ClientRequestToken: 'x' }), /ClientRequestToken/],
    ['ClientRequestToken with a space', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', ClientRequestToken: 'bad token' }), /ClientRequestToken/],
    [
      'ClientRequestToken of 65 characters',
      () => as('mem', 'POST', '/channels', { AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: 'n', ClientRequestToken: 'y'.repeat(65) }),
      /ClientRequestToken/,
    ],
    ['Target with two members', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', Target: [{ MemberArn: arn('mod') }, { MemberArn: arn('mem') }] }), /exactly 1/],
    ['Target empty', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', Target: [] }), /exactly 1/],
    ['Target not a member', () => as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', Target: [{ MemberArn: arn('out') }] }), /member of the channel/],
    ...(['0', '51', '-1', '1e1', 'ten', ''] as const).flatMap(
      (max): Array<[string, () => Promise<Answer>, RegExp]> => [
        [`ListChannelMessages max-results=${max}`, () => as('mem', 'GET', `${ch('open')}/messages?max-results=${max}`), /max-results/],
        [`ListChannelMemberships max-results=${max}`, () => as('mem', 'GET', `${ch('open')}/memberships?max-results=${max}`), /max-results/],
        [`ListChannelModerators max-results=${max}`, () => as('mod', 'GET', `${ch('open')}/moderators?max-results=${max}`), /max-results/],
        [`ListChannelMembershipsForAppInstanceUser max-results=${max}`, () => as('mem', 'GET', `/channels?scope=app-instance-user-memberships&max-results=${max}`), /max-results/],
      ],
    ),
    ...(['!!', 'bm9wZQ', 'Mg==', 'x'.repeat(2049), ''] as const).flatMap(
      (token): Array<[string, () => Promise<Answer>, RegExp]> => [
        [`ListChannelMessages next-token=${token.slice(0, 12)}`, () => as('mem', 'GET', `${ch('open')}/messages?next-token=${enc(token)}`), /next-token/],
        [`ListChannelMemberships next-token=${token.slice(0, 12)}`, () => as('mem', 'GET', `${ch('open')}/memberships?next-token=${enc(token)}`), /next-token/],
      ],
    ),
  ])('%s', async (_name, run, message) => {
    const before = e.chime.model.channel(channel('open')).messages.length;
    const r = await run();
    expect(r, r.text).toMatchObject(bad);
    expect(r.json.Message).toMatch(message);
    expect(e.chime.model.channel(channel('open')).messages.length - before).toBeLessThanOrEqual(1); // at most the setup's own message
  });

  it('the limits themselves pass: Metadata of 1,024, a 64-character token, one target, max-results 1 and 50, a token it issued', async () => {
    expect((await as('mem', 'POST', `${ch('open')}/messages`, { Content: 'x', Metadata: 'm'.repeat(1024), ClientRequestToken: 'z'.repeat(64), Target: [{ MemberArn: arn('mod') }] })).status).toBe(201);
    for (let i = 0; i < 3; i++) await send('mem', 'open');
    const first = await as('mem', 'GET', `${ch('open')}/messages?max-results=1`);
    expect(first.status).toBe(200);
    expect(first.json.ChannelMessages).toHaveLength(1);
    const next = await as('mem', 'GET', `${ch('open')}/messages?max-results=50&next-token=${enc(first.json.NextToken)}`);
    expect(next.status).toBe(200);
    const members = await as('mem', 'GET', `${ch('open')}/memberships?max-results=1`);
    expect(members.json.NextToken).toEqual(expect.any(String));
    expect((await as('mem', 'GET', `${ch('open')}/memberships?max-results=1&next-token=${enc(members.json.NextToken)}`)).status).toBe(200);
  });
});
