/**
 * ChannelKit, live, on one machine: the AppSync Events emulator and two clients chatting
 * through it. Midway the emulator drops every socket (a fault) so you can watch reconnect →
 * resubscribe → outbox flush, and the `discontinuity` signal AppSync's lack of history needs.
 *
 *   pnpm demo             run until Ctrl-C
 *   pnpm demo --once      run the scenario once and exit (used by the test suite)
 *   pnpm demo --verbose   also print the transport's (redacted) debug log
 */
import { consoleLogger, createClient, type RealtimeClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { startEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';

const once = process.argv.includes('--once');
const verbose = process.argv.includes('--verbose');
const emulator = await startEmulator({ port: 0 });
const { appsync } = emulator.endpoints;
console.log(JSON.stringify({ ready: true, demo: { httpEndpoint: appsync.httpEndpoint, realtimeEndpoint: appsync.realtimeEndpoint, admin: emulator.endpoints.admin } }));

function client(name: string, retryMs: number): RealtimeClient {
  const c = createClient({
    backend: appSyncEvents({ httpEndpoint: appsync.httpEndpoint, auth: apiKeyAuth(appsync.apiKey) }),
    WebSocket: WebSocket,
    backoff: { delaysMs: [retryMs, 1000, 2000] },
    // Jitter pinned near the bound so the demo's ordering is the same on every run.
    platform: { random: () => 0.95 },
    ...(verbose ? { logger: consoleLogger('debug') } : {}),
  });
  let last = '';
  c.status.subscribe(() => {
    const { status, error } = c.status.getSnapshot();
    if (status === last) return;
    last = status;
    console.log(`[${name}] status → ${status}${error ? ` (${error.code}: ${error.message})` : ''}`);
  });
  return c;
}

// Bob retries sooner, so he is resubscribed before Alice's queued messages are flushed:
// AppSync keeps no history, and a subscriber who is not back yet would miss them (and be
// told so by onDiscontinuity).
const alice = client('alice', 600);
const bob = client('bob', 50);
const delivered: string[] = [];
bob.channel<{ from: string; text: string }>('/default/room').subscribe({
  onEvent: (msg) => {
    delivered.push(msg.text);
    console.log(`[bob] got ${JSON.stringify(msg.text)} from ${msg.from}`);
  },
  onDiscontinuity: () => console.log('[bob] resubscribed after an outage: events may have been missed'),
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const say = (text: string) =>
  alice.publish('/default/room', [{ from: 'alice', text }]).then(
    () => console.log(`[alice] published ${JSON.stringify(text)} (acked)`),
    (error: Error) => console.log(`[alice] publish ${JSON.stringify(text)} failed: ${error.message}`),
  );

await wait(300);
await say(`hello #${++n}`);
console.log('[emulator] fault: dropping every socket (simulated network failure)');
emulator.faults.apply({ action: 'drop', backend: 'appsync' });
await wait(20);
// Sent while disconnected: queued in the outbox, flushed after resubscribe.
await Promise.all([say(`queued while offline #${++n}`), say(`queued while offline #${++n}`)]);
await alice.publish('/default/room', [{ from: 'alice', text: `over HTTP #${++n}` }], { via: 'http' });
await wait(200);

if (once) {
  alice.close();
  bob.close();
  await emulator.close();
  const ok = delivered.length === 4;
  console.log(ok ? `demo ok: bob received ${delivered.length} messages in order` : `demo FAILED: bob received ${JSON.stringify(delivered)}`);
  process.exit(ok ? 0 : 1);
}
const timer = setInterval(() => void say(`tick #${++n}`), 2000);
const stop = async () => {
  clearInterval(timer);
  alice.close();
  bob.close();
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log('demo running: a message every 2 s; Ctrl-C to stop');
