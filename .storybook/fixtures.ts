// What the Hotsock and Chime live stories need from a server, served next to the ready line
// (same origin, 127.0.0.1 only). DEVELOPMENT ONLY: these routes sign Hotsock connect tokens for
// any user id, create Chime users with the emulator's shared (app server) credentials, and hand
// out the credentials the emulator issues for each Chime user (each may act only as itself). A
// real app signs tokens, provisions Chime and vends per-user credentials (a Cognito identity pool,
// an STS role scoped to the user's ARN) on its own server, after authenticating the user.
// - GET  /channelkit-hotsock-token?uid=ana&name=Ana → a connect JWT (text) for that user;
// - POST /channelkit-hotsock-room → { channel }: a fresh presence channel with a stored welcome
//   message (what useMessageHistory shows first);
// - POST /channelkit-chime-room → { users, channels, credentials }: two fresh AppInstanceUsers,
//   two channels they are both members of, two messages from Bo in "Random" (Ana's unread
//   badge), and each user's credentials by user ARN.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EmulatorEndpoints, signJwt } from '@channelkit/emulator';
import { ChimeMessagingApi, createAppInstanceUser } from '@channelkit/transport/chime';

export const HOTSOCK_TOKEN_PATH = '/channelkit-hotsock-token';
export const HOTSOCK_ROOM_PATH = '/channelkit-hotsock-room';
export const CHIME_ROOM_PATH = '/channelkit-chime-room';

/** Everything a chat app uses on a channel: subscribe, publish with echo, stored history, storage. */
const OPEN_CHANNEL = {
  subscribe: true,
  historyStart: 0,
  umdUpdate: true,
  messages: { '*': { publish: true, broadcast: true, echo: true, store: -1 } },
  storage: { '*': { get: true, set: true, observe: true } },
};

export interface ChimeRoom {
  users: { ana: string; bo: string };
  channels: { general: string; random: string };
  /** By user ARN: the credentials the emulator issued for that AppInstanceUser. */
  credentials: Record<string, { accessKeyId: string; secretAccessKey: string }>;
}

/** Credentials bound to one AppInstanceUser, from the emulator's admin route (loopback only). */
async function userCredentials(e: EmulatorEndpoints, userArn: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const res = await fetch(e.chime.userCredentialsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userArn }) });
  if (!res.ok) throw new Error(`chime credentials: HTTP ${res.status}`);
  return (await res.json()) as { accessKeyId: string; secretAccessKey: string };
}

const id = () => Math.random().toString(36).slice(2, 8);
const welcome = (text: string) => ({ id: crypto.randomUUID(), text, user: 'channelkit', name: 'ChannelKit', at: Date.now() });

function hotsockToken(e: EmulatorEndpoints, uid: string, name: string): string {
  // exp one hour ahead: the client asks for a fresh token before every connection attempt anyway.
  const claims = { scope: 'connect', exp: Math.floor(Date.now() / 1000) + 3600, uid, umd: { name }, channels: { '*': OPEN_CHANNEL, 'presence.*': OPEN_CHANNEL } };
  return signJwt(claims, e.hotsock.issuer);
}

async function hotsockRoom(e: EmulatorEndpoints): Promise<{ channel: string }> {
  const channel = `presence.room-${id()}`;
  const res = await fetch(e.hotsock.publishUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${e.hotsock.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel, event: 'message', store: -1, data: welcome('Welcome! This message was published before you joined: it comes from history.') }),
  });
  if (!res.ok) throw new Error(`hotsock publish: HTTP ${res.status} ${await res.text()}`);
  return { channel };
}

async function chimeRoom(e: EmulatorEndpoints): Promise<ChimeRoom> {
  const { endpoint, identityEndpoint, region, credentials, appInstanceArn } = e.chime;
  const provision = { region, credentials: async () => credentials, fetch };
  const r = id();
  const [ana, bo] = await Promise.all(
    [
      ['ana', 'Ana Lima'],
      ['bo', 'Bo Chen'],
    ].map(([user, name]) => createAppInstanceUser({ endpoint: identityEndpoint, ...provision }, { AppInstanceArn: appInstanceArn, AppInstanceUserId: `${user}-${r}`, Name: name! })),
  );
  const issued: ChimeRoom['credentials'] = { [ana!]: await userCredentials(e, ana!), [bo!]: await userCredentials(e, bo!) };
  const api = (userArn: string) => new ChimeMessagingApi({ endpoint, region, credentials: async () => issued[userArn]!, fetch }, userArn);
  const channel = async (owner: string, member: string, name: string) => {
    const arn = await api(owner).createChannel({ AppInstanceArn: appInstanceArn, Name: name, ChannelId: `${name.toLowerCase()}-${r}` });
    await api(owner).createChannelMembership(arn, member);
    return arn;
  };
  const general = await channel(bo!, ana!, 'General');
  const random = await channel(bo!, ana!, 'Random');
  for (const text of ['Anyone up for lunch?', 'I found a new place near the office.']) {
    await api(bo!).sendChannelMessage(random, { Content: JSON.stringify({ ...welcome(text), user: bo, name: 'Bo Chen' }), ContentType: 'application/json' });
  }
  return { users: { ana: ana!, bo: bo! }, channels: { general, random }, credentials: issued };
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Connect middleware for the routes above (dev server and `serveStorybook`). */
export function fixtureRoutes(ready: () => EmulatorEndpoints | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (![HOTSOCK_TOKEN_PATH, HOTSOCK_ROOM_PATH, CHIME_ROOM_PATH].includes(url.pathname)) return next();
    const e = ready();
    if (!e) return send(res, 503, { ready: false });
    if (url.pathname === HOTSOCK_TOKEN_PATH) {
      const uid = url.searchParams.get('uid') ?? '';
      const name = url.searchParams.get('name') ?? uid;
      if (!/^[\w-]{1,64}$/.test(uid) || name.length > 64) return send(res, 400, { error: 'uid: 1-64 word characters; name: at most 64 characters' });
      return send(res, 200, hotsockToken(e, uid, name), 'text/plain');
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'POST' });
    (url.pathname === HOTSOCK_ROOM_PATH ? hotsockRoom(e) : chimeRoom(e)).then(
      (body) => send(res, 200, body),
      (error: Error) => send(res, 500, { error: error.message }),
    );
  };
}
