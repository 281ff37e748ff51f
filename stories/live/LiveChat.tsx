// Two users side by side, each with their own client (their own socket), chatting through the
// emulator that Storybook's dev server (or the static server) runs: see .storybook/emulator.ts.
import { ChannelKitProvider } from '@channelkit/react';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ConnectedChannelKitDevtools, ConnectedChatRoom, createFrameLog, type FrameLog } from '@channelkit/ui';
import { type ReactNode, useEffect, useState } from 'react';

export type LiveBackend = 'appsync' | 'apigw';
interface Ready {
  ready: boolean;
  admin: string;
  appsync: { httpEndpoint: string; apiKey: string };
  apigw: { webSocketUrl: string };
}

// Short backoff: the reconnect banner should show, and clear, within seconds.
const backoff = { delaysMs: [1000, 2000, 4000], minUptimeMs: 500 };

function makeClient(backend: LiveBackend, e: Ready, frames: FrameLog): RealtimeClient {
  const common = { WebSocket: frames.WebSocket, backoff };
  return backend === 'appsync'
    ? createClient({ backend: appSyncEvents({ httpEndpoint: e.appsync.httpEndpoint, auth: apiKeyAuth(e.appsync.apiKey) }), ...common })
    : createClient({ backend: apiGatewayWebSocket({ url: e.apigw.webSocketUrl }), ...common });
}

function useEmulator(): Ready | string | undefined {
  const [ready, setReady] = useState<Ready | string>();
  useEffect(() => {
    let live = true;
    fetch('./channelkit-emulator.json')
      .then((r) => (r.ok ? (r.json() as Promise<Ready>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((e) => live && setReady(e))
      .catch((err: Error) => live && setReady(`The emulator is not reachable (${err.message}): run \`pnpm start\`.`));
    return () => {
      live = false;
    };
  }, []);
  return ready;
}

/** One user's pane: its own client, created in an effect and closed on unmount. */
function Pane({ backend, emulator, channel, user, name }: { backend: LiveBackend; emulator: Ready; channel: string; user: string; name: string }): ReactNode {
  const [state, setState] = useState<{ client: RealtimeClient; frames: FrameLog }>();
  useEffect(() => {
    const frames = createFrameLog({ limit: 50 });
    const client = makeClient(backend, emulator, frames);
    setState({ client, frames });
    return () => client.close();
  }, [backend, emulator]);
  if (!state) return null;
  return (
    <ChannelKitProvider client={state.client}>
      <div className="live-pane" data-user={user}>
        <ConnectedChatRoom title={`${name} — ${channel}`} channel={channel} user={user} name={name} />
        <ConnectedChannelKitDevtools channels={[channel]} frames={state.frames} />
      </div>
    </ChannelKitProvider>
  );
}

/** The live story: two panes on one room, plus a button that drops every connection. */
export function LiveChat({ backend }: { backend: LiveBackend }): ReactNode {
  const emulator = useEmulator();
  // A fresh room per page load, so that runs do not see each other's messages.
  const [room] = useState(() => Math.random().toString(36).slice(2, 8));
  const [dropped, setDropped] = useState(0);
  if (emulator === undefined) return <p>Connecting to the emulator…</p>;
  if (typeof emulator === 'string') return <p role="alert">{emulator}</p>;
  const channel = backend === 'appsync' ? `/default/room-${room}` : `room-${room}`;
  const drop = async () => {
    await fetch(`${emulator.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ backend, action: 'drop' }) });
    setDropped((n) => n + 1);
  };
  return (
    <div className="live">
      <div className="live-toolbar">
        <button type="button" className="ck-button" onClick={drop}>
          Drop connections (emulator)
        </button>
        <span role="status">{dropped ? `Dropped ${dropped}×` : ''}</span>
      </div>
      <div className="live-panes">
        <Pane backend={backend} emulator={emulator} channel={channel} user="ana" name="Ana Lima" />
        <Pane backend={backend} emulator={emulator} channel={channel} user="bo" name="Bo Chen" />
      </div>
    </div>
  );
}
