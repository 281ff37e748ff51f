// Issue 17: a hostile peer's corpus fed to every Connected component, over real sockets from a
// real peer client (AppSync Events on the emulator: the backend that checks nothing about
// payloads), plus an app API (fetcher, directory) returning what no wire would carry. The room
// stays up, invalid entries are skipped and reported, valid ones are shown. happy-dom.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, type HistoryPage, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { type ChannelDirectory, ChannelKitProvider, type HistoryFetcher } from '@channelkit/react';
import {
  type ChatEvent,
  ConnectedChannelList,
  ConnectedChatRoom,
  ConnectedComposer,
  ConnectedConnectionBanner,
  ConnectedMessageList,
  ConnectedPresenceAvatars,
  ConnectedPresenceList,
  ConnectedTypingIndicator,
  type InvalidPayload,
} from '@channelkit/ui';
import { WebSocket } from 'ws';
import { nodeFetch } from './react-harness.js';

const W = { timeout: 10_000 };
let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
let layout: Array<{ mockRestore(): void }> = [];
beforeEach(() => {
  // happy-dom has no layout: the virtualizer renders rows only with a viewport size.
  layout = [
    ...(['clientHeight', 'offsetHeight'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(4000)),
    ...(['clientWidth', 'offsetWidth'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(400)),
  ];
});
afterEach(() => {
  for (const s of layout.splice(0)) s.mockRestore();
  cleanup();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await e.close();
});

function appsync(): RealtimeClient {
  const c = createClient({
    backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth: apiKeyAuth(e.endpoints.appsync.apiKey) }),
    WebSocket,
    fetch: nodeFetch,
    backoff: { delaysMs: [20, 50] },
  });
  clients.push(c);
  return c;
}

const now = Date.now();
/** What a peer can publish on AppSync Events (JSON, under its 240 KB limit): all invalid but the marked ones. */
function corpus(tag: string): { invalid: unknown[]; valid: ChatEvent[] } {
  const ok = (id: string, text: string): ChatEvent => ({ id: `${tag}-${id}`, text, user: 'peer', name: 'Peer', at: now });
  return {
    invalid: [
      null,
      [1, 2, 3],
      'just a string',
      42,
      { ...ok('huge', 'BAD at 1e20'), at: 1e20 },
      { ...ok('neg', 'BAD at -1e20'), at: -1e20 },
      { ...ok('zero', 'BAD at 0'), at: 0 },
      { ...ok('strat', 'BAD at as string'), at: '2026-01-05T09:00:00Z' },
      { ...ok('name42', 'BAD name 42'), name: 42 },
      { ...ok('namearr', 'BAD name array'), name: ['Bob'] },
      { ...ok('nameobj', 'BAD name object'), name: { toString: 'Bob' } },
      { ...ok('userobj', 'BAD user object'), user: { id: 'ana' } },
      { ...ok('usernull', 'BAD user null'), user: null },
      { ...ok('nested', ''), text: { text: { text: 'BAD nested' } } },
      { ...ok('big', ''), text: `BAD big ${'x'.repeat(200_000)}` },
      { ...ok('longid', 'BAD long id'), id: 'i'.repeat(1000) },
      { ...ok('longname', 'BAD long name'), name: 'n'.repeat(5000) },
      { text: 'BAD no id', user: 'peer', at: now },
      JSON.parse(`{"__proto__":{"id":"${tag}-proto","text":"BAD only on the prototype","user":"peer","at":${now}}}`),
    ],
    valid: [
      // Prototype-looking keys are just ignored keys.
      { ...ok('ctor', 'OK with a constructor key'), ...JSON.parse('{"constructor":{"prototype":{"polluted":true}},"__proto__":{"polluted":true}}') },
      ok('last', 'OK still here'),
    ],
  };
}

