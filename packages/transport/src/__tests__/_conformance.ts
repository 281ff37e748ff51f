import { describe, expect, it } from 'vitest';
import type { PublishResult } from '../client/PublishResult.js';
import type { RealtimeClient } from '../client/RealtimeClient.js';
import type { ChannelState } from '../connection/ChannelStateStore.js';
import type { ConnectionStatus } from '../connection/ConnectionStatus.js';
import type { ChannelKitError } from '../errors/ChannelKitError.js';
import { sleep, statusIs, waitFor } from './_waitFor.js';

/**
 * What the conformance suite needs from one backend under test: a way to make clients, and a
 * handle on the emulator serving it. Every backend (AppSync Events, API Gateway, Hotsock,
 * Chime) runs the same suite; passing it is what "a backend works" means.
 */
export interface ConformanceTarget {
  name: string;
  /** A fresh emulator for one test (closed by `close`). */
  start(): Promise<ConformanceEmulator>;
}

export interface ConformanceEmulator {
  /** A client on this backend, fast retries. */
  client(): RealtimeClient;
  /** Two distinct channel names that subscribe and publish freely. */
  channels: [string, string];
  /** The same channel as `channels[0]`, spelled differently (normalisation), or undefined. */
  alias?: string;
  /** A channel whose subscribe the emulator refuses. */
  refusedChannel: string;
  /** Drops every live socket of this backend, or one connection (emulator fault). */
  drop(connectionId?: string): Promise<void>;
  /** Live connections of this backend with the channels each is subscribed to. */
  connections(): Promise<Array<{ connectionId: string; channels: string[] }>>;
  /** True: the backend recovers missed events (history); false: it signals a discontinuity. */
  recovers: boolean;
  close(): Promise<void>;
}

function recordStatuses(client: RealtimeClient): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [client.status.getSnapshot().status];
  client.status.subscribe(() => {
    const s = client.status.getSnapshot().status;
    if (seen.at(-1) !== s) seen.push(s);
  });
  return seen;
}

function recordChannelStates(client: RealtimeClient, channel: string): Array<ChannelState['status']> {
  const store = client.channel(channel).state;
  const seen: Array<ChannelState['status']> = [store.getSnapshot().status];
  store.subscribe(() => {
    const s = store.getSnapshot().status;
    if (seen.at(-1) !== s) seen.push(s);
  });
  return seen;
}

/**
 * The backend conformance suite: the same behaviours, over real sockets, against each backend
 * served by the emulator.
 */
