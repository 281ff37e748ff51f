import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../startEmulator.js';
import { connect, mint, type Peer } from './_hotsock.js';

let e: RunningEmulator;
beforeEach(async () => {
  e = await (await import('./_hotsock.js')).start();
});
afterEach(() => e.close());

async function subscribeCode(p: Peer, channel: string, data?: unknown): Promise<string> {
  p.send(data === undefined ? { event: 'hotsock.subscribe', channel } : { event: 'hotsock.subscribe', channel, data });
  const f = await p.next();
  return f.event === 'hotsock.error' ? f.error!.code : `${f.event}:${f.channel}`;
}

describe('Hotsock emulator: channel permissions (allowed and denied)', () => {
  it('exact, wildcard and #regex: keys; explicit false wins whatever the key order', async () => {
    const p = await connect(e, {
      channels: {
        exact: { subscribe: true },
        'account.123.*': { subscribe: true },
        '#regex:^org\\.[0-9]+$': { subscribe: true },
        'org.666': { subscribe: false },
        'account.123.private': { subscribe: false },
      },
    });
    expect(await subscribeCode(p, 'exact')).toBe('hotsock.subscribed:exact');
    expect(await subscribeCode(p, 'exactly')).toBe('SUBSCRIBE_PERMISSION_DENIED');
    expect(await subscribeCode(p, 'account.123.feed')).toBe('hotsock.subscribed:account.123.feed');
    expect(await subscribeCode(p, 'account.124.feed')).toBe('SUBSCRIBE_PERMISSION_DENIED');
    expect(await subscribeCode(p, 'org.42')).toBe('hotsock.subscribed:org.42');
    expect(await subscribeCode(p, 'org.x')).toBe('SUBSCRIBE_PERMISSION_DENIED');
    expect(await subscribeCode(p, 'org.666')).toBe('SUBSCRIBE_PERMISSION_DENIED');
    expect(await subscribeCode(p, 'account.123.private')).toBe('SUBSCRIBE_PERMISSION_DENIED');
    expect(await subscribeCode(p, 'exact')).toBe('ALREADY_SUBSCRIBED');
    p.ws.close();
  });

  it('subscribe tokens: bound by connectionId or uid, add grants; wrong binding, scope or signature is INVALID_SUBSCRIBE_TOKEN', async () => {
    const p = await connect(e, { uid: 'Jim' });
    const id = p.connected.data.connectionId as string;
    const grant = { channels: { secret: { subscribe: true } } };
    expect(await subscribeCode(p, 'secret')).toBe('SUBSCRIBE_PERMISSION_DENIED');
    expect(await subscribeCode(p, 'secret', { token: mint(e, { scope: 'subscribe', connectionId: id, ...grant }) })).toBe('hotsock.subscribed:secret');
    expect(await subscribeCode(p, 'by-uid', { token: mint(e, { scope: 'subscribe', uid: 'Jim', channels: { 'by-uid': { subscribe: true } } }) })).toBe('hotsock.subscribed:by-uid');
    expect(await subscribeCode(p, 'x', { token: mint(e, { scope: 'subscribe', uid: 'Pam', channels: { x: { subscribe: true } } }) })).toBe('INVALID_SUBSCRIBE_TOKEN');
    expect(await subscribeCode(p, 'x', { token: mint(e, { scope: 'subscribe', connectionId: 'other=', channels: { x: { subscribe: true } } }) })).toBe('INVALID_SUBSCRIBE_TOKEN');
    expect(await subscribeCode(p, 'x', { token: mint(e, { scope: 'connect', connectionId: id, channels: { x: { subscribe: true } } }) })).toBe('INVALID_SUBSCRIBE_TOKEN');
    expect(await subscribeCode(p, 'x', { token: 'garbage' })).toBe('INVALID_SUBSCRIBE_TOKEN');
    p.ws.close();
  });

  it('aliases: subscribed under the real name with meta.channelAlias; a real name wins over an alias', async () => {
    const p = await connect(e, { channels: { 'user.123': { subscribe: true, alias: 'user' }, user: { subscribe: true } } });
    p.send({ event: 'hotsock.subscribe', channel: 'user' });
    expect(await p.next()).toMatchObject({ channel: 'user' });
    const q = await connect(e, { channels: { 'user.123': { subscribe: true, alias: 'me' } } });
    q.send({ event: 'hotsock.subscribe', channel: 'me' });
    expect(await q.next()).toMatchObject({ event: 'hotsock.subscribed', channel: 'user.123', meta: { channelAlias: 'me' } });
    p.ws.close();
    q.ws.close();
  });

  it('publish/broadcast precedence and echo', async () => {
    const listener = await connect(e, { channels: { '*': { subscribe: true } } });
    for (const ch of ['pub', 'cast', 'nopub']) {
      listener.send({ event: 'hotsock.subscribe', channel: ch });
      await listener.next('hotsock.subscribed');
    }
    const p = await connect(e, {
      channels: {
        pub: { subscribe: true, messages: { chat: { publish: true } } },
        cast: { messages: { chat: { broadcast: true } } },
        nopub: { subscribe: true, messages: { chat: { broadcast: true, publish: false } } },
      },
    });
    p.send({ channel: 'pub', event: 'chat', data: 1 }); // publish only: needs a subscription
    expect((await p.next()).error?.code).toBe('PUBLISH_PERMISSION_DENIED');
    p.send({ event: 'hotsock.subscribe', channel: 'pub' });
    await p.next('hotsock.subscribed');
    p.send({ channel: 'pub', event: 'chat', data: 2 });
    expect((await listener.next('chat')).data).toBe(2);
    p.send({ channel: 'pub', event: 'other', data: 3 }); // event not granted
    expect((await p.next()).error?.code).toBe('PUBLISH_PERMISSION_DENIED');
    p.send({ channel: 'cast', event: 'chat', data: 4 }); // broadcast: no subscription needed
    expect((await listener.next('chat')).data).toBe(4);
    p.send({ channel: 'nopub', event: 'chat', data: 5 }); // publish false beats broadcast
    expect((await p.next()).error?.code).toBe('PUBLISH_PERMISSION_DENIED');
    expect(p.frames.filter((f) => f.event === 'chat')).toEqual([]); // no echo without the echo directive
    listener.ws.close();
    p.ws.close();
  });

  it('scheduleBefore: scheduling allowed before it, denied after it or without it', async () => {
    const soon = new Date(Date.now() + 1000).toISOString().slice(0, 19);
    const p = await connect(e, {
      uid: 'u',
      channels: { s: { subscribe: true, messages: { a: { publish: true, echo: true, scheduleBefore: Math.floor(Date.now() / 1000) + 3600 }, b: { publish: true } } } },
    });
    p.send({ event: 'hotsock.subscribe', channel: 's' });
    await p.next('hotsock.subscribed');
    const ok = await p.http('publishMessage', { channel: 's', event: 'a', data: 'later', scheduleExpression: `at(${soon})` });
    expect(ok.status).toBe(202);
    expect(ok.body.scheduleArn).toMatch(/^arn:aws:scheduler:/);
    expect((await p.next('a', 5000)).data).toBe('later');
    expect((await p.http('publishMessage', { channel: 's', event: 'b', scheduleExpression: `at(${soon})` })).status).toBe(403);
    p.ws.close();
  });
});

