// Soak (issue 17 #12): a room switcher left open all day. 1,000 switches across 50 channels over
// the emulator, each room hearing large events now and then; the heap after a forced GC must
// stay flat between the middle and the end of the run (a released channel's feed, its window
// and its edits are dropped after the provider's gcTimeMs), and what the runtime keeps at the
// end is what the one mounted room needs.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { act, render, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { WebSocket } from 'ws';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type ChannelKitRuntime, useChannel, useChannelKit, useMessageHistory } from '@channelkit/react';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Msg = { id: string; text: string };
const SWITCHES = 1_000;
const CHANNELS = 50;
// Every 10th switch the room hears one event of 128 KB: kept for ever, the 50 events of one half
// of the run would be ~6.4 MB.
const EVERY = 10;
const BIG = 'x'.repeat(128 * 1024);

let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0, appsync: { namespaces: { default: {} } } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});

const fetcher = async () => ({ items: [], hasMore: false });
const seen = { count: 0, runtime: undefined as ChannelKitRuntime | undefined };

function Room({ channel }: { channel: string }) {
  seen.runtime = useChannelKit();
  seen.count = useChannel<Msg>(channel).events.length;
  useMessageHistory<Msg>(channel, { fetcher });
  return null;
}

const heapAfterGc = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
};

it(`${SWITCHES} switches across ${CHANNELS} channels: heap after GC flat, nothing kept for rooms left`, async () => {
  const make = () => {
    const c = createClient({
      backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }),
      WebSocket,
      releaseGraceMs: 20,
      backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
    });
    clients.push(c);
    return c;
  };
  const [c, peer] = [make(), make()];
  const channel = (i: number) => `/default/soak-${i % CHANNELS}`;
  const app = (i: number) => (
    <ChannelKitProvider client={c} gcTimeMs={50}>
      <Room channel={channel(i)} />
    </ChannelKitProvider>
  );
  const view = render(app(0));
  let middle = 0;
  for (let i = 0; i < SWITCHES; i++) {
    view.rerender(app(i));
    if (i % EVERY === 0) {
      // Wait for the room to be live, then for the big event to reach it.
      await waitFor(() => expect(c.channel(channel(i)).state.getSnapshot().status).toBe('subscribed'), { timeout: 5_000 });
      const before = seen.count;
      await peer.channel<Msg>(channel(i)).publish({ id: `big-${i}`, text: BIG });
      await waitFor(() => expect(seen.count).toBeGreaterThan(before), { timeout: 5_000 });
    } else await act(() => new Promise<void>((r) => setTimeout(r, 1)));
    if (i === SWITCHES / 2) {
      await act(() => new Promise<void>((r) => setTimeout(r, 120)));
      middle = await heapAfterGc();
    }
  }
  await act(() => new Promise<void>((r) => setTimeout(r, 120)));
  const end = await heapAfterGc();
  const grown = end - middle;
  console.info(`soak: heap after GC ${(middle / 1e6).toFixed(1)} MB at ${SWITCHES / 2} switches, ${(end / 1e6).toFixed(1)} MB at ${SWITCHES} (${(grown / 1e6).toFixed(2)} MB)`);
  // Flat: well under what the second half's big events alone would keep (6.4 MB).
  expect(grown).toBeLessThan(2.5e6);
  // Kept at the end: the mounted room's optimistic entries only (none), and its feed.
  expect(Object.keys(seen.runtime!.store.getState().optimistic)).toEqual([]);
  view.unmount();
}, 120_000);
