// useMessageHistory's merge of history, live events and optimistic entries, driven through the
// transport's in-memory socket and lite protocol (the connection tests' harness): the cases
// the review found — an echo of a publish whose ack failed, and edits/deletions that must
// outlive the live window that brought them.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type InboundFrame } from '@channelkit/transport';
import { ChannelKitProvider, type HistoryMessage, type PublishView, useMessageHistory, usePublish } from '@channelkit/react';
import { fakeSocketFactory } from '../packages/transport/src/connection/__tests__/_fakeSocket.js';
import { liteProtocol } from '../packages/transport/src/connection/__tests__/_liteProtocol.js';

type Msg = { id?: string; text: string };
afterEach(() => cleanup());
const settle = (ms = 30) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

type View = { history?: ReturnType<typeof useMessageHistory<Msg>>; publish?: PublishView<Msg> };

/** One room: history through an app fetcher (one stored message, h1) and publishing. */
function Room({ view }: { view: View }) {
  view.history = useMessageHistory<Msg>('/room', { fetcher: async () => ({ items: [{ id: 'h1', data: { id: 'h1', text: 'history one' } }], hasMore: false }) });
  view.publish = usePublish<Msg>('/room');
  return null;
}

async function setup(windowSize = 100) {
  const sockets = fakeSocketFactory();
  const backend = liteProtocol({ url: 'ws://lite.test/' });
  const decode = backend.decode;
  // The lite protocol with one addition: a frame may carry meta.changes (as Chime's do).
  backend.decode = (raw) => {
    const frame = decode(raw);
    const m = JSON.parse(String(raw)) as { changes?: { id: string; action: 'update' | 'delete' } };
    if (!m.changes || Array.isArray(frame)) return frame;
    const one = frame as InboundFrame;
    return one.type === 'event' ? { ...one, meta: { changes: m.changes } } : one;
  };
  const client = createClient({ backend, WebSocket: sockets.WebSocket });
  const view: View = {};
  render(
    <ChannelKitProvider client={client} windowSize={windowSize}>
      <Room view={view} />
    </ChannelKitProvider>,
  );
  await settle();
  const socket = sockets.last();
  socket.open();
  socket.receive({ type: 'ack' });
  await settle();
  const sub = socket.ofType('sub')[0]!.id;
  socket.receive({ type: 'subscribed', id: sub });
  await settle(50);
  const shown = () => (view.history!.messages as HistoryMessage<Msg>[]).map((m) => `${m.id}:${m.source}:${m.deleted ? 'deleted' : m.status}:${m.edited ? 'edited:' : ''}${m.data.text}`);
  return { socket, sub, view, shown, client };
}

describe('useMessageHistory merge', () => {
  it('the echo of a publish whose ack failed retires the failed entry: one message, no Retry that would send it twice', async () => {
    const { socket, sub, view, shown } = await setup();
    act(() => void view.publish!.publish({ id: 'app-1', text: 'hello' }).catch(() => {}));
    await settle();
    socket.receive({ type: 'published', id: socket.ofType('pub')[0]!.id, error: 'ack lost' });
    await settle();
    expect(shown()).toEqual(['h1:history:delivered:history one', 'app-1:optimistic:failed:hello']);
    socket.receive({ type: 'data', id: sub, eid: 'srv-1', data: { id: 'app-1', text: 'hello' } });
    await settle();
    expect(shown()).toEqual(['h1:history:delivered:history one', 'srv-1:live:delivered:hello']);
    expect(view.publish!.entries).toEqual([]);
  });

  it('edits and deletions stay applied after the events that carried them leave the live window', async () => {
    const { socket, sub, shown } = await setup(3);
    socket.receive({ type: 'data', id: sub, eid: 'l1', data: { text: 'live one' } });
    socket.receive({ type: 'data', id: sub, data: { text: 'live one, edited' }, changes: { id: 'l1', action: 'update' } });
    socket.receive({ type: 'data', id: sub, data: { text: '' }, changes: { id: 'h1', action: 'delete' } });
    await settle();
    expect(shown()).toEqual(['h1:history:deleted:', 'l1:live:delivered:edited:live one, edited']);
    for (let i = 0; i < 4; i++) socket.receive({ type: 'data', id: sub, eid: `e${i}`, data: { text: `m${i}` } });
    await settle();
    // l1 itself left the 3-event window; h1 stays deleted although its page still holds it.
    expect(shown()).toEqual(['h1:history:deleted:', 'e1:live:delivered:m1', 'e2:live:delivered:m2', 'e3:live:delivered:m3']);
  });
});
