import { resolve } from 'node:path';
import { WebSocket } from 'ws';
import { Amplify } from 'aws-amplify';
import { events } from 'aws-amplify/data';
import { createClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { BUNDLES, bundleSize } from './lib/bundleSize.js';
import { emulatorProcess } from './lib/emulatorProcess.js';
import { fmtKb, median, type Row } from './lib/measure.js';

const FRAMES = 200_000;
const ROUNDS = 5;
const EVENT = JSON.stringify({ user: 'alice', text: 'hello, this is a chat message of ordinary size', at: 1763800000000, tags: ['a', 'b'] });

interface Receiver {
  name: string;
  /** Subscribes; `onEvent` is called with each parsed event. Returns a cleanup. */
  start(channel: string, onEvent: (event: unknown) => void): Promise<() => void>;
}

/** Receive throughput of our client vs a raw `ws` client (same parsing) vs aws-amplify's client. */
export async function run(): Promise<Row[]> {
  const emulator = await emulatorProcess();
  const a = emulator.endpoints.appsync;
  const host = new URL(a.httpEndpoint).host;
  const admin = emulator.endpoints.admin;
  const subscribed = async (channel: string) => {
    for (let i = 0; i < 500; i++) {
      const list = (await (await fetch(`${admin}/connections`)).json()) as Array<{ channels: string[] }>;
      if (list.some((c) => c.channels.includes(channel))) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no subscription to ${channel}`);
  };

  const raw: Receiver = {
    name: 'raw ws',
    async start(channel, onEvent) {
      const header = `header-${Buffer.from(JSON.stringify({ host, 'x-api-key': a.apiKey })).toString('base64url')}`;
      const ws = new WebSocket(a.realtimeEndpoint, ['aws-appsync-event-ws', header]);
      await new Promise((r) => ws.once('open', r));
      ws.on('message', (data) => {
        // The same work a client must do: parse the frame, then the event string.
        const m = JSON.parse(String(data));
        if (m.type === 'data') onEvent(JSON.parse(m.event));
      });
      ws.send(JSON.stringify({ type: 'subscribe', id: 'raw-1', channel, authorization: { 'x-api-key': a.apiKey } }));
      await subscribed(channel);
      return () => ws.terminate();
    },
  };
  const ours: Receiver = {
    name: 'ChannelKit',
    async start(channel, onEvent) {
      const c = createClient({ backend: appSyncEvents({ httpEndpoint: a.httpEndpoint, auth: apiKeyAuth(a.apiKey) }), WebSocket: WebSocket });
      c.channel(channel).subscribe(onEvent);
      await subscribed(channel);
      return () => c.close();
    },
  };
  class LoopbackWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(String(url).replace(/^wss:/, 'ws:'), protocols);
    }
  }
  (globalThis as { WebSocket?: unknown }).WebSocket = LoopbackWebSocket;
  Amplify.configure({ API: { Events: { endpoint: a.httpEndpoint, region: a.region, defaultAuthMode: 'apiKey', apiKey: a.apiKey } } });
  const amplify: Receiver = {
    name: 'aws-amplify',
    async start(channel, onEvent) {
      const ch = await events.connect(channel);
      const sub = ch.subscribe({ next: (d: { event: unknown }) => onEvent(d.event), error: () => {} });
      await subscribed(channel);
      return () => {
        sub.unsubscribe();
        ch.close();
      };
    },
  };

  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  let round = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const receiver of r % 2 ? [amplify, ours, raw] : [raw, ours, amplify]) {
      const channel = `/default/bench-${round++}`;
      let count = 0;
      let done!: () => void;
      const finished = new Promise<void>((res) => (done = res));
      const stop = await receiver.start(channel, () => {
        if (++count === FRAMES) done();
      });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await fetch(`${admin}/appsync/broadcast`, { method: 'POST', body: JSON.stringify({ channel: channel.slice(1), event: EVENT, count: FRAMES }) });
      await finished;
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      wall[receiver.name] = [...(wall[receiver.name] ?? []), FRAMES / (ms / 1000)];
      cpu[receiver.name] = [...(cpu[receiver.name] ?? []), FRAMES / ((used.user + used.system) / 1e6)];
      stop();
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  await events.closeAll();
  await emulator.stop();

  const rawCpu = median(cpu['raw ws']!);
  const oursCpu = median(cpu.ChannelKit!);
  const ampCpu = median(cpu['aws-amplify']!);
  const fmt = (name: string) => `${Math.round(median(cpu[name]!)).toLocaleString('en-US')} ev/CPU-s (${Math.round(median(wall[name]!)).toLocaleString('en-US')} ev/s wall)`;

  const dir = resolve(import.meta.dirname);
  const [core, amplifyBundle, apigwCore] = await Promise.all([bundleSize(BUNDLES.appsyncClient, dir), bundleSize(BUNDLES.amplifyEvents, dir), bundleSize(BUNDLES.apigwClient, dir)]);
  return [
    {
      benchmark: `AppSync receive ${FRAMES / 1000}k frames vs raw ws`,
      ours: fmt('ChannelKit'),
      anchor: `${fmt('raw ws')} raw ws + same JSON parsing`,
      ratio: `${(oursCpu / rawCpu).toFixed(2)}×`,
      target: '≥ 0.95×',
      ok: oursCpu / rawCpu >= 0.95,
    },
    {
      benchmark: `AppSync receive ${FRAMES / 1000}k frames vs Amplify`,
      ours: fmt('ChannelKit'),
      anchor: `${fmt('aws-amplify')} aws-amplify events`,
      ratio: `${(oursCpu / ampCpu).toFixed(2)}×`,
      target: '> 1.00×',
      ok: oursCpu > ampCpu,
    },
    {
      benchmark: 'createClient + AppSync Events bundle (min+gzip)',
      ours: fmtKb(core.gzip),
      anchor: `${fmtKb(amplifyBundle.gzip)} aws-amplify events + Amplify`,
      ratio: `${(core.gzip / amplifyBundle.gzip).toFixed(2)}×`,
      target: '≤ 8.00 KB',
      ok: core.gzip <= 8 * 1024,
    },
    // No official browser client exists for API Gateway WebSocket APIs: the anchor is the AppSync row above.
    {
      benchmark: 'createClient + API Gateway bundle (min+gzip)',
      ours: fmtKb(apigwCore.gzip),
      anchor: `${fmtKb(core.gzip)} createClient + AppSync Events`,
      ratio: `${(apigwCore.gzip / core.gzip).toFixed(2)}×`,
      target: '≤ 8.00 KB',
      ok: apigwCore.gzip <= 8 * 1024,
    },
  ];
}