/** Every Connected component on one channel, with the reports they make. */
function mountAll(client: RealtimeClient, channel: string, reports: InvalidPayload[], extra: { fetcher?: HistoryFetcher<ChatEvent>; directory?: ChannelDirectory } = {}) {
  const onInvalid = (r: InvalidPayload) => reports.push(r);
  return render(
    <StrictMode>
      <ChannelKitProvider client={client}>
        <div data-testid="room">
          <ConnectedChatRoom title="Hostile" channel={channel} user="ana" name="Ana" onInvalid={onInvalid} {...(extra.fetcher ? { fetcher: extra.fetcher } : {})} />
        </div>
        <div data-testid="list">
          <ConnectedMessageList channel={channel} user="ana" onInvalid={onInvalid} {...(extra.fetcher ? { fetcher: extra.fetcher } : {})} />
        </div>
        <ConnectedPresenceList channel={channel} user="ana" name="Ana" onInvalid={onInvalid} />
        <ConnectedPresenceAvatars channel={channel} user="ana" name="Ana" onInvalid={onInvalid} />
        <div data-testid="typing">
          <ConnectedTypingIndicator channel={channel} user="ana" onInvalid={onInvalid} />
        </div>
        <ConnectedComposer channel={channel} user="ana" name="Ana" onInvalid={onInvalid} />
        <ConnectedConnectionBanner />
        <ConnectedChannelList selected={undefined} onSelect={() => {}} {...(extra.directory ? { directory: extra.directory } : {})} />
      </ChannelKitProvider>
    </StrictMode>,
  );
}

