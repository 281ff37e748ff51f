import { expect } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { startEmulator } from '@channelkit/emulator';
import { backendConformance, type ConformanceEmulator } from '../packages/transport/src/__tests__/_conformance.js';
import { chimeClient, createChannel, createUser } from './_chime.js';

// Chime joins the backend conformance suite. Chime has no wire subscriptions (every channel of
// the user arrives on one socket, spec A1.4), so "the channels of a connection" are the channels
// its client routes: each client is its own AppInstanceUser, and the emulator's session names it.
async function chimeTarget(): Promise<ConformanceEmulator> {
  const e = await startEmulator({ port: 0 });
  const owner = `${e.endpoints.chime.appInstanceArn}/user/admin`;
  const clients: Array<{ userArn: string; client: RealtimeClient }> = [];
  const users: string[] = [];
  for (let i = 0; i < 3; i++) users.push(await createUser(e, `user-${i}`));
  await createChannel(e, owner, 'room', users);
  await createChannel(e, owner, 'other', users);
  await createChannel(e, owner, 'locked'); // nobody but the owner: subscribing is refused
  const routed = (client: RealtimeClient) => ['room', 'other', 'locked'].filter((c) => client.channel(c).state.getSnapshot().status === 'subscribed').map((c) => client.channel(c).name);
  const admin = e.endpoints.admin;
  return {
    channels: ['room', 'other'],
    alias: `${e.endpoints.chime.appInstanceArn}/channel/room`,
    refusedChannel: 'locked',
    recovers: true,
    client: () => {
      const userArn = users[clients.length];
      if (!userArn) throw new Error('the Chime target has three users');
      const { client } = chimeClient(e, userArn);
      clients.push({ userArn, client });
      return client;
    },
    async drop(connectionId) {
      const res = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ backend: 'chime', action: 'drop', ...(connectionId ? { connectionId } : {}) }) });
      expect(res.status).toBe(200);
    },
    async connections() {
      return e.chime
        .sessions()
        .filter((s) => s.established)
        .map((s) => {
          const owner = clients.find((c) => c.userArn === s.userArn);
          return { connectionId: s.connectionId, channels: owner ? routed(owner.client) : [] };
        });
    },
    async close() {
      for (const c of clients) c.client.close();
      await e.close();
    },
  };
}

backendConformance({ name: 'Amazon Chime SDK messaging', start: chimeTarget });
