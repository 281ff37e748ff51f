import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import type { ChimeEvent } from '@channelkit/transport/chime';
import { presignUrl } from '@channelkit/transport/sigv4';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { chimeApi, chimeBackend, chimeClient, createChannel, createUser, FAST, userCredentials } from './_chime.js';

async function world() {
  const e = await startEmulator({ port: 0 });
  const ada = await createUser(e, 'ada');
  const bob = await createUser(e, 'bob');
  const room = await createChannel(e, ada, 'room', [bob]);
  return { e, ada, bob, room };
}

function statuses(client: RealtimeClient): string[] {
  const seen = [client.status.getSnapshot().status as string];
  client.status.subscribe(() => {
    const s = client.status.getSnapshot().status;
    if (seen.at(-1) !== s) seen.push(s);
  });
  return seen;
}

/** Opens a raw socket and resolves with its close code (or 'open' once SESSION_ESTABLISHED arrives). */
function rawConnect(url: string): Promise<number | 'established'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('message', (m) => {
      if (String(m).includes('SESSION_ESTABLISHED')) {
        resolve('established');
        ws.close();
      }
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => {});
  });
}

async function connectUrl(
  e: RunningEmulator,
  userArn: string,
  overrides: { secret?: string; date?: number; expiresIn?: number; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): Promise<string> {
  const { endpoint, region } = e.endpoints.chime;
  const credentials = overrides.credentials ?? userCredentials(e, userArn);
  const host = await chimeApi(e, userArn).getMessagingSessionEndpoint();
  void endpoint;
  const url = `ws://${host}/connect?userArn=${encodeURIComponent(userArn)}&sessionId=1`;
  return presignUrl(
    { url },
    {
      service: 'chime',
      region,
      credentials: { ...credentials, ...(overrides.secret ? { secretAccessKey: overrides.secret } : {}) },
      expiresIn: overrides.expiresIn ?? 10,
      ...(overrides.date ? { date: overrides.date } : {}),
    },
  );
}

describe('Chime socket against the emulator', () => {
  it('a presigned URL establishes; wrongly signed or expired is closed 4401; an unknown user 4003', async () => {
    const { e, ada, bob } = await world();
    try {
      expect(await rawConnect(await connectUrl(e, ada))).toBe('established');
      expect(await rawConnect(await connectUrl(e, ada, { secret: 'wrong' }))).toBe(4401);
      expect(await rawConnect(await connectUrl(e, ada, { date: Date.now() - 60_000, expiresIn: 10 }))).toBe(4401);
      expect(await rawConnect(await connectUrl(e, `${e.endpoints.chime.appInstanceArn}/user/nobody`))).toBe(4003);
      // IAM chime:Connect is on the user's own ARN: another user's credentials, or the shared
      // pair (without the quick-start shortcut), are Forbidden.
      expect(await rawConnect(await connectUrl(e, ada, { credentials: userCredentials(e, bob) }))).toBe(4003);
      expect(await rawConnect(await connectUrl(e, ada, { credentials: e.endpoints.chime.credentials }))).toBe(4003);
    } finally {
      await e.close();
    }
  });

  it('two users in a channel exchange messages both ways', async () => {
    const { e, ada, bob } = await world();
    const a = chimeClient(e, ada).client;
    const b = chimeClient(e, bob).client;
    try {
      const atA: unknown[] = [];
      const atB: unknown[] = [];
      a.channel('room').subscribe((d) => atA.push(d));
      b.channel('room').subscribe((d) => atB.push(d));
      await waitFor(() => a.channel('room').state.getSnapshot().status === 'subscribed' && b.channel('room').state.getSnapshot().status === 'subscribed', 'both subscribed');
      await a.channel('room').publish({ text: 'from ada' });
      await b.channel('room').publish('from bob');
      await waitFor(() => atA.length === 2 && atB.length === 2, 'both heard both');
      expect(atA).toEqual([{ text: 'from ada' }, 'from bob']);
      expect(atB).toEqual(atA);
    } finally {
      a.close();
      b.close();
      await e.close();
    }
  });

  it('frames that arrive before SESSION_ESTABLISHED are held, then delivered after it, not lost', async () => {
    const { e, bob, room } = await world();
    const frame = JSON.stringify({
      Headers: { 'x-amz-chime-event-type': 'CREATE_CHANNEL_MESSAGE', 'x-amz-chime-message-type': 'STANDARD' },
      Payload: JSON.stringify({ ChannelArn: room, MessageId: 'early-1', Content: 'early', CreatedTimestamp: new Date().toISOString() }),
    });
    e.chime.early.push(frame);
    const order: string[] = [];
    const backend = chimeBackend(e, bob);
    const decode = backend.decode;
    // Records what the socket delivered, in order, beside what the client handed to the app.
    const spy = {
      ...backend,
      decode: (raw: string | ArrayBuffer | Uint8Array) => {
        order.push(`wire:${JSON.parse(String(raw)).Headers['x-amz-chime-event-type']}`);
        return decode(raw);
      },
    };
    const client = createClient({ backend: spy, ...FAST });
    try {
      client.onUnrouted((u) => order.push(`app:${String(u.data)}`));
      client.connect();
      await waitFor(() => order.includes('app:early'), 'the early event delivered');
      expect(order.slice(0, 3)).toEqual(['wire:CREATE_CHANNEL_MESSAGE', 'wire:SESSION_ESTABLISHED', 'app:early']);
    } finally {
      client.close();
      await e.close();
    }
  });

  it('prefetch fills the channel list; events of unsubscribed channels reach onUnrouted and the list', async () => {
    const { e, ada, bob, room } = await world();
    const api = chimeApi(e, ada);
    await api.sendChannelMessage(room, { Content: 'before' });
    const second = await createChannel(e, ada, 'second', [bob]);
    const { client, backend } = chimeClient(e, bob, { prefetch: { sortBy: 'last-message-timestamp' } });
    try {
      const unrouted: unknown[] = [];
      client.onUnrouted((u) => unrouted.push(u.data));
      client.connect();
      await waitFor(() => backend.channels.getSnapshot().length === 2, 'two channels prefetched');
      expect(backend.channels.getSnapshot()[0]).toMatchObject({ channel: { ChannelArn: room, Name: 'room' }, lastMessage: { Content: 'before' }, unread: true });
      await api.sendChannelMessage(second, { Content: 'news' });
      await waitFor(() => unrouted.includes('news'), 'unrouted');
      await waitFor(() => backend.channels.getSnapshot()[0]?.channel.ChannelArn === second, 'second moves to the top');
      await backend.channels.markRead(second);
      expect(backend.channels.getSnapshot().find((c) => c.channel.ChannelArn === second)?.unread).toBe(false);
      await backend.channels.refresh();
      expect(backend.channels.getSnapshot()).toHaveLength(2);
      // Removing bob from a channel removes it from his list.
      await api.deleteChannelMembership(second, bob);
      await waitFor(() => backend.channels.getSnapshot().length === 1, 'removed');
    } finally {
      client.close();
      await e.close();
    }
  });

  it('sender-only and undocumented events decode: PENDING/FAILED/DENIED create and update, event reason, unknown types', async () => {
    const { e, bob, room } = await world();
    const { client } = chimeClient(e, bob);
    try {
      const got: ChimeEvent[] = [];
      client.channel('room').subscribe((_d, meta) => got.push((meta as unknown as { chime: ChimeEvent }).chime));
      const unknown: unknown[] = [];
      client.onUnrouted((u) => unknown.push(u.data));
      await waitFor(() => client.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
      const types = [
        'PENDING_CREATE_CHANNEL_MESSAGE',
        'PENDING_UPDATE_CHANNEL_MESSAGE',
        'FAILED_CREATE_CHANNEL_MESSAGE',
        'FAILED_UPDATE_CHANNEL_MESSAGE',
        'DENIED_CREATE_CHANNEL_MESSAGE',
        'DENIED_UPDATE_CHANNEL_MESSAGE',
      ];
      for (const t of types) e.chime.emit(bob, t, { ChannelArn: room, MessageId: `m-${t}`, Content: 'x', Status: { Value: t.split('_')[0] } }, 'STANDARD');
      e.chime.emit(bob, 'UPDATE_CHANNEL_MEMBERSHIP', { ChannelArn: room, Member: { Arn: bob }, SubChannelId: 'sub-2' }, 'SYSTEM', 'subchannel_DELETED');
      e.chime.emit(bob, 'CREATE_CHANNEL', { ChannelArn: room });
      await waitFor(() => got.length === 7 && unknown.length === 1, 'all decoded');
      expect(got.slice(0, 6).map((x) => (x.kind === 'message' ? `${x.action}/${x.status}` : x.kind))).toEqual([
        'create/PENDING',
        'update/PENDING',
        'create/FAILED',
        'update/FAILED',
        'create/DENIED',
        'update/DENIED',
      ]);
      expect(got[6]).toMatchObject({ kind: 'membership', action: 'update', reason: 'subchannel_DELETED' });
      expect(unknown[0]).toMatchObject({ kind: 'unknown', eventType: 'CREATE_CHANNEL' });
    } finally {
      client.close();
      await e.close();
    }
  });

  it('credentials are fetched afresh and the URL presigned again before every reconnect; backoff keeps going while the service refuses', async () => {
    const { e, bob } = await world();
    let calls = 0;
    const creds = userCredentials(e, bob);
    const backend = chimeBackend(e, bob, {
      credentials: async () => {
        calls++;
        return creds;
      },
    });
    const client = createClient({ backend, ...FAST });
    try {
      client.connect();
      await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected');
      const before = calls;
      e.faults.apply({ backend: 'chime', action: 'refuseHandshake', code: 503 });
      e.faults.apply({ backend: 'chime', action: 'drop' });
      await waitFor(() => calls >= before + 20, 'twenty attempts, each with fresh credentials', 15_000);
      expect(client.status.getSnapshot().status).not.toBe('failed');
      e.faults.apply({ action: 'reset' });
      await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected again');
    } finally {
      client.close();
      await e.close();
    }
  });
});

describe('Chime close codes: every code of the documented table leads to its decision', () => {
  const retry = [1001, 1011, 1012, 1013, 1014, 4000, 4005, 4999];
  const stop = [1000, 1008, 4002, 4003, 4401];
  for (const code of [...retry, 1006]) {
    it(`${code} → reconnect`, async () => {
      const { e, bob } = await world();
      const { client } = chimeClient(e, bob);
      try {
        const seen = statuses(client);
        client.connect();
        await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected');
        e.faults.apply(code === 1006 ? { backend: 'chime', action: 'drop' } : { backend: 'chime', action: 'close', code });
        await waitFor(() => seen.includes('reconnecting') && client.status.getSnapshot().status === 'connected', 'reconnected');
      } finally {
        client.close();
        await e.close();
      }
    });
  }
  for (const code of stop) {
    it(`${code} → stop with an error naming the code`, async () => {
      const { e, bob } = await world();
      const { client } = chimeClient(e, bob);
      try {
        client.connect();
        await waitFor(() => client.status.getSnapshot().status === 'connected', 'connected');
        e.faults.apply({ backend: 'chime', action: 'close', code });
        await waitFor(() => client.status.getSnapshot().status === 'failed', 'failed');
        const error = client.status.getSnapshot().error;
        expect(error?.code).toBe(code === 4003 || code === 4401 ? 'AUTH_FAILED' : 'PROTOCOL_ERROR');
        expect(error?.message).toContain(String(code));
      } finally {
        client.close();
        await e.close();
      }
    });
  }
});
