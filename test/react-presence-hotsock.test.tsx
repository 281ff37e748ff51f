// usePresence on Hotsock's native presence (presence.* channels) as apps write it: inline `data`
// literals (defect 2: an update per render, whose echoed presence frame rendered again — a
// loop), `enabled`, listen-only and a channel switch. umd updates are counted where they leave
// the client: each one asks the app's server for a umd token.
import { render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeClient } from '@channelkit/transport';
import { type RunningEmulator, startEmulator } from '@channelkit/emulator';
import { ChannelKitProvider, type PresenceView, usePresence } from '@channelkit/react';
import { hotsockClient, mint, OPEN_CHANNEL } from './_hotsock.js';
import { eventually, nodeFetch } from './react-harness.js';

type Data = { name: string };
let e: RunningEmulator;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  e = await startEmulator({ port: 0 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await e.close();
});

/** A Hotsock client for `uid` that counts its umd updates (one umd token each). */
function client(uid: string) {
  const umd = { updates: 0 };
  const c = hotsockClient(e, {
    fetch: nodeFetch,
    claims: { uid, umd: { name: uid }, channels: { '*': OPEN_CHANNEL, 'presence.*': { ...OPEN_CHANNEL, subscribe: true } } },
    backend: {
      umdToken: ({ channel, umd: data }) => {
        umd.updates++;
        return mint(e, { scope: 'umd', uid, umd: data, channels: { [channel]: { umdUpdate: true } } });
      },
    },
  });
  clients.push(c);
  return { c, umd };
}

interface Probe {
  renders: number;
  view: PresenceView<Data>;
  log: Array<{ channel: string; ids: string[] }>;
}
const probe = (): Probe => ({ renders: 0, view: undefined as unknown as PresenceView<Data>, log: [] });

function Member({ channel, name, probe: p, enabled, listenOnly }: { channel: string; name: string; probe: Probe; enabled?: boolean; listenOnly?: boolean }) {
  const view = usePresence<Data>(channel, { data: { name }, enabled, listenOnly }); // a fresh literal each render
  p.renders++;
  p.view = view;
  p.log.push({ channel, ids: view.members.map((m) => m.id) });
  return null;
}

function mount(c: RealtimeClient, node: React.ReactNode) {
  const wrap = (n: React.ReactNode) => (
    <StrictMode>
      <ChannelKitProvider client={c}>{n}</ChannelKitProvider>
    </StrictMode>
  );
  const r = render(wrap(node));
  return { rerender: (n: React.ReactNode) => r.rerender(wrap(n)), unmount: r.unmount };
}

const ids = (p: Probe) => p.view.members.map((m) => m.id).join(',');
const dataOf = (p: Probe, id: string) => JSON.stringify(p.view.members.find((m) => m.id === id)?.data);

describe('usePresence on Hotsock (native)', () => {
  it('inline data: a bounded number of umd updates and renders, no loop (defect 2)', async () => {
    const { c, umd } = client('ada');
    const p = probe();
    const m = mount(c, <Member channel="presence.inline" name="Ada L." probe={p} />);
    await eventually(() => dataOf(p, 'ada') === '{"name":"Ada L."}', 'own data echoed');
    await new Promise((r) => setTimeout(r, 500));
    // StrictMode runs the mount effect twice: at most two updates, then silence.
    expect(umd.updates).toBeLessThanOrEqual(2);
    const renders = p.renders;
    await new Promise((r) => setTimeout(r, 500));
    expect(p.renders).toBe(renders);
    for (let i = 0; i < 10; i++) m.rerender(<Member channel="presence.inline" name="Ada L." probe={p} />);
    await new Promise((r) => setTimeout(r, 300));
    expect(umd.updates).toBeLessThanOrEqual(2);
    // A changed value: one more update.
    const before = umd.updates;
    m.rerender(<Member channel="presence.inline" name="Ada" probe={p} />);
    await eventually(() => dataOf(p, 'ada') === '{"name":"Ada"}', 'new data echoed');
    await new Promise((r) => setTimeout(r, 300));
    expect(umd.updates).toBe(before + 1);
    m.unmount();
  });

  it('listenOnly and enabled: false publish no data; a channel switch shows the new channel’s members only', async () => {
    const { c: peerClient } = client('peer');
    const pp = probe();
    const peer = mount(peerClient, <Member channel="presence.a" name="Peer" probe={pp} />);
    await eventually(() => ids(pp) === 'peer', 'peer present');

    const { c, umd } = client('obs');
    const p = probe();
    const m = mount(c, <Member channel="presence.a" name="Obs" probe={p} enabled={false} />);
    await new Promise((r) => setTimeout(r, 300));
    expect([p.view.members, umd.updates]).toEqual([[], 0]);
    m.rerender(<Member channel="presence.a" name="Obs" probe={p} listenOnly />);
    // Hotsock lists every subscriber of a presence channel: the observer is a member, without data.
    await eventually(() => ids(p) === 'obs,peer', 'observer sees the peer');
    expect(umd.updates).toBe(0);
    await expect(p.view.update({ name: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    m.rerender(<Member channel="presence.b" name="Obs" probe={p} listenOnly />);
    await eventually(() => ids(p) === 'obs', 'alone in b');
    expect(p.log.filter((r) => r.channel === 'presence.b' && r.ids.includes('peer'))).toEqual([]);
    expect(umd.updates).toBe(0);
    m.unmount();
    peer.unmount();
  });
});
