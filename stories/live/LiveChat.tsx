// Two users side by side, each with their own client (their own socket), chatting through the
// emulator that Storybook's dev server (or the static server) runs: see .storybook/emulator.ts.
// Hotsock and Chime need a server for tokens and provisioning: .storybook/fixtures.ts plays it
// (development only).
import { ChannelKitProvider } from '@channelkit/react';
import { createClient, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { chime } from '@channelkit/transport/chime';
import { hotsock } from '@channelkit/transport/hotsock';
import { ConnectedChannelKitDevtools, ConnectedChannelList, ConnectedChatRoom, createFrameLog, type FrameLog } from '@channelkit/ui';
import { type ReactNode, useEffect, useState } from 'react';

export type LiveBackend = 'appsync' | 'apigw' | 'hotsock' | 'chime';
interface Ready {
  ready: boolean;
  admin: string;
  appsync: { httpEndpoint: string; apiKey: string };
  apigw: { webSocketUrl: string };
  hotsock: { webSocketUrl: string; httpApiUrl: string };
  chime: { endpoint: string; region: string; appInstanceArn: string };
}

/** Where the two users meet: a fresh room per page load, so that runs do not see each other's messages. */
interface Room {
  channel: string;
  users: { ana: string; bo: string };
  /** Chime: both users are members of both channels; Bo wrote twice in Random. */
  channels?: { general: string; random: string };
  /** Chime: each user's own credentials by user ARN (a user may act only as itself). */
  credentials?: Record<string, { accessKeyId: string; secretAccessKey: string }>;
}

// Short backoff: the reconnect banner should show, and clear, within seconds.
const backoff = { delaysMs: [1000, 2000, 4000], minUptimeMs: 500 };
const NAMES = { ana: 'Ana Lima', bo: 'Bo Chen' } as const;
type Who = keyof typeof NAMES;

async function post<T>(path: string): Promise<T> {
  const r = await fetch(path, { method: 'POST' });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

// One room per backend and page load (StrictMode runs effects twice: the promise is shared).
const rooms = new Map<LiveBackend, Promise<Room>>();
function roomFor(backend: LiveBackend): Promise<Room> {
  let room = rooms.get(backend);
  if (!room) {
    const r = Math.random().toString(36).slice(2, 8);
    const users = { ana: 'ana', bo: 'bo' };
    room =
      backend === 'appsync'
        ? Promise.resolve({ channel: `/default/room-${r}`, users })
        : backend === 'apigw'
          ? Promise.resolve({ channel: `room-${r}`, users })
          : backend === 'hotsock'
            ? post<{ channel: string }>('./channelkit-hotsock-room').then(({ channel }) => ({ channel, users }))
            : post<{ users: Room['users']; channels: NonNullable<Room['channels']>; credentials: NonNullable<Room['credentials']> }>('./channelkit-chime-room').then((c) => ({
                channel: c.channels.general,
                users: c.users,
                channels: c.channels,
                credentials: c.credentials,
              }));
    rooms.set(backend, room);
  }
  return room;
}

async function hotsockToken(uid: string, name: string): Promise<string> {
  const r = await fetch(`./channelkit-hotsock-token?${new URLSearchParams({ uid, name })}`);
  if (!r.ok) throw new Error(`hotsock token: HTTP ${r.status}`);
  return r.text();
}

function makeClient(backend: LiveBackend, e: Ready, frames: FrameLog, user: string, name: string, room: Room): { client: RealtimeClient } {
  const common = { WebSocket: frames.WebSocket, backoff };
  switch (backend) {
    case 'appsync':
      return { client: createClient({ backend: appSyncEvents({ httpEndpoint: e.appsync.httpEndpoint, auth: apiKeyAuth(e.appsync.apiKey) }), ...common }) };
    case 'apigw':
      return { client: createClient({ backend: apiGatewayWebSocket({ url: e.apigw.webSocketUrl }), ...common }) };
    case 'hotsock':
      return { client: createClient({ backend: hotsock({ webSocketUrl: e.hotsock.webSocketUrl, httpApiUrl: e.hotsock.httpApiUrl, connectToken: () => hotsockToken(user, name) }), ...common }) };
    case 'chime': {
      const { region, appInstanceArn, endpoint } = e.chime;
      const credentials = room.credentials?.[user];
      if (!credentials) throw new Error(`no Chime credentials for ${user}`);
      // Its channel list is the client's live directory (prefetch, messages, read markers).
      return { client: createClient({ backend: chime({ region, appInstanceArn, userArn: user, credentials, endpoint }), ...common }) };
    }
  }
}

function useEmulator(backend: LiveBackend): { e: Ready; room: Room } | string | undefined {
  const [ready, setReady] = useState<{ e: Ready; room: Room } | string>();
  useEffect(() => {
    let live = true;
    fetch('./channelkit-emulator.json')
      .then((r) => (r.ok ? (r.json() as Promise<Ready>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(async (e) => ({ e, room: await roomFor(backend) }))
      .then((x) => live && setReady(x))
      .catch((err: Error) => live && setReady(`The emulator is not reachable (${err.message}): run \`pnpm start\`.`));
    return () => {
      live = false;
    };
  }, [backend]);
  return ready;
}

/** One user's pane: its own client, created in an effect and closed on unmount. */
function Pane({ backend, emulator, room, who }: { backend: LiveBackend; emulator: Ready; room: Room; who: Who }): ReactNode {
  const user = room.users[who];
  const name = NAMES[who];
  const [state, setState] = useState<{ client: RealtimeClient; frames: FrameLog }>();
  const [selected, setSelected] = useState(room.channel);
  useEffect(() => {
    const frames = createFrameLog({ limit: 50 });
    const { client } = makeClient(backend, emulator, frames, user, name, room);
    setState({ client, frames });
    return () => client.close();
  }, [backend, emulator, user, name, room]);
  if (!state) return null;
  const chimeChannels = room.channels;
  const title = chimeChannels ? (selected === chimeChannels.random ? 'Random' : 'General') : selected;
  const chat = <ConnectedChatRoom key={selected} title={`${name} — ${title}`} channel={selected} user={user} name={name} typing={backend !== 'chime'} />;
  return (
    <ChannelKitProvider client={state.client}>
      <div className="live-pane" data-user={who}>
        {chimeChannels ? (
          <div className="live-with-channels">
            <ConnectedChannelList selected={selected} onSelect={setSelected} strings={{ channels: `${name}: channels` }} />
            {chat}
          </div>
        ) : (
          chat
        )}
        <ConnectedChannelKitDevtools channels={[selected]} frames={state.frames} />
      </div>
    </ChannelKitProvider>
  );
}

/** The live story: two panes on one room, plus a button that drops every connection. */
export function LiveChat({ backend }: { backend: LiveBackend }): ReactNode {
  const ready = useEmulator(backend);
  const [dropped, setDropped] = useState(0);
  if (ready === undefined) return <p>Connecting to the emulator…</p>;
  if (typeof ready === 'string') return <p role="alert">{ready}</p>;
  const { e, room } = ready;
  const drop = async () => {
    await fetch(`${e.admin}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ backend, action: 'drop' }) });
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
        <Pane backend={backend} emulator={e} room={room} who="ana" />
        <Pane backend={backend} emulator={e} room={room} who="bo" />
      </div>
    </div>
  );
}
