// Issue 17's new hook behaviour over the emulator's real sockets: selectors that keep renders
// to a slice, options written inline, `enabled`, and edits and deletions of one's own messages
// (the `$changes` convention on AppSync Events; UpdateChannelMessage / RedactChannelMessage on
// Chime).
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelKitError, createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { chime } from '@channelkit/transport/chime';
import { WebSocket } from 'ws';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type HistoryMessage, type PublishView, useChannel, useMessageHistory, usePublish } from '@channelkit/react';
import { createChannel, createUser, userCredentials } from './_chime.js';
import { hotsockClient, OPEN_CHANNEL } from './_hotsock.js';
import { adminCall, nodeFetch } from './react-harness.js';

type Msg = { id: string; text: string; kind?: string };
const W = { timeout: 5_000 };
const fast = { WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } };

let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0, appsync: { namespaces: { default: {} } } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});
const appsync = () => {
  const c = createClient({ backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }), ...fast });
  clients.push(c);
  return c;
};
const wire = async (channel: string) => {
  const all = (await adminCall(`${e.endpoints.admin}/connections`)) as Array<{ backend: string; channels: string[] }>;
  return all.filter((c) => c.channels.includes(channel)).length;
};

/** Counts renders of a component that selects how many `alert` events a channel had. */
function Alerts({ channel, out }: { channel: string; out: { renders: number; alerts: number } }) {
  out.alerts = useChannel<Msg, number>(channel, undefined, { select: (v) => v.events.filter((x) => x.data.kind === 'alert').length });
  out.renders++;
  return null;
}

function Bangs({ channel, out }: { channel: string; out: { renders: number; bangs: number } }) {
  out.bangs = useMessageHistory<Msg, number>(channel, { fetcher: async () => ({ items: [], hasMore: false }), select: (v) => v.messages.filter((m) => m.data.text.startsWith('!')).length });
  out.renders++;
  return null;
}

