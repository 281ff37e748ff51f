// useChimeChannels with its `directory` written inline, as apps write it (defect 1: a new object
// each render was a new query key → a fetch → a render → … 200 list() calls in 340 ms). The
// directory option works on any client, so an AppSync Events client on the emulator serves.
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSummary, RealtimeClient } from '@channelkit/transport';
import { type ChannelDirectory, ChannelKitProvider, type ChimeChannelsView, useChimeChannels } from '@channelkit/react';
import { eventually, type ReactTarget, TARGETS } from './react-harness.js';

const ROWS: ChannelSummary[] = [{ channel: 'c1', name: 'General', lastMessage: { id: 'm1', data: { text: 'hi' }, at: 2000 }, readAt: 1000 }];

interface Counts {
  list: number;
  subscribe: number;
  markRead: string[];
  renders: number;
  view: ChimeChannelsView;
  fused?: ChannelDirectory;
}

function Inbox({ counts, live, enabled }: { counts: Counts; live?: boolean; enabled?: boolean }) {
  // A fresh directory object (and fresh functions) on every render …
  const directory: ChannelDirectory = {
    list: async () => {
      counts.list++;
      return ROWS;
    },
    markRead: async (channel) => void counts.markRead.push(channel),
    ...(live
      ? {
          getSnapshot: () => ROWS,
          subscribe: () => {
            counts.subscribe++;
            return () => {};
          },
        }
      : {}),
  };
  // … until a fuse blows: past any sane number of renders the object is kept, so that a render
  // loop ends (and the assertions fail) instead of spinning until the whole run times out.
  if (counts.renders > 300) counts.fused ??= directory;
  const view = useChimeChannels({ enabled, directory: counts.fused ?? directory });
  counts.renders++;
  counts.view = view;
  return null;
}

const fresh = (): Counts => ({ list: 0, subscribe: 0, markRead: [], renders: 0, view: undefined as unknown as ChimeChannelsView });

function mount(client: RealtimeClient, node: React.ReactNode) {
  const wrap = (n: React.ReactNode) => (
    <StrictMode>
      <ChannelKitProvider client={client}>{n}</ChannelKitProvider>
    </StrictMode>
  );
  const r = render(wrap(node));
  return { rerender: (n: React.ReactNode) => r.rerender(wrap(n)), unmount: r.unmount };
}

describe('useChimeChannels with an inline directory', () => {
  let t: ReactTarget;
  let c: RealtimeClient;
  beforeAll(async () => {
    t = await TARGETS[0]![1]();
    c = t.client();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists once, renders a bounded number of times, and re-renders with fresh literals fetch nothing (defect 1)', async () => {
    const counts = fresh();
    const m = mount(c, <Inbox counts={counts} />);
    await eventually(() => counts.view.status === 'ready', 'ready');
    await new Promise((r) => setTimeout(r, 300));
    expect(counts.list).toBe(1);
    expect(counts.renders).toBeLessThan(10);
    for (let i = 0; i < 20; i++) m.rerender(<Inbox counts={counts} />);
    await new Promise((r) => setTimeout(r, 200));
    expect(counts.list).toBe(1);
    expect(counts.view.channels.map((x) => [x.channel, x.unread])).toEqual([['c1', 1]]);
    // markRead reaches the latest directory object.
    await counts.view.markRead('c1');
    expect(counts.markRead).toEqual(['c1']);
    m.unmount();
  });

  it('an inline live directory is subscribed once, not once per render', async () => {
    const counts = fresh();
    const m = mount(c, <Inbox counts={counts} live />);
    await eventually(() => counts.view.status === 'ready', 'ready');
    await new Promise((r) => setTimeout(r, 100));
    const settled = counts.renders;
    for (let i = 0; i < 20; i++) m.rerender(<Inbox counts={counts} live />);
    await new Promise((r) => setTimeout(r, 300));
    // StrictMode's mount–unmount–mount subscribes twice; nothing after that.
    expect(counts.subscribe).toBeLessThanOrEqual(2);
    expect(counts.list).toBe(1);
    expect(counts.renders - settled).toBeLessThanOrEqual(2 * 20); // StrictMode renders twice per rerender, nothing more
    m.unmount();
  });

  it('a new queryClient on the provider is followed: the list is fetched into the new cache', async () => {
    const counts = fresh();
    const [q1, q2] = [new QueryClient(), new QueryClient()];
    const wrap = (q: QueryClient) => (
      <ChannelKitProvider client={c} queryClient={q}>
        <Inbox counts={counts} />
      </ChannelKitProvider>
    );
    const r = render(wrap(q1));
    await eventually(() => counts.view.status === 'ready', 'ready');
    expect(counts.list).toBe(1);
    r.rerender(wrap(q2));
    await eventually(() => counts.list === 2 && counts.view.status === 'ready', 'listed again into the new QueryClient');
    // Each cache holds its own copy: the observer moved to the new client instead of staying on the old.
    const cached = (q: QueryClient) => q.getQueryCache().findAll({ queryKey: ['channelkit', 'chime-channels'] }).length;
    expect([cached(q1), cached(q2)]).toEqual([1, 1]);
    expect(counts.view.channels.map((x) => x.channel)).toEqual(['c1']);
    r.unmount();
  });

  it('enabled: false lists nothing and shows the empty, disabled view; true lists once', async () => {
    const counts = fresh();
    const m = mount(c, <Inbox counts={counts} live enabled={false} />);
    await new Promise((r) => setTimeout(r, 200));
    expect([counts.list, counts.subscribe, counts.view.status, counts.view.channels, counts.view.error]).toEqual([0, 0, 'disabled', [], undefined]);
    m.rerender(<Inbox counts={counts} live enabled />);
    await eventually(() => counts.view.status === 'ready', 'ready');
    await new Promise((r) => setTimeout(r, 200));
    expect(counts.list).toBe(1);
    m.rerender(<Inbox counts={counts} live enabled={false} />);
    expect(counts.view.channels).toEqual([]);
    m.unmount();
  });
});