describe('a hostile peer on AppSync Events', () => {
  it('messages, presence and typing signals from a real peer client: the room stays up, the invalid are skipped and reported, the valid shown', async () => {
    const reports: InvalidPayload[] = [];
    const channel = '/default/hostile';
    mountAll(appsync(), channel, reports);
    const peer = appsync();
    await waitFor(() => expect(within(screen.getByTestId('room')).getByText('No messages yet')).toBeTruthy(), W);
    // Wait until the viewer's presence has announced itself: it is subscribed.
    await waitFor(() => expect(screen.getAllByText(/Ana/).length).toBeGreaterThan(0), W);
    const { invalid, valid } = corpus('wire');
    for (const data of invalid) await peer.channel(channel).publish(data);
    const presence = peer.channel(`${channel}/presence`);
    for (const [user, data] of [
      ['p-num', { name: 42 }],
      ['p-arr', [1, 2]],
      ['p-null', null],
      ['p-proto', JSON.parse('{"__proto__":{"name":"Polluted"}}')],
      ['p-huge', { name: 'n'.repeat(5000) }],
      ['p'.repeat(1000), { name: 'Too Long Id' }],
      ['p-ok', { name: 'Okay Peer' }],
    ] as const)
      await presence.publish({ type: 'enter', user, instance: `i-${user.slice(0, 20)}`, data });
    await peer.channel(`${channel}/typing`).publish({ type: 'typing', user: 't'.repeat(5000) });
    await peer.channel(`${channel}/typing`).publish({ type: 'typing', user: 'typist' });
    for (const data of valid) await peer.channel(channel).publish(data);

    for (const id of ['room', 'list']) await waitFor(() => expect(within(screen.getByTestId(id)).getByText('OK still here')).toBeTruthy(), W);
    await waitFor(() => expect(screen.getAllByText('Okay Peer').length).toBeGreaterThan(0), W);
    await waitFor(() => expect(within(screen.getByTestId('typing')).getByText('typist is typing…')).toBeTruthy(), W);
    // Valid ones shown, as the payload's claim marked unverified (AppSync authenticates nobody).
    expect(within(screen.getByTestId('list')).getByText('OK with a constructor key')).toBeTruthy();
    expect(within(screen.getByTestId('list')).getAllByText('unverified').length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Invalid ones skipped: none of their text anywhere, no 1970, no "Polluted" member.
    expect(document.body.textContent).not.toMatch(/BAD|1970|Polluted|Too Long Id/);
    // Members with an unreadable name are shown by id.
    for (const id of ['p-num', 'p-arr', 'p-null', 'p-proto', 'p-huge']) expect(screen.getAllByText(id).length).toBeGreaterThan(0);
    // Each component reported what it skipped (each list saw every invalid message).
    expect(reports.filter((r) => r.kind === 'message').length).toBeGreaterThanOrEqual(invalid.length * 2);
    expect(reports.some((r) => r.kind === 'member' && r.id === 'p-num')).toBe(true);
    // The room is up and usable: sending still works.
    const box = within(screen.getByTestId('room')).getByRole('textbox', { name: 'Message' });
    act(() => {
      fireEvent.change(box, { target: { value: 'after the storm' } });
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    await waitFor(() => expect(within(screen.getByTestId('list')).getByText('after the storm')).toBeTruthy(), W);
  });

  it('a peer claiming to be the viewer is neither marked as the viewer’s own nor shown as verified; the viewer’s own message is', async () => {
    const channel = '/default/claims';
    const reports: InvalidPayload[] = [];
    mountAll(appsync(), channel, reports);
    const peer = appsync();
    await waitFor(() => expect(within(screen.getByTestId('room')).getByText('No messages yet')).toBeTruthy(), W);
    await peer.channel(channel).publish({ id: crypto.randomUUID(), text: 'I am Ana', user: 'ana', name: 'Ana', at: Date.now() });
    const box = within(screen.getByTestId('room')).getByRole('textbox', { name: 'Message' });
    act(() => {
      fireEvent.change(box, { target: { value: 'really Ana' } });
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    const list = screen.getByTestId('list');
    await waitFor(() => expect(within(list).getByText('really Ana')).toBeTruthy(), W);
    await waitFor(() => expect(within(list).getByText('I am Ana')).toBeTruthy(), W);
    const rowOf = (text: string) => within(list).getByText(text).closest<HTMLElement>('.ck-message')!;
    expect(rowOf('I am Ana').dataset.own).toBeUndefined();
    expect(rowOf('I am Ana').querySelector('.ck-message-unverified')).not.toBeNull();
    // The echo of what this page sent (AppSync echoes to the publisher) stays its own.
    await waitFor(() => expect(rowOf('really Ana').dataset.status).toBe('delivered'), W);
    expect(rowOf('really Ana').dataset.own).toBe('true');
  });

  it('history and a directory from the app’s API with what no wire carries (1 MB text, huge dates, odd rows)', async () => {
    const channel = '/default/hostile-history';
    const reports: InvalidPayload[] = [];
    const { invalid, valid } = corpus('api');
    const items = [...invalid, { id: 'api-mb', text: 'x'.repeat(1 << 20), user: 'peer', at: now }, { id: 'api-inf', text: 'BAD inf', user: 'peer', at: Number.POSITIVE_INFINITY }, ...valid].map(
      (data, i) => ({ id: `h${i}`, data: data as ChatEvent }),
    );
    const fetcher: HistoryFetcher<ChatEvent> = async (): Promise<HistoryPage<ChatEvent>> => ({ items, hasMore: false });
    const directory: ChannelDirectory = {
      list: async () =>
        [
          { channel: 'c-ok', name: 'Fine channel', lastMessage: { id: 'l1', data: { text: 'fine preview' }, at: now } },
          { channel: 'c-num', name: 42, lastMessage: { id: 'l2', data: null, at: now }, unread: Number.NaN },
          { channel: 'c-text', name: 'Odd text', lastMessage: { id: 'l3', data: { text: { nested: 1 } }, at: now } },
          { channel: 'c-big', name: 'Big text', lastMessage: { id: 'l4', data: { text: 'y'.repeat(1 << 20) }, at: now } },
          { channel: 42, name: 'No channel' },
          { channel: 'c-ok', name: 'Fine channel again' },
        ] as never,
      markRead: async () => {},
    };
    mountAll(appsync(), channel, reports, { fetcher, directory });
    for (const id of ['room', 'list']) await waitFor(() => expect(within(screen.getByTestId(id)).getByText('OK still here')).toBeTruthy(), W);
    await waitFor(() => expect(screen.getByRole('button', { name: /Fine channel/ })).toBeTruthy(), W);
    expect(document.body.textContent).not.toMatch(/BAD|1970|xxxxxxxxxx|No channel|Fine channel again/);
    expect(screen.getByRole('button', { name: /Odd text/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /c-num/ }).textContent).not.toMatch(/NaN/);
    expect(screen.getByRole('button', { name: /Big text/ }).textContent!.length).toBeLessThan(400);
    // Reported by the id the list keys the message by (the payload's own id, where it has one).
    expect(reports.filter((r) => r.kind === 'message').map((r) => r.id)).toEqual(expect.arrayContaining(['api-mb', 'api-inf', 'api-huge', 'h0']));
  });
});

describe('written as apps write it: inline props, a room switcher, remounts', () => {
  it('own messages stay marked across a channel switch and a remount; a peer’s claim never is', async () => {
    const client = appsync();
    const peer = appsync();
    // AppSync keeps no history: the app's own API does, here a store fed by a subscriber.
    const stored = new Map<string, { id: string; data: ChatEvent }[]>();
    const recorder = appsync();
    for (const ch of ['/default/switch-a', '/default/switch-b']) recorder.channel<ChatEvent>(ch).subscribe((data) => stored.set(ch, [...(stored.get(ch) ?? []), { id: data.id, data }]));
    await waitFor(() => expect(recorder.channel('/default/switch-b').state.getSnapshot().status).toBe('subscribed'), W);
    const view = (channel: string) => (
      <StrictMode>
        <ChannelKitProvider client={client}>
          {/* Inline literals, new every render, as apps write them. */}
          <ConnectedChatRoom
            title="Switcher"
            channel={channel}
            user="ana"
            name="Ana"
            strings={{ send: 'Send' }}
            onInvalid={() => {}}
            fetcher={async ({ channel: ch }) => ({ items: stored.get(ch) ?? [], hasMore: false })}
          />
        </ChannelKitProvider>
      </StrictMode>
    );
    const { rerender, unmount } = render(view('/default/switch-a'));
    const say = async (text: string) => {
      const box = screen.getByRole('textbox', { name: 'Message' });
      act(() => {
        fireEvent.change(box, { target: { value: text } });
        fireEvent.keyDown(box, { key: 'Enter' });
      });
      await waitFor(() => expect(screen.getByText(text).closest<HTMLElement>('.ck-message')!.dataset.status).toBe('delivered'), W);
    };
    const own = (text: string) => screen.getByText(text).closest<HTMLElement>('.ck-message')!.dataset.own === 'true';
    await waitFor(() => expect(screen.getByText('No messages yet')).toBeTruthy(), W);
    await say('mine in A');
    await peer.channel('/default/switch-a').publish({ id: crypto.randomUUID(), text: 'claims Ana in A', user: 'ana', name: 'Ana', at: Date.now() });
    await waitFor(() => expect(screen.getByText('claims Ana in A')).toBeTruthy(), W);
    expect([own('mine in A'), own('claims Ana in A')]).toEqual([true, false]);
    // The room switcher: same component, new channel prop.
    rerender(view('/default/switch-b'));
    await waitFor(() => expect(screen.queryByText('mine in A')).toBeNull(), W);
    await say('mine in B');
    expect(own('mine in B')).toBe(true);
    rerender(view('/default/switch-a'));
    await waitFor(() => expect(screen.getByText('mine in A')).toBeTruthy(), W);
    expect([own('mine in A'), own('claims Ana in A')]).toEqual([true, false]);
    // A remount of the whole tree (a route change and back) keeps it: what this page sent is
    // kept per client, and the history comes back from the app's API.
    unmount();
    render(view('/default/switch-a'));
    await waitFor(() => expect(screen.getByText('mine in A')).toBeTruthy(), W);
    expect([own('mine in A'), own('claims Ana in A')]).toEqual([true, false]);
  });
});