describe('Hotsock emulator: presence', () => {
  it('members deduplicated by uid; memberAdded to others only; memberUpdated to all; memberRemoved when the last subscription of a uid goes', async () => {
    const grants = (uid: string, umd: unknown = null) => ({ uid, umd, channels: { 'presence.*': { subscribe: true } } });
    const jim = await connect(e, grants('Jim'));
    jim.send({ event: 'hotsock.subscribe', channel: 'presence.chat' });
    expect((await jim.next()).data.members).toEqual([{ uid: 'Jim', umd: null }]);
    const dwight = await connect(e, grants('Dwight'));
    dwight.send({ event: 'hotsock.subscribe', channel: 'presence.chat' });
    expect((await dwight.next()).data.members).toEqual([
      { uid: 'Jim', umd: null },
      { uid: 'Dwight', umd: null },
    ]);
    expect(await jim.next('hotsock.memberAdded')).toMatchObject({ data: { member: { uid: 'Dwight', umd: null } } });
    const dwight2 = await connect(e, grants('Dwight', { status: 'away' })); // same uid, different umd
    dwight2.send({ event: 'hotsock.subscribe', channel: 'presence.chat' });
    await dwight2.next('hotsock.subscribed');
    for (const p of [jim, dwight]) expect((await p.next('hotsock.memberUpdated')).data.member).toEqual({ uid: 'Dwight', umd: { status: 'away' } });
    dwight.ws.close(); // Dwight still has a second connection: nobody hears a removal
    dwight2.ws.close();
    expect((await jim.next('hotsock.memberRemoved')).data.members).toEqual([{ uid: 'Jim', umd: null }]);
    expect(jim.frames.filter((f) => f.event === 'hotsock.memberRemoved')).toEqual([]);
    const anonymous = await connect(e, { channels: { 'presence.*': { subscribe: true } } });
    anonymous.send({ event: 'hotsock.subscribe', channel: 'presence.chat' });
    expect((await anonymous.next()).error?.code).toBe('PRESENCE_CHANNEL_USER_ID_REQUIRED');
    jim.ws.close();
    anonymous.ws.close();
  });

  it('refuses a member whose umd would take the list past 100 KB', async () => {
    const big = 'x'.repeat(900);
    const peers: Peer[] = [];
    let code = '';
    for (let i = 0; i < 130 && code === ''; i++) {
      const p = await connect(e, { uid: `u${i}`, umd: big, channels: { 'presence.big': { subscribe: true } } });
      peers.push(p);
      p.send({ event: 'hotsock.subscribe', channel: 'presence.big' });
      const f = await p.next();
      if (f.event === 'hotsock.error') code = f.error!.code;
    }
    expect(code).toBe('PRESENCE_CHANNEL_CAPACITY_REACHED');
    for (const p of peers) p.ws.close();
  });

  it('umdUpdate over the socket: a umd token for the channel updates the member for everyone', async () => {
    const jim = await connect(e, { uid: 'Jim', channels: { 'presence.room': { subscribe: true } } });
    jim.send({ event: 'hotsock.subscribe', channel: 'presence.room' });
    await jim.next('hotsock.subscribed');
    jim.send({ event: 'hotsock.umdUpdate', channel: 'presence.room', data: { token: mint(e, { scope: 'umd', uid: 'Jim', umd: { busy: true }, channels: { 'presence.room': { umdUpdate: true } } }) } });
    expect((await jim.next('hotsock.memberUpdated')).data.members).toEqual([{ uid: 'Jim', umd: { busy: true } }]);
    jim.send({ event: 'hotsock.umdUpdate', channel: 'presence.room', data: { token: mint(e, { scope: 'umd', uid: 'Jim', umd: 1, channels: { 'presence.room': { umdUpdate: false } } }) } });
    expect((await jim.next()).error?.code).toBe('UMD_UPDATE_PERMISSION_DENIED');
    jim.ws.close();
  });
});

