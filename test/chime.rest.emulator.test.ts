import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { type ChimeEvent, type ChimeMessagingApi, ChimeServiceError } from '@channelkit/transport/chime';
import { signRequest } from '@channelkit/transport/sigv4';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { chimeApi, chimeClient, createChannel, createUser, makeAdmin } from './_chime.js';

// Every REST call ChannelKit makes, against the emulator, with SigV4 verified on each.

async function world(): Promise<{ e: RunningEmulator; ada: string; bob: string; room: string; adaApi: ChimeMessagingApi; bobApi: ChimeMessagingApi }> {
  const e = await startEmulator({ port: 0 });
  const ada = await createUser(e, 'ada');
  const bob = await createUser(e, 'bob');
  const room = await createChannel(e, ada, 'room', [bob]);
  return { e, ada, bob, room, adaApi: chimeApi(e, ada), bobApi: chimeApi(e, bob) };
}

describe('Chime REST against the emulator', () => {
  it('GetMessagingSessionEndpoint answers a bare host; SendChannelMessage 201; GetChannelMessage; ListChannelMessages with order, bounds and NextToken', async () => {
    const { e, room, adaApi, ada } = await world();
    try {
      const host = await adaApi.getMessagingSessionEndpoint();
      expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await adaApi.sendChannelMessage(room, { Content: `m${i}` })).MessageId);
      const got = await adaApi.getChannelMessage(room, ids[2]!);
      expect(got).toMatchObject({ MessageId: ids[2], Content: 'm2', Sender: { Arn: ada }, Type: 'STANDARD' });
      expect(typeof got.CreatedTimestamp).toBe('number');
      const desc = await adaApi.listChannelMessages(room);
      expect(desc.items.map((m) => m.Content)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
      const page1 = await adaApi.listChannelMessages(room, { sortOrder: 'ASCENDING', maxResults: 2 });
      expect(page1.items.map((m) => m.Content)).toEqual(['m0', 'm1']);
      const page2 = await adaApi.listChannelMessages(room, { sortOrder: 'ASCENDING', maxResults: 2, nextToken: page1.nextToken! });
      expect(page2.items.map((m) => m.Content)).toEqual(['m2', 'm3']);
      const bounded = await adaApi.listChannelMessages(room, { sortOrder: 'ASCENDING', notBefore: got.CreatedTimestamp!, notAfter: got.CreatedTimestamp! + 1 });
      expect(bounded.items[0]?.Content).toBe('m2');
    } finally {
      await e.close();
    }
  });

  it('ListChannelMemberships, ListChannelMembershipsForAppInstanceUser, UpdateChannelReadMarker, memberships and channel admin calls', async () => {
    const { e, room, ada, bob, adaApi, bobApi } = await world();
    try {
      expect((await adaApi.listChannelMemberships(room)).items.map((m) => m.Member?.Arn).sort()).toEqual([ada, bob].sort());
      const mine = await bobApi.listChannelMembershipsForAppInstanceUser();
      expect(mine.items.map((m) => m.ChannelSummary.ChannelArn)).toEqual([room]);
      await bobApi.updateChannelReadMarker(room);
      const after = await bobApi.listChannelMembershipsForAppInstanceUser();
      expect(after.items[0]?.AppInstanceUserMembershipSummary?.ReadMarkerTimestamp).toBeGreaterThan(0);
      const cy = await createUser(e, 'cy');
      await adaApi.batchCreateChannelMembership(room, [cy]);
      await adaApi.deleteChannelMembership(room, cy);
      await adaApi.updateChannel(room, { Name: 'Room' });
      const other = await adaApi.createChannel({ AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: 'tmp' });
      await adaApi.deleteChannel(other);
      await expect(adaApi.listChannelMemberships(other)).rejects.toMatchObject({ details: { status: 404, errorType: 'NotFoundException' } });
    } finally {
      await e.close();
    }
  });

  it('errors carry the status and x-amzn-ErrorType: non-member 403, missing message 404, bad content 400, throttle fault 429', async () => {
    const { e, room, adaApi } = await world();
    try {
      const stranger = chimeApi(e, await createUser(e, 'stranger'));
      await expect(stranger.sendChannelMessage(room, { Content: 'x' })).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { status: 403 } });
      await expect(adaApi.getChannelMessage(room, 'nope')).rejects.toMatchObject({ details: { status: 404, errorType: 'NotFoundException' } });
      await expect(adaApi.sendChannelMessage(room, { Content: 'x'.repeat(31), Type: 'CONTROL' })).rejects.toBeInstanceOf(ChimeServiceError);
      e.faults.apply({ backend: 'chime', action: 'throttle', durationMs: 60_000 });
      await expect(adaApi.sendChannelMessage(room, { Content: 'x' })).rejects.toMatchObject({ code: 'THROTTLED', retryable: true, details: { status: 429 } });
    } finally {
      await e.close();
    }
  });

  it('answers CORS preflights unsigned and lets browsers read signed answers and their error type (as the real service does for browser SDKs)', async () => {
    const { e, room, adaApi } = await world();
    try {
      const { endpoint } = e.endpoints.chime;
      const preflight = await fetch(`${endpoint}/channels/${encodeURIComponent(room)}/messages`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:6006', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-amz-date,x-amz-chime-bearer,content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-chime-bearer');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const unsigned = await fetch(`${endpoint}/channels/${encodeURIComponent(room)}/messages`);
      expect(unsigned.status).toBe(403);
      expect(unsigned.headers.get('access-control-allow-origin')).toBe('*');
      expect(unsigned.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
      expect((await adaApi.sendChannelMessage(room, { Content: 'still signed' })).MessageId).toBeTruthy();
    } finally {
      await e.close();
    }
  });

  it('refuses a request with a wrong signature, unknown key, or no bearer', async () => {
    const { e, room } = await world();
    try {
      const { endpoint, region, credentials } = e.endpoints.chime;
      const url = `${endpoint}/channels/${encodeURIComponent(room)}/messages`;
      const wrong = signRequest({ url, method: 'GET' }, { service: 'chime', region, credentials: { ...credentials, secretAccessKey: 'wrong' } });
      expect((await fetch(wrong.url, { headers: wrong.headers })).status).toBe(403);
      const unknown = signRequest({ url, method: 'GET' }, { service: 'chime', region, credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
      expect((await fetch(unknown.url, { headers: unknown.headers })).status).toBe(401);
      const noBearer = signRequest({ url, method: 'GET' }, { service: 'chime', region, credentials });
      const res = await fetch(noBearer.url, { headers: noBearer.headers });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('BadRequestException');
      expect(await res.json()).toMatchObject({ Code: 'BadRequest' });
    } finally {
      await e.close();
    }
  });

  it('update, redact and delete reach subscribers as distinct typed events; membership and channel events too', async () => {
    const { e, room, ada, bob, adaApi } = await world();
    const { client } = chimeClient(e, bob);
    try {
      const events: ChimeEvent[] = [];
      const data: unknown[] = [];
      client.channel('room').subscribe((d, meta) => {
        data.push(d);
        events.push((meta as unknown as { chime: ChimeEvent }).chime);
      });
      await waitFor(() => client.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
      const { MessageId } = await adaApi.sendChannelMessage(room, { Content: 'hello' });
      await adaApi.updateChannelMessage(room, MessageId, { Content: 'hello!' });
      await adaApi.redactChannelMessage(room, MessageId);
      await makeAdmin(e, ada); // only AppInstanceAdmins delete messages (DeleteChannelMessage)
      await adaApi.deleteChannelMessage(room, MessageId);
      const cy = await createUser(e, 'cy');
      await adaApi.createChannelMembership(room, cy);
      await adaApi.batchCreateChannelMembership(room, [await createUser(e, 'di')]);
      await adaApi.deleteChannelMembership(room, cy);
      await adaApi.updateChannel(room, { Name: 'Renamed' });
      await waitFor(() => events.length === 8, 'eight events');
      expect(events.map((x) => `${x.kind}:${'action' in x ? x.action : ''}`)).toEqual([
        'message:create',
        'message:update',
        'message:redact',
        'message:delete',
        'membership:create',
        'membership:batch-create',
        'membership:delete',
        'channel:update',
      ]);
      expect(data.slice(0, 3)).toEqual(['hello', 'hello!', '']);
      expect(
        client
          .channel('room')
          .state.getSnapshot()
          .members?.map((m) => m.id)
          .sort(),
      ).toEqual([ada, bob, `${e.endpoints.chime.appInstanceArn}/user/di`].sort());
      await adaApi.deleteChannel(room);
      await waitFor(() => events.length === 9, 'delete channel');
      expect(events[8]).toMatchObject({ kind: 'channel', action: 'delete', eventType: 'DELETE_CHANNEL' });
    } finally {
      client.close();
      await e.close();
    }
  });
});