export function backendConformance(target: ConformanceTarget): void {
  describe(`backend conformance: ${target.name}`, () => {
    const run = (name: string, body: (e: ConformanceEmulator) => Promise<void>) =>
      it(name, async () => {
        const e = await target.start();
        try {
          await body(e);
        } finally {
          await e.close();
        }
      });

    run('subscribe → publish → receive, with per-event acks in the shared PublishResult shape', async (e) => {
      const a = e.client();
      const b = e.client();
      const [room] = e.channels;
      const got: unknown[] = [];
      a.channel(room).subscribe((data) => got.push(data));
      await waitFor(() => a.channel(room).state.getSnapshot().status === 'subscribed', 'a subscribed');
      const result = await b.channel(room).publish({ n: 1 }, { n: 2 });
      expect(result.failed).toEqual([]);
      expect(result.successful.map((s) => s.index)).toEqual([0, 1]);
      await waitFor(() => got.length === 2, 'two events');
      expect(got).toEqual([{ n: 1 }, { n: 2 }]);
    });

    run('N subscribers (and a differently spelled name) share one wire subscription', async (e) => {
      const c = e.client();
      const [room] = e.channels;
      const got: number[] = [];
      for (let i = 0; i < 5; i++) c.channel(room).subscribe(() => got.push(i));
      if (e.alias) {
        expect(c.channel(e.alias)).toBe(c.channel(room));
        c.channel(e.alias).subscribe(() => got.push(99));
      }
      await waitFor(() => c.channel(room).state.getSnapshot().status === 'subscribed', 'subscribed');
      await waitFor(async () => (await e.connections()).some((x) => x.channels.length > 0), 'emulator sees the subscription');
      const conns = await e.connections();
      expect(conns).toHaveLength(1);
      expect(conns[0]!.channels).toHaveLength(1);
      await c.channel(room).publish('x');
      await waitFor(() => got.length === (e.alias ? 6 : 5), 'every subscriber got it');
    });

    run('StrictMode-style subscribe → release → subscribe costs one wire subscription', async (e) => {
      const c = e.client();
      const [room] = e.channels;
      const release = c.channel(room).subscribe(() => {});
      release();
      const got: unknown[] = [];
      c.channel(room).subscribe((d) => got.push(d));
      await waitFor(() => c.channel(room).state.getSnapshot().status === 'subscribed', 'subscribed');
      await waitFor(async () => (await e.connections()).some((x) => x.channels.length === 1), 'one subscription');
      await c.channel(room).publish('once');
      await waitFor(() => got.length === 1, 'delivered');
      await sleep(50); // absence: no second delivery arrives late
      expect(got).toEqual(['once']);
      expect((await e.connections())[0]!.channels).toHaveLength(1);
    });

    run('drop → reconnect → resubscribe → recovery or onDiscontinuity; status and channel state walk their transitions', async (e) => {
      const c = e.client();
      const [room] = e.channels;
      const statuses = recordStatuses(c);
      const states = recordChannelStates(c, room);
      let discontinuities = 0;
      const got: unknown[] = [];
      c.channel(room).subscribe({ onEvent: (d) => got.push(d), onDiscontinuity: () => discontinuities++ });
      await waitFor(() => c.channel(room).state.getSnapshot().status === 'subscribed', 'subscribed');
      await e.drop();
      await waitFor(() => statuses.includes('reconnecting') && c.status.getSnapshot().status === 'connected', 'reconnected');
      await waitFor(() => c.channel(room).state.getSnapshot().status === 'subscribed', 'resubscribed');
      if (e.recovers) expect(discontinuities).toBe(0);
      else await waitFor(() => discontinuities === 1, 'discontinuity signalled');
      expect(c.channel(room).state.getSnapshot().discontinuities).toBe(e.recovers ? 0 : 1);
      expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
      expect(states).toEqual(['idle', 'subscribing', 'subscribed', 'subscribing', 'subscribed']);
      await c.channel(room).publish('after');
      await waitFor(() => got.includes('after'), 'live again');
    });

    run('a refused subscribe fails its subscriber; a late subscriber triggers a new attempt and hears the outcome', async (e) => {
      const c = e.client();
      const errors: ChannelKitError[] = [];
      c.channel(e.refusedChannel).subscribe({ onEvent: () => {}, onError: (err) => errors.push(err) });
      await waitFor(() => errors.length === 1, 'first refusal');
      const states = recordChannelStates(c, e.refusedChannel);
      const late: ChannelKitError[] = [];
      c.channel(e.refusedChannel).subscribe({ onEvent: () => {}, onError: (err) => late.push(err) });
      await waitFor(() => late.length === 1, 'the late subscriber heard the retried refusal');
      expect(states).toEqual(['failed', 'subscribing', 'failed']);
      expect(c.channel(e.refusedChannel).state.getSnapshot().error?.code).toBe(late[0]!.code);
      // The socket survives a refused channel.
      expect(c.status.getSnapshot().status).toBe('connected');
    });

    run('publishes made during an outage are flushed in order, each exactly once', async (e) => {
      const receiver = e.client();
      const [room] = e.channels;
      const got: number[] = [];
      receiver.channel(room).subscribe((d) => got.push(d as number));
      await waitFor(() => receiver.channel(room).state.getSnapshot().status === 'subscribed', 'receiver subscribed');
      await waitFor(async () => (await e.connections()).length === 1, 'receiver connected');
      const receiverId = (await e.connections())[0]!.connectionId;
      const sender = e.client();
      sender.channel(e.channels[1]).subscribe(() => {});
      await statusIs(sender, 'connected');
      await waitFor(async () => (await e.connections()).length === 2, 'sender seen');
      const senderId = (await e.connections()).find((c) => c.connectionId !== receiverId)!.connectionId;
      // Publish the moment the sender is down. Its outage lasts one fast backoff step (tens of
      // ms, less than a poll interval on a busy machine), so polling for 'reconnecting' could miss
      // it, or publish after it ended and never exercise the outbox. A microtask queued from the
      // status listener runs after the transition and before any retry timer can fire.
      let pending: Array<Promise<PublishResult>> | undefined;
      let statusWhenPublished: string | undefined;
      const unsubscribe = sender.status.subscribe(() => {
        if (pending || sender.status.getSnapshot().status !== 'reconnecting') return;
        pending = [];
        queueMicrotask(() => {
          statusWhenPublished = sender.status.getSnapshot().status;
          pending!.push(...[0, 1, 2, 3, 4, 5, 6].map((n) => sender.channel<number>(room).publish(n)));
        });
      });
      // Only the sender goes down: the receiver stays subscribed, so nothing it should hear is lost to its own outage.
      await e.drop(senderId);
      await waitFor(() => pending?.length === 7, 'the sender to go down and publish');
      unsubscribe();
      expect(statusWhenPublished).toBe('reconnecting');
      const results = await Promise.all(pending!);
      expect(results.every((r) => r.failed.length === 0)).toBe(true);
      await waitFor(
        () => got.length >= 7,
        () => `all seven delivered (got ${JSON.stringify(got)})`,
      );
      await sleep(50); // absence: no duplicate arrives late
      expect(got).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    run('close() leaves no connection in the emulator, and settles pending publishes', async (e) => {
      const c = e.client();
      c.channel(e.channels[0]).subscribe(() => {});
      await statusIs(c, 'connected');
      await waitFor(async () => (await e.connections()).length === 1, 'one connection');
      c.close();
      expect(c.status.getSnapshot().status).toBe('closed');
      await waitFor(async () => (await e.connections()).length === 0, 'no connection left');
      await expect(c.channel(e.channels[0]).publish('late')).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    });
  });
}
