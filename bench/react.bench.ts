/**
 * `@channelkit/react` under a flood: 10,000 events published in one burst to one channel
 * (API Gateway emulator in its own process, real sockets) while one component watches it with
 * `useChannel` and 100 other components watch 100 other channels. Prints the watcher's commits
 * against the animation frames that passed, and the others' re-renders (target: 0). Also the
 * bundle of `@channelkit/react` with its peers external beside `ably/react` and
 * react-use-websocket.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Window } from 'happy-dom';
import { createElement, Profiler, StrictMode } from 'react';
import { WebSocket } from 'ws';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { ChannelKitProvider, useChannel } from '@channelkit/react';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { BUNDLES, bundleSize, REACT_PEERS } from './lib/bundleSize.js';
import { emulatorProcess } from './lib/emulatorProcess.js';
import { fmtKb, type Row } from './lib/measure.js';

const EVENTS = 10_000;
const OTHERS = 100;
const FRAME_MS = 16;

const count = { commits: 0, othersRenders: 0, received: 0 };

function Watcher() {
  const { events } = useChannel<{ n: number }>('burst', () => void count.received++);
  return createElement('span', null, String(events.at(-1)?.data.n ?? -1));
}

function Other({ i }: { i: number }) {
  count.othersRenders++;
  const { status } = useChannel(`other-${i}`);
  return createElement('i', null, status);
}

function App({ client }: { client: RealtimeClient }) {
  return createElement(
    ChannelKitProvider,
    { client },
    createElement(Profiler, { id: 'watcher', onRender: () => void count.commits++ }, createElement(Watcher)),
    Array.from({ length: OTHERS }, (_, i) => createElement(Other, { key: i, i })),
  );
}

/** Minified + gzip bytes of `source`, with `external` left out of the bundle. */
const gzipOf = async (source: string, external: string[]) => (await bundleSize(source, resolve(import.meta.dirname), external)).gzip;

async function burst(): Promise<{ commits: number; frames: number; othersRenders: number; received: number; ms: number }> {
  // A DOM for react-dom, and a 60 Hz frame clock that counts the frames it runs.
  const win = new Window();
  let frames = 0;
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, { window: win, document: win.document, navigator: win.navigator, HTMLElement: win.HTMLElement, Node: win.Node });
  g.requestAnimationFrame = (cb: (t: number) => void) =>
    setTimeout(() => {
      frames++;
      cb(performance.now());
    }, FRAME_MS);
  const { createRoot } = await import('react-dom/client');
  const { flushSync } = await import('react-dom');

  const emulator = await emulatorProcess();
  try {
    const url = emulator.endpoints.apigw.webSocketUrl;
    const make = (): RealtimeClient => createClient({ backend: apiGatewayWebSocket({ url }), WebSocket });
    const client = make();
    const publisher = make();

    const container = win.document.createElement('div');
    win.document.body.appendChild(container);
    const root = createRoot(container as unknown as Element);
    flushSync(() => root.render(createElement(StrictMode, null, createElement(App, { client }))));
    // Settle: every channel subscribed, every status render done.
    const channels = ['burst', ...Array.from({ length: OTHERS }, (_, i) => `other-${i}`)];
    while (!channels.every((c) => client.channel(c).state.getSnapshot().status === 'subscribed')) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));

    count.commits = 0;
    count.othersRenders = 0;
    count.received = 0;
    frames = 0;
    const t0 = performance.now();
    // In outbox-sized slices (1,000 events each), back to back.
    for (let from = 0; from < EVENTS; from += 1000) await publisher.channel<{ n: number }>('burst').publish(...Array.from({ length: 1000 }, (_, i) => ({ n: from + i })));
    while (count.received < EVENTS) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, FRAME_MS * 3)); // the last frame's commit
    const ms = performance.now() - t0;

    root.unmount();
    client.close();
    publisher.close();
    await win.happyDOM.close();
    return { commits: count.commits, frames, othersRenders: count.othersRenders, received: count.received, ms };
  } finally {
    await emulator.stop();
  }
}

export async function run(): Promise<Row[]> {
  const r = await burst();
  const peers = REACT_PEERS;
  const [ui, hooks, withTransport, ablyReact, rws] = await Promise.all([
    gzipOf(BUNDLES.ui, [...peers, '@channelkit/react', '@channelkit/transport']),
    gzipOf(BUNDLES.reactHooks, [...peers, '@channelkit/transport']),
    gzipOf(BUNDLES.reactHooks, peers),
    // By file: an external 'ably' would also match 'ably/react' itself.
    gzipOf(`export * from ${JSON.stringify(resolve(import.meta.dirname, '../node_modules/ably/react/mjs/index.js'))};`, ['react', 'react-dom', 'ably']),
    gzipOf(`export * from 'react-use-websocket';`, ['react', 'react-dom']),
  ]);
  return [
    {
      benchmark: `${EVENTS.toLocaleString('en-US')}-event burst to 1 useChannel, ${OTHERS} others watching other channels (API Gateway emulator)`,
      ours: `watcher ${r.commits} commits in ${r.frames} frames; others ${r.othersRenders} re-renders; ${r.received.toLocaleString('en-US')} events in ${r.ms.toFixed(0)} ms`,
      anchor: 'target: ≤ 1 commit per frame, others 0',
      ratio: `${(r.commits / Math.max(1, r.frames)).toFixed(2)} commits/frame`,
      target: '≤ 1/frame, 0',
      ok: r.commits <= r.frames && r.othersRenders === 0 && r.received === EVENTS,
    },
    {
      benchmark: '@channelkit/react bundle, peers and transport external (min+gzip)',
      ours: fmtKb(hooks),
      anchor: `${fmtKb(ablyReact)} ably/react (ably external), ${fmtKb(rws)} react-use-websocket`,
      ratio: `${(hooks / ablyReact).toFixed(2)}× ably/react`,
      target: '≤ 5.00 KB',
      ok: hooks <= 5 * 1024,
    },
    // Only what the hooks import from the transport (ChannelKitError, the idle channel state): the
    // client itself is counted in the backend rows above, where createClient is.
    { benchmark: '@channelkit/react + the transport pieces it imports (not the client), peers external (min+gzip)', ours: fmtKb(withTransport), anchor: '-', ratio: '-', target: 'printed', ok: true },
    // @tanstack/react-virtual (a dependency, so bundled; pinned to 3.13.24) is about 5 KB of it.
    { benchmark: '@channelkit/ui JS, peers + hooks + transport external (min+gzip)', ours: fmtKb(ui), anchor: '-', ratio: '-', target: '≤ 15.00 KB', ok: ui <= 15 * 1024 },
    {
      benchmark: '@channelkit/ui styles.css (gzip)',
      ours: fmtKb(gzipSync(readFileSync(resolve(import.meta.dirname, '../packages/ui/src/styles.css')), { level: 9 }).length),
      anchor: '-',
      ratio: '-',
      target: 'printed',
      ok: true,
    },
  ];
}
