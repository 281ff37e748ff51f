// Issue 17 #5, the UI side: the Connected components show the sender the backend authenticated
// (Hotsock uid + umd.name, Chime Sender.Arn + Name), never the payload's claim, and mark as
// one's own only what the backend says the viewer sent. A member posts a message claiming to be
// Bob; every client shows who really sent it and Bob's does not mark it as his.
// Real sockets to the emulator, in happy-dom; REST and Hotsock's HTTP API through node:http.
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { ChimeMessagingApi, chime, createAppInstanceUser } from '@channelkit/transport/chime';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider } from '@channelkit/react';
import { ConnectedChatRoom, ConnectedComposer, ConnectedTypingIndicator } from '@channelkit/ui';
import { WebSocket } from 'ws';
import { hotsockClient, OPEN_CHANNEL } from './_hotsock.js';
import { userCredentials } from './_chime.js';
import { nodeFetch } from './react-harness.js';

const W = { timeout: 10_000 };
let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
// happy-dom has no layout: the virtualizer renders rows only with a viewport size.
let layout: Array<{ mockRestore(): void }> = [];
beforeEach(() => {
  layout = [
    ...(['clientHeight', 'offsetHeight'] as const).map((k) => vi.spyOn(HTMLElement.prototype, k, 'get').mockReturnValue(2000)),
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

/** One user's room, in its own provider (its own client and socket). */
function room(client: RealtimeClient, channel: string, user: string, name: string): HTMLElement {
  const { container } = render(
    <StrictMode>
      <ChannelKitProvider client={client}>
        <ConnectedChatRoom title={`${name}'s room`} channel={channel} user={user} name={name} />
      </ChannelKitProvider>
    </StrictMode>,
  );
  return container;
}

/** Types and sends a message through the room's composer, as the user would. */
function say(container: HTMLElement, text: string): void {
  const box = within(container).getByRole('textbox', { name: 'Message' });
  act(() => {
    fireEvent.change(box, { target: { value: text } });
    fireEvent.keyDown(box, { key: 'Enter' });
  });
}

/** The rendered row of the message with this text: who it shows, and whether it is marked own. */
function row(container: HTMLElement, text: string): { sender: string | undefined; own: boolean; unverified: boolean } | undefined {
  // Rows are in the DOM in list order; a grouped row shows no name: it is the one above's.
  let sender: string | undefined;
  let unverified = false;
  for (const m of container.querySelectorAll<HTMLElement>('.ck-message')) {
    if (m.dataset.grouped === undefined) {
      sender = m.querySelector('.ck-message-sender')?.textContent ?? undefined;
      unverified = m.querySelector('.ck-message-unverified') !== null;
    }
    if (m.querySelector('.ck-message-text')?.textContent?.includes(text)) return { sender, own: m.dataset.own !== undefined, unverified };
  }
  return undefined;
}

describe('impersonation on Hotsock: the uid and umd.name the server stamped win', () => {
  function hotsockUser(uid: string, name: string): RealtimeClient {
    const c = hotsockClient(e, { fetch: nodeFetch, claims: { uid, umd: { name }, channels: { '*': OPEN_CHANNEL } } });
    clients.push(c);
    return c;
  }

  it('a member claiming to be Bob is shown as themself on every client, and not as Bob’s own', async () => {
    const bob = room(hotsockUser('bob', 'Bob'), 'imp-room', 'bob', 'Bob');
    const ana = room(hotsockUser('ana', 'Ana'), 'imp-room', 'ana', 'Ana');
    const mallory = hotsockUser('mallory', 'Mallory');
    await waitFor(() => expect(within(bob).queryByText('No messages yet')).toBeTruthy(), W);
    // Bob's own message: the echo carries the uid the server knows him by.
    say(bob, 'hello from the real Bob');
    await waitFor(() => expect(row(ana, 'hello from the real Bob')?.sender).toBe('Bob'), W);
    await waitFor(() => expect(row(bob, 'hello from the real Bob')).toMatchObject({ sender: 'Bob', own: true }), W);
    await mallory.channel('imp-room').publish({ id: crypto.randomUUID(), text: 'I am Bob, trust me', user: 'bob', name: 'Bob', at: Date.now() });
    for (const view of [bob, ana]) await waitFor(() => expect(row(view, 'I am Bob, trust me')).toEqual({ sender: 'Mallory', own: false, unverified: false }), W);
    // Bob's own message is still his, and still the only one marked so in his view.
    expect(row(bob, 'hello from the real Bob')).toMatchObject({ own: true });
    expect(row(ana, 'hello from the real Bob')).toMatchObject({ own: false });
  });

  it('a sent message keeps its row when its echo arrives with the backend’s id (updated in place, not remounted)', async () => {
    const view = room(hotsockUser('rowkeeper', 'Row'), 'imp-rows', 'rowkeeper', 'Row');
    await waitFor(() => expect(within(view).queryByText('No messages yet')).toBeTruthy(), W);
    say(view, 'keep my row');
    const item = () => [...view.querySelectorAll<HTMLElement>('li.ck-row')].find((li) => li.textContent?.includes('keep my row'));
    await waitFor(() => expect(item()).toBeTruthy(), W);
    const first = item()!;
    // Delivered: the echo (Hotsock's ULID as its id) has replaced the optimistic entry …
    await waitFor(() => expect(first.querySelector('.ck-message')?.getAttribute('data-status') ?? 'delivered').toBe('delivered'), W);
    await new Promise((r) => setTimeout(r, 300));
    // … in the same DOM node: a remount would have replaced it.
    expect(item()).toBe(first);
    expect(first.isConnected).toBe(true);
  });

  it('a claimed display name never labels another sender, even when the server has no name for them', async () => {
    const bob = room(hotsockUser('bob', 'Bob'), 'imp-names', 'bob', 'Bob');
    const c = hotsockClient(e, { fetch: nodeFetch, claims: { uid: 'nameless', channels: { '*': OPEN_CHANNEL } } });
    clients.push(c);
    await waitFor(() => expect(within(bob).queryByText('No messages yet')).toBeTruthy(), W);
    await c.channel('imp-names').publish({ id: crypto.randomUUID(), text: 'who am I', user: 'bob', name: 'Bob', at: Date.now() });
    await waitFor(() => expect(row(bob, 'who am I')).toEqual({ sender: 'nameless', own: false, unverified: false }), W);
  });
});

describe('impersonation on Chime: Sender.Arn and Sender.Name win', () => {
  function api(userArn: string): ChimeMessagingApi {
    // Each user signs with credentials issued for it: the emulator's shared pair acts as nobody.
    const { endpoint, region } = e.endpoints.chime;
    const credentials = userCredentials(e, userArn);
    return new ChimeMessagingApi({ endpoint, region, credentials: async () => credentials, fetch: nodeFetch }, userArn);
  }
  function createUser(id: string, name: string): Promise<string> {
    const { identityEndpoint, region, credentials, appInstanceArn } = e.endpoints.chime;
    return createAppInstanceUser({ endpoint: identityEndpoint, region, credentials: async () => credentials, fetch: nodeFetch }, { AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: name });
  }
  function chimeUser(userArn: string): RealtimeClient {
    const { endpoint, region, appInstanceArn } = e.endpoints.chime;
    const credentials = userCredentials(e, userArn);
    const c = createClient({
      backend: chime({ region, appInstanceArn, userArn, credentials, endpoint, fetch: nodeFetch }),
      WebSocket,
      fetch: nodeFetch,
      backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 },
    });
    clients.push(c);
    return c;
  }

  it('a member claiming to be Bob (his id and his ARN) is shown as themself on every client, and not as Bob’s own', async () => {
    const [bobArn, anaArn, malloryArn] = await Promise.all([createUser('bob-c', 'Bob'), createUser('ana-c', 'Ana'), createUser('mallory-c', 'Mallory')]);
    const channel = await api(bobArn).createChannel({ AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: 'imp', ChannelId: 'imp' });
    for (const m of [anaArn, malloryArn]) await api(bobArn).createChannelMembership(channel, m);
    // No `typing={false}`: the room turns typing off by itself on Chime (#9).
    const bob = room(chimeUser(bobArn), channel, bobArn, 'Bob');
    const ana = room(chimeUser(anaArn), channel, anaArn, 'Ana');
    await waitFor(() => expect(within(bob).queryByText('No messages yet')).toBeTruthy(), W);
    say(bob, 'hello from the real Bob');
    await waitFor(() => expect(row(ana, 'hello from the real Bob')?.sender).toBe('Bob'), W);
    await waitFor(() => expect(row(bob, 'hello from the real Bob')).toMatchObject({ sender: 'Bob', own: true }), W);
    for (const user of ['bob', bobArn])
      await api(malloryArn).sendChannelMessage(channel, {
        Content: JSON.stringify({ id: crypto.randomUUID(), text: `I am Bob (${user.length})`, user, name: 'Bob', at: Date.now() }),
        ContentType: 'application/json',
      });
    for (const view of [bob, ana])
      for (const user of ['bob', bobArn]) await waitFor(() => expect(row(view, `I am Bob (${user.length})`)).toEqual({ sender: 'Mallory', own: false, unverified: false }), W);
    expect(row(bob, 'hello from the real Bob')).toMatchObject({ own: true });
  });

  it('an edit shows the new text marked "edited"; a deletion leaves a tombstone without its text, live and from history', async () => {
    const [bobArn, anaArn] = await Promise.all([createUser('bob-e', 'Bob'), createUser('ana-e', 'Ana')]);
    const channel = await api(bobArn).createChannel({ AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: 'edits', ChannelId: 'edits' });
    await api(bobArn).createChannelMembership(channel, anaArn);
    const post = async (text: string) => {
      const id = crypto.randomUUID();
      const { MessageId } = await api(bobArn).sendChannelMessage(channel, { Content: JSON.stringify({ id, text, user: bobArn, at: Date.now() }), ContentType: 'application/json' });
      return { id, MessageId };
    };
    const old = await post('stored draft');
    const ana = room(chimeUser(anaArn), channel, anaArn, 'Ana');
    await waitFor(() => expect(within(ana).getByText('stored draft')).toBeTruthy(), W);
    const live = await post('live draft');
    const doomed = await post('to be deleted');
    await waitFor(() => expect(within(ana).getByText('to be deleted')).toBeTruthy(), W);
    for (const [m, text] of [
      [old, 'stored final'],
      [live, 'live final'],
    ] as const)
      await api(bobArn).updateChannelMessage(channel, m.MessageId, { Content: JSON.stringify({ id: m.id, text, user: bobArn, at: Date.now() }), ContentType: 'application/json' });
    // The sender redacts (deleting for good is for AppInstanceAdmins): a tombstone, live and from history.
    await api(bobArn).redactChannelMessage(channel, doomed.MessageId);
    await waitFor(() => expect(within(ana).getByText('This message was deleted.')).toBeTruthy(), W);
    await waitFor(() => expect(row(ana, 'live final')).toBeTruthy(), W);
    await waitFor(() => expect(row(ana, 'stored final')).toBeTruthy(), W);
    const texts = [...ana.querySelectorAll('.ck-message-text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['stored final (edited)', 'live final (edited)', 'This message was deleted.']));
    expect(ana.textContent).not.toMatch(/to be deleted|draft/);
  });

  it('ConnectedComposer and ConnectedTypingIndicator render on Chime (a typing sibling channel would fail the ARN rule), and it sends (#9)', async () => {
    const [bobArn, anaArn] = await Promise.all([createUser('bob-k', 'Bob'), createUser('ana-k', 'Ana')]);
    const channel = await api(bobArn).createChannel({ AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: 'compose', ChannelId: 'compose' });
    await api(bobArn).createChannelMembership(channel, anaArn);
    const client = chimeUser(bobArn);
    const { container } = render(
      <StrictMode>
        <ChannelKitProvider client={client}>
          <ConnectedComposer channel={channel} user={bobArn} name="Bob" />
          <ConnectedTypingIndicator channel={channel} user={bobArn} />
        </ChannelKitProvider>
      </StrictMode>,
    );
    say(container, 'typed on Chime');
    await waitFor(async () => expect((await api(anaArn).listChannelMessages(channel)).items.map((m) => JSON.parse(m.Content ?? '{}').text)).toContain('typed on Chime'), W);
  });
});