describe('Hotsock emulator: reactions', () => {
  it('react on stored messages: allowed values, one per user, echo by directive; denied without react or on unknown messages', async () => {
    const chat = { subscribe: true, messages: { chat: { publish: true, echo: true, store: -1, react: ['thumbsup'] }, note: { publish: true, store: -1 }, 'hotsock.messageReaction': { echo: true } } };
    const jim = await connect(e, { uid: 'Jim', channels: { room: chat } });
    const pam = await connect(e, { uid: 'Pam', channels: { room: chat } });
    for (const p of [jim, pam]) {
      p.send({ event: 'hotsock.subscribe', channel: 'room' });
      await p.next('hotsock.subscribed');
    }
    jim.send({ channel: 'room', event: 'chat', data: 'hi' });
    const messageId = (await jim.next('chat')).id as string;
    jim.send({ channel: 'room', event: 'note', data: 'n' });
    const noteId = (await pam.next('note')).id as string;
    pam.send({ event: 'hotsock.messageReaction', channel: 'room', data: { messageId, reaction: 'thumbsup', action: 'add' } });
    const added = await jim.next('hotsock.messageReactionAdded');
    expect(added).toMatchObject({ channel: 'room', data: { messageId, reaction: 'thumbsup', action: 'add' }, meta: { uid: 'Pam', umd: null } });
    expect(added.id).toMatch(/^[0-9A-Z]{26}$/);
    await pam.next('hotsock.messageReactionAdded'); // echo granted
    pam.send({ event: 'hotsock.messageReaction', channel: 'room', data: { messageId, reaction: 'heart', action: 'add' } });
    expect((await pam.next('hotsock.error')).error?.code).toBe('REACTION_PERMISSION_DENIED');
    pam.send({ event: 'hotsock.messageReaction', channel: 'room', data: { messageId: noteId, reaction: 'thumbsup', action: 'add' } });
    expect((await pam.next('hotsock.error')).error?.code).toBe('REACTION_PERMISSION_DENIED');
    pam.send({ event: 'hotsock.messageReaction', channel: 'room', data: { messageId: '01JA3S0TNEC2QBYMZRBMCEXGNW', reaction: 'thumbsup', action: 'add' } });
    expect((await pam.next('hotsock.error')).error?.code).toBe('MESSAGE_NOT_FOUND');
    pam.send({ event: 'hotsock.messageReaction', channel: 'room', data: { messageId, reaction: 'thumbsup', action: 'remove' } });
    expect((await jim.next('hotsock.messageReactionRemoved')).data.action).toBe('remove');
    jim.ws.close();
    pam.ws.close();
  });
});
