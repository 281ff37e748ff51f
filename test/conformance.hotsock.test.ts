import { expect } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { startEmulator } from '@channelkit/emulator';
import { backendConformance, type ConformanceEmulator } from '../packages/transport/src/__tests__/_conformance.js';
import { hotsockClient, OPEN_CHANNEL } from './_hotsock.js';

// Hotsock joins the backend conformance suite. It has history, so it recovers instead of
// signalling a discontinuity: every channel grants historyStart 0 and stores messages.

async function hotsockTarget(): Promise<ConformanceEmulator> {
  const e = await startEmulator({ port: 0 });
  const admin = e.endpoints.admin;
  const clients: RealtimeClient[] = [];
  let n = 0;
  return {
    channels: ['room', 'other'],
    refusedChannel: 'locked',
    recovers: true,
    client: () => {
      const c = hotsockClient(e, { claims: { uid: `user-${++n}`, channels: { room: OPEN_CHANNEL, other: OPEN_CHANNEL, locked: { subscribe: false } } } });
      clients.push(c);
      return c;
    },
    async drop(connectionId) {
      const res = await fetch(`${admin}/faults`, { method: 'POST', body: JSON.stringify({ backend: 'hotsock', action: 'drop', ...(connectionId ? { connectionId } : {}) }) });
      expect(res.status).toBe(200);
    },
    async connections() {
      const all = (await (await fetch(`${admin}/connections`)).json()) as Array<{ backend: string; connectionId: string; channels: string[] }>;
      return all.filter((c) => c.backend === 'hotsock');
    },
    async close() {
      for (const c of clients) c.close();
      await e.close();
    },
  };
}

backendConformance({ name: 'Hotsock', start: hotsockTarget });
