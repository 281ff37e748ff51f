import { describe, expect, it } from 'vitest';
import { startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { chimeApi, chimeClient, createChannel, createUser } from './_chime.js';

async function world() {
  const e = await startEmulator({ port: 0 });
  const ada = await createUser(e, 'ada');
  const bob = await createUser(e, 'bob');
  const room = await createChannel(e, ada, 'room', [bob]);
  return { e, ada, bob, room };
}

describe('Chime facets and emulator hooks', () => {
  it('history pages backward and forward by MessageId, oldest first within a page', async () => {
    const { e, ada, bob, room } = await world();
    const api = chimeApi(e, ada);
    for (let i = 0; i < 7; i++) await api.sendChannelMessage(room, { Content: `m${i}` });
    const { client } = chimeClient(e, bob);
    try {
      const history = client.channel('room').history!;
      const newest = await history.list({ limit: 3 });
      expect(newest.items.map((m) => m.data)).toEqual(['m4', 'm5', 'm6']);
      expect(newest.hasMore).toBe(true);
      const older = await history.list({ before: newest.items[0]!.id, limit: 3 });
      expect(older.items.map((m) => m.data)).toEqual(['m1', 'm2', 'm3']);
      const after = await history.list({ after: older.items[0]!.id, limit: 2 });
      expect(after.items.map((m) => m.data)).toEqual(['m2', 'm3']);
      expect(newest.items[0]!.meta).toMatchObject({ chime: { kind: 'message', action: 'create' } });
    } finally {
      client.close();
      await e.close();
    }
  });

  it('presence is the membership: members on subscribe, then joins and leaves', async () => {
    const { e, ada, bob, room } = await world();
    const { client } = chimeClient(e, bob);
    try {
      const channel = client.channel('room');
      channel.subscribe(() => {});
      await waitFor(() => channel.state.getSnapshot().status === 'subscribed', 'subscribed');
      expect(
        channel
          .presence!.members()
          .map((m) => m.id)
          .sort(),
      ).toEqual([ada, bob].sort());
      expect(channel.presence!.self()?.id).toBe(bob);
      const cy = await createUser(e, 'cy');
      await chimeApi(e, ada).createChannelMembership(room, cy);
      await waitFor(() => channel.state.getSnapshot().members?.length === 3, 'cy joined');
      await chimeApi(e, ada).deleteChannelMembership(room, cy);
      await waitFor(() => channel.state.getSnapshot().members?.length === 2, 'cy left');
      expect(channel.presence!.members()).toHaveLength(2);
    } finally {
      client.close();
      await e.close();
    }
  });

  it('the admin event route reaches sessions; rejectAuth makes connecting fail as AUTH_FAILED', async () => {
    const { e, bob, room } = await world();
    const { client } = chimeClient(e, bob);
    try {
      const got: unknown[] = [];
      client.channel('room').subscribe((d) => got.push(d));
      await waitFor(() => client.channel('room').state.getSnapshot().status === 'subscribed', 'subscribed');
      const res = await fetch(`${e.endpoints.admin}/chime/event`, {
        method: 'POST',
        body: JSON.stringify({ eventType: 'CREATE_CHANNEL_MESSAGE', messageType: 'STANDARD', userArn: bob, payload: { ChannelArn: room, MessageId: 'x1', Content: 'injected' } }),
      });
      expect(await res.json()).toEqual({ sent: 1 });
      await waitFor(() => got.includes('injected'), 'injected event');
      e.faults.apply({ backend: 'chime', action: 'rejectAuth' });
      e.faults.apply({ backend: 'chime', action: 'drop' });
      await waitFor(() => client.status.getSnapshot().status === 'failed', 'failed');
      expect(client.status.getSnapshot().error?.code).toBe('AUTH_FAILED');
    } finally {
      client.close();
      await e.close();
    }
  });
});