describe('selectors', () => {
  it('useChannel re-renders only when the selected slice changes', async () => {
    const [c, sender] = [appsync(), appsync()];
    const ch = '/default/sel-channel';
    const out = { renders: 0, alerts: 0 };
    const view = render(
      <ChannelKitProvider client={c}>
        <Alerts channel={ch} out={out} />
      </ChannelKitProvider>,
    );
    await waitFor(() => expect(c.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await new Promise((r) => setTimeout(r, 50));
    const before = out.renders;
    await sender.channel<Msg>(ch).publish(...Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, text: `${i}`, kind: 'chat' })));
    await sender.channel<Msg>(ch).publish({ id: 'a1', text: 'fire', kind: 'alert' });
    await waitFor(() => expect(out.alerts).toBe(1), W);
    // Five events outside the slice cost no render; the alert cost one (two at most: a frame
    // may split the batch).
    expect(out.renders - before).toBeLessThanOrEqual(2);
    expect(out.renders - before).toBeGreaterThanOrEqual(1);
    view.unmount();
  });

  it('useMessageHistory re-renders only when the selected slice changes', async () => {
    const [c, sender] = [appsync(), appsync()];
    const ch = '/default/sel-history';
    const out = { renders: 0, bangs: 0 };
    const view = render(
      <ChannelKitProvider client={c}>
        <Bangs channel={ch} out={out} />
      </ChannelKitProvider>,
    );
    await waitFor(() => expect(c.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await new Promise((r) => setTimeout(r, 100));
    const before = out.renders;
    for (let i = 0; i < 5; i++) await sender.channel<Msg>(ch).publish({ id: `q${i}`, text: `quiet ${i}` });
    await sender.channel<Msg>(ch).publish({ id: 'b1', text: '!loud' });
    await waitFor(() => expect(out.bangs).toBe(1), W);
    expect(out.renders - before).toBeLessThanOrEqual(2);
    view.unmount();
  });
});

describe('inline options and enabled', () => {
  it('fresh option literals and handlers every render: one wire subscription, renders bounded', async () => {
    const c = appsync();
    const ch = '/default/inline';
    let renders = 0;
    const { rerender, result, unmount } = renderHook(
      ({ n }) => {
        renders++;
        return {
          channel: useChannel<Msg>(ch, () => n, { limit: 10, client: 'default' }),
          history: useMessageHistory<Msg>(ch, { pageSize: 20, fetcher: async () => ({ items: [{ id: 'h1', data: { id: 'h1', text: `${n}` } }], hasMore: false }) }),
          pub: usePublish<Msg>(ch, { client: 'default' }),
        };
      },
      {
        initialProps: { n: 0 },
        wrapper: ({ children }) => (
          <StrictMode>
            <ChannelKitProvider client={c}>{children}</ChannelKitProvider>
          </StrictMode>
        ),
      },
    );
    await waitFor(() => expect(result.current.history.messages.map((m) => m.id)).toEqual(['h1']), W);
    const settled = renders;
    for (let n = 1; n <= 20; n++) rerender({ n });
    await new Promise((r) => setTimeout(r, 200));
    // StrictMode renders twice: 20 re-renders are 40 renders, and nothing more (no loop).
    expect(renders - settled).toBeLessThanOrEqual(40 + 4);
    expect(await wire(ch)).toBe(1);
    unmount();
  });

  it('enabled: false subscribes and fetches nothing, and usePublish refuses with a typed error', async () => {
    const c = appsync();
    const ch = '/default/disabled';
    let fetches = 0;
    const { result } = renderHook(
      () => ({
        channel: useChannel<Msg>(ch, undefined, { enabled: false }),
        history: useMessageHistory<Msg>(ch, {
          enabled: false,
          fetcher: async () => {
            fetches++;
            return { items: [], hasMore: false };
          },
        }),
        pub: usePublish<Msg>(ch, { enabled: false }),
      }),
      { wrapper: ({ children }) => <ChannelKitProvider client={c}>{children}</ChannelKitProvider> },
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(result.current.channel.status).toBe('idle');
    expect(fetches).toBe(0);
    expect(await wire(ch)).toBe(0);
    await act(async () => {
      await expect(result.current.pub.publish({ id: 'x', text: 'no' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { rule: 'enabled' } });
    });
    expect(result.current.pub.entries).toEqual([]);
  });
});

type Both = { history?: { messages: readonly HistoryMessage<Msg | string>[] }; pub?: PublishView<Msg> };
function Room({ channel, out }: { channel: string; out: Both }) {
  out.history = useMessageHistory<Msg>(channel, { fetcher: async () => ({ items: [], hasMore: false }) });
  out.pub = usePublish<Msg>(channel);
  return null;
}
function FacetRoom({ channel, out }: { channel: string; out: Both }) {
  out.history = useMessageHistory<Msg | string>(channel);
  out.pub = usePublish<Msg>(channel);
  return null;
}
function ChimeRoom({ channel, out }: { channel: string; out: Both }) {
  out.history = useMessageHistory<Msg | string>(channel);
  out.pub = usePublish<Msg>(channel);
  return null;
}
const text = (m: HistoryMessage<Msg | string>) => (typeof m.data === 'string' ? m.data : m.data.text);
const shown = (out: Both) => out.history!.messages.map((m) => `${m.deleted ? 'deleted' : m.edited ? `edited:${text(m)}` : text(m)}`);

describe('edit and delete one’s own messages', () => {
  it('AppSync Events: the $changes convention, seen by every client', async () => {
    const [a, b] = [appsync(), appsync()];
    const ch = '/default/edits';
    const mine: Both = {};
    const theirs: Both = {};
    const views = [a, b].map((c, i) =>
      render(
        <ChannelKitProvider client={c}>
          <Room channel={ch} out={i === 0 ? mine : theirs} />
        </ChannelKitProvider>,
      ),
    );
    await waitFor(() => expect(a.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await waitFor(() => expect(b.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await act(() => mine.pub!.publish({ id: 'm1', text: 'helo' }));
    await act(() => mine.pub!.publish({ id: 'm2', text: 'second' }));
    await waitFor(() => expect(shown(theirs)).toEqual(['helo', 'second']), W);
    const id = mine.history!.messages[0]!.id;
    await act(() => mine.pub!.edit(id, { id: 'm1', text: 'hello' }));
    await waitFor(() => expect(shown(theirs)).toEqual(['edited:hello', 'second']), W);
    await waitFor(() => expect(shown(mine)).toEqual(['edited:hello', 'second']), W);
    await act(() => mine.pub!.remove(mine.history!.messages[1]!.id));
    await waitFor(() => expect(shown(theirs)).toEqual(['edited:hello', 'deleted']), W);
    await expect(mine.pub!.edit('', { id: 'x', text: '' })).rejects.toBeInstanceOf(ChannelKitError);
    for (const v of views) v.unmount();
  });

  it('Chime: UpdateChannelMessage, RedactChannelMessage and DeleteChannelMessage, seen by every member', async () => {
    const { endpoint, region, appInstanceArn } = e.endpoints.chime;
    const [ada, bob] = [await createUser(e, 'ada-edits'), await createUser(e, 'bob-edits')];
    const arn = await createChannel(e, ada, 'edits', [bob]);
    const make = (userArn: string) => {
      // Each user signs with its own credentials: the emulator's shared pair acts as nobody.
      const c = createClient({ backend: chime({ region, appInstanceArn, userArn, credentials: userCredentials(e, userArn), endpoint, fetch: nodeFetch }), fetch: nodeFetch, ...fast });
      clients.push(c);
      return c;
    };
    const [a, b] = [make(ada), make(bob)];
    const mine: Both = {};
    const theirs: Both = {};
    const views = [a, b].map((c, i) =>
      render(
        <ChannelKitProvider client={c}>
          <ChimeRoom channel={arn} out={i === 0 ? mine : theirs} />
        </ChannelKitProvider>,
      ),
    );
    await waitFor(() => expect(b.channel(arn).state.getSnapshot().status).toBe('subscribed'), W);
    await waitFor(() => expect(a.channel(arn).state.getSnapshot().status).toBe('subscribed'), W);
    await act(() => mine.pub!.publish({ id: 'c1', text: 'helo' }));
    await act(() => mine.pub!.publish({ id: 'c2', text: 'second' }));
    await waitFor(() => expect(shown(theirs)).toEqual(['helo', 'second']), W);
    // The id listed is Chime's MessageId: the one UpdateChannelMessage takes.
    const [first, second] = theirs.history!.messages;
    await act(() => mine.pub!.edit(first!.id, { id: 'c1', text: 'hello' }));
    await waitFor(() => expect(shown(theirs)).toEqual(['edited:hello', 'second']), W);
    // A member's delete is a redaction: the content is erased, the message stays listed as a
    // tombstone on every member's screen.
    await act(() => mine.pub!.remove(second!.id));
    await waitFor(
      () =>
        expect(theirs.history!.messages.map((m) => [m.edited, m.deleted, m.data])).toEqual([
          [true, false, { id: 'c1', text: 'hello' }],
          [false, true, ''],
        ]),
      W,
    );
    await waitFor(() => expect(shown(mine)).toEqual(['edited:hello', 'deleted']), W);
    // Deleting for good is for AppInstanceAdmins only (AWS's authorization-by-role table): the
    // channel's creator, a moderator, is refused with the service's reason.
    await expect(mine.pub!.remove(first!.id, { hard: true })).rejects.toThrow(/AppInstanceAdmin/);
    expect(shown(theirs)).toEqual(['edited:hello', 'deleted']);
    for (const v of views) v.unmount();
  });

  it('Hotsock: the $changes convention counts only from the message’s authenticated sender', async () => {
    const make = (uid: string) => {
      const c = hotsockClient(e, { fetch: nodeFetch, claims: { uid, umd: { name: uid }, channels: { '*': OPEN_CHANNEL } } });
      clients.push(c);
      return c;
    };
    const [a, m] = [make('ada'), make('mallory')];
    const ch = 'edits-hotsock';
    const ada: Both = {};
    const mallory: Both = {};
    const views = [a, m].map((c, i) =>
      render(
        <ChannelKitProvider client={c}>
          <FacetRoom channel={ch} out={i === 0 ? ada : mallory} />
        </ChannelKitProvider>,
      ),
    );
    await waitFor(() => expect(a.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await waitFor(() => expect(m.channel(ch).state.getSnapshot().status).toBe('subscribed'), W);
    await act(() => ada.pub!.publish({ id: 'k1', text: 'ada wrote this' }));
    await waitFor(() => expect(shown(mallory)).toEqual(['ada wrote this']), W);
    const id = mallory.history!.messages[0]!.id;
    expect(mallory.history!.messages[0]!.sender?.id).toBe('ada');
    // Mallory tries to rewrite and delete Ada's message: ignored everywhere.
    await act(() => mallory.pub!.edit(id, { id: 'k1', text: 'mallory rewrote this' }));
    await act(() => mallory.pub!.remove(id));
    await act(() => ada.pub!.publish({ id: 'k2', text: 'later' }));
    await waitFor(() => expect(shown(ada)).toEqual(['ada wrote this', 'later']), W);
    await waitFor(() => expect(shown(mallory)).toEqual(['ada wrote this', 'later']), W);
    // Ada's own edit counts.
    await act(() => ada.pub!.edit(id, { id: 'k1', text: 'ada fixed this' }));
    await waitFor(() => expect(shown(mallory)).toEqual(['edited:ada fixed this', 'later']), W);
    // A forged change after Ada's edit does not displace it.
    await act(() => mallory.pub!.remove(id));
    await act(() => ada.pub!.publish({ id: 'k3', text: 'last' }));
    await waitFor(() => expect(shown(ada)).toEqual(['edited:ada fixed this', 'later', 'last']), W);
    expect(shown(mallory)).toEqual(['edited:ada fixed this', 'later', 'last']);
    for (const v of views) v.unmount();
  });
});

describe('the provider refuses bad props with a typed error naming the rule', () => {
  it.each([
    [{ windowSize: 0 }, 'windowSize'],
    [{ windowSize: 1.5 }, 'windowSize'],
    [{ gcTimeMs: -1 }, 'gcTimeMs'],
    [{ gcTimeMs: Number.NaN }, 'gcTimeMs'],
    [{ onError: 'log' as unknown as () => void }, 'onError'],
  ])('%o', (props, name) => {
    const c = appsync();
    let caught: unknown;
    try {
      renderHook(() => null, {
        wrapper: ({ children }) => (
          <ChannelKitProvider client={c} {...props}>
            {children}
          </ChannelKitProvider>
        ),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChannelKitError);
    expect(caught).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((caught as ChannelKitError).message).toContain(name);
  });

  it('a defaultClient that is not one of clients', () => {
    const c = appsync();
    expect(() =>
      renderHook(() => null, {
        wrapper: ({ children }) => (
          <ChannelKitProvider clients={{ live: c }} defaultClient="chat">
            {children}
          </ChannelKitProvider>
        ),
      }),
    ).toThrow(/defaultClient "chat"/);
  });
});
