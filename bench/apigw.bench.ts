import { resolve } from 'node:path';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { WebSocket } from 'ws';
import { ConnectionsClient } from '@channelkit/transport/server';
import { BUNDLES, bundleSize } from './lib/bundleSize.js';
import { emulatorProcess } from './lib/emulatorProcess.js';
import { fmtKb, median, type Row } from './lib/measure.js';

const CONNECTIONS = 1000;
const ROUNDS = 3;

/** `@connections` client bundle vs the AWS SDK client, and fan-out to 1,000 emulator connections. */
export async function run(): Promise<Row[]> {
  const emulator = await emulatorProcess();
  const { apigw, admin } = emulator.endpoints;
  const sockets: WebSocket[] = [];
  let received = 0;
  for (let i = 0; i < CONNECTIONS; i++) {
    const ws = new WebSocket(apigw.webSocketUrl);
    ws.on('message', () => received++);
    sockets.push(ws);
  }
  await Promise.all(sockets.map((ws) => new Promise((r) => ws.once('open', r))));
  const list = (await (await fetch(`${admin}/connections`)).json()) as Array<{ backend: string; connectionId: string }>;
  const ids = list.filter((c) => c.backend === 'apigw').map((c) => c.connectionId);
  if (ids.length !== CONNECTIONS) throw new Error(`expected ${CONNECTIONS} connections, got ${ids.length}`);
  const client = new ConnectionsClient({ endpoint: apigw.managementEndpoint, region: apigw.region, credentials: apigw.credentials });
  const message = JSON.stringify({ type: 'event', channel: 'all', data: { text: 'fan-out benchmark message' } });
  const sdk = new ApiGatewayManagementApiClient({ endpoint: apigw.managementEndpoint, region: apigw.region, credentials: apigw.credentials });
  // The anchor: the official SDK client with the same bounded concurrency.
  const sdkFanOut = async () => {
    let next = 0;
    const worker = async () => {
      while (next < ids.length) await sdk.send(new PostToConnectionCommand({ ConnectionId: ids[next++]!, Data: message }));
    };
    await Promise.all(Array.from({ length: 64 }, worker));
  };
  const times: number[] = [];
  const sdkTimes: number[] = [];
  const timed = async (fn: () => Promise<unknown>, into: number[]) => {
    received = 0;
    const t0 = performance.now();
    await fn();
    while (received < CONNECTIONS) await new Promise((res) => setImmediate(res));
    into.push(performance.now() - t0);
  };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [fn, into] of r % 2
      ? ([
          [sdkFanOut, sdkTimes],
          [() => client.fanOut(ids, message, { concurrency: 64 }), times],
        ] as const)
      : ([
          [() => client.fanOut(ids, message, { concurrency: 64 }), times],
          [sdkFanOut, sdkTimes],
        ] as const)) {
      await timed(fn, into);
    }
  }
  for (const ws of sockets) ws.terminate();
  await emulator.stop();

  const dir = resolve(import.meta.dirname);
  const [ours, sdkBundle] = await Promise.all([bundleSize(BUNDLES.connectionsClient, dir), bundleSize(BUNDLES.awsSdkManagementApi, dir)]);
  const ms = median(times);
  const sdkMs = median(sdkTimes);
  const rate = (t: number) => `${t.toFixed(0)} ms (${Math.round(CONNECTIONS / (t / 1000)).toLocaleString('en-US')} posts/s)`;
  return [
    {
      benchmark: `fan-out to ${CONNECTIONS.toLocaleString('en-US')} emulator connections, delivered (concurrency 64)`,
      ours: rate(ms),
      anchor: `${rate(sdkMs)} @aws-sdk PostToConnection`,
      ratio: `${(sdkMs / ms).toFixed(2)}×`,
      target: 'printed',
      ok: true,
    },
    {
      benchmark: 'ConnectionsClient bundle (min+gzip)',
      ours: fmtKb(ours.gzip),
      anchor: `${fmtKb(sdkBundle.gzip)} @aws-sdk/client-apigatewaymanagementapi`,
      ratio: `${(ours.gzip / sdkBundle.gzip).toFixed(2)}×`,
      target: '≤ 4.00 KB',
      ok: ours.gzip <= 4 * 1024,
    },
  ];
}
