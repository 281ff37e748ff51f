/**
 * The transport, live, on one machine: a local pub/sub server (the scripted "lite" peer the
 * tests use) and two clients chatting through it. Midway the server drops every socket so you
 * can watch reconnect → resubscribe → outbox flush happen. The AppSync Events emulator will
 * replace this peer as the main job (see README).
 *
 *   pnpm start            run until Ctrl-C
 *   pnpm start --once     run the scenario once and exit (used by the test suite)
 */
import { type Connection, consoleLogger, createConnection, type WebSocketConstructor } from '@channelkit/transport';
import { WebSocket } from 'ws';
import { liteProtocol } from '../packages/transport/src/connection/__tests__/_liteProtocol.js';
import { startScriptedServer } from '../packages/transport/src/connection/__tests__/_scriptedServer.js';

const once = process.argv.includes('--once');
const verbose = process.argv.includes('--verbose');
const server = await startScriptedServer({ keepAliveMs: 2000, announcedTimeoutMs: 5000 });
console.log(JSON.stringify({ ready: true, demo: { webSocketUrl: server.url, protocol: 'lite' } }));

function client(name: string, retryMs: number): Connection {
  const connection = createConnection({
    protocol: liteProtocol({ url: server.url, token: async () => `demo-token-${name}` }),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { delaysMs: [retryMs, 1000, 2000] },
    // Jitter pinned near the bound so the demo's ordering is the same on every run.
    platform: { random: () => 0.95 },
    ...(verbose ? { logger: consoleLogger('debug') } : {}),
  });
  let last = '';
  connection.status.subscribe(() => {
    const { status, error } = connection.status.getSnapshot();
    if (status === last) return;
    last = status;
    console.log(`[${name}] status → ${status}${error ? ` (${error.code}: ${error.message})` : ''}`);
  });
  return connection;
}

// Bob retries sooner, so he is resubscribed before Alice's queued messages are flushed: this
// peer keeps no history, and a subscriber who is not back yet misses them (and is told so by
// onDiscontinuity).
const alice = client('alice', 600);
const bob = client('bob', 50);
const delivered: string[] = [];
bob.channel<{ from: string; text: string }>('/demo/room').subscribe({
  onEvent: (msg) => {
    delivered.push(msg.text);
    console.log(`[bob] got ${JSON.stringify(msg.text)} from ${msg.from}`);
  },
  onDiscontinuity: () => console.log('[bob] resubscribed after an outage: events may have been missed'),
});
alice.channel('/demo/room').subscribe(() => {});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const say = (text: string) =>
  alice.publish('/demo/room', [{ from: 'alice', text }]).then(
    () => console.log(`[alice] published ${JSON.stringify(text)} (acked)`),
    (error: Error) => console.log(`[alice] publish ${JSON.stringify(text)} failed: ${error.message}`),
  );

async function scenario(): Promise<void> {
  await wait(300);
  await say(`hello #${++n}`);
  console.log('[server] dropping every socket (simulated network failure)');
  server.dropAll();
  await wait(20);
  // Sent while disconnected: queued in the outbox, flushed after resubscribe.
  const queued = [say(`queued while offline #${++n}`), say(`queued while offline #${++n}`)];
  await Promise.all(queued);
  await wait(200);
}

await scenario();
if (once) {
  alice.close();
  bob.close();
  await server.close();
  const ok = delivered.length === 3;
  console.log(ok ? `demo ok: bob received ${delivered.length} messages in order` : `demo FAILED: bob received ${JSON.stringify(delivered)}`);
  process.exit(ok ? 0 : 1);
}
const timer = setInterval(() => void say(`tick #${++n}`), 2000);
const stop = async () => {
  clearInterval(timer);
  alice.close();
  bob.close();
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log('demo running: a message every 2 s; Ctrl-C to stop');
