import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodePathSegment } from '../core/decodePathSegment.js';
import { jsonText } from '../core/jsonText.js';
import { readBody } from '../core/readBody.js';
import { requestTarget } from '../core/requestTarget.js';
import type { HotsockHub } from './HotsockHub.js';
import { type Conn, HotsockRefusal } from './model.js';
import type { ResolvedHotsockOptions } from './options.js';
import { checkChannel, checkEvent } from './validate.js';

/** Request bodies: 32 KiB of data plus room for the envelope (a Lambda URL takes 6 MB; this is plenty). */
const BODY_LIMIT = 256 * 1024;

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = jsonText(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...CORS });
  res.end(text);
}

/** The Client HTTP API is called from browsers (the connection's secret, not cookies, authenticates): CORS for any origin. */
const CORS = { 'access-control-allow-origin': '*' };

/** Error bodies: `{"error":{"code","message"}}` (UNCONFIRMED shape; mirrors `hotsock.error`). */
export const hotsockErrorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * The HTTP side of the emulated installation, on the WebSocket port:
 * - `POST /connection/<operation>?connectionId=…&connectionSecret=…`: the Client HTTP API
 *   (seed `002`): publishMessage (202), listMessages, channelStorageGet, channelStorageSet
 *   (202), channelStorageList, getChannelInfo, umdUpdate; 401 for an unknown id or wrong
 *   secret, 403 for a permission the tokens do not grant, 400/413 for invalid input.
 * - `POST /publish` (Bearer API key, 202): server publish, bypassing permissions.
 * - `GET /channels/<name>` and `/channels/<name>/storage` (Bearer API key): the admin API.
 */
export async function handleHotsockHttp(hub: HotsockHub, options: ResolvedHotsockOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = requestTarget(req.url);
  if (!target) return reply(res, 400, hotsockErrorBody('BAD_REQUEST', 'unparseable request target'));
  const path = target.path;
  if (decodePathSegment(path) === undefined) {
    await readBody(req, BODY_LIMIT);
    return reply(res, 400, hotsockErrorBody('BAD_REQUEST', 'the request path is not valid percent-encoding'));
  }
  if (req.method === 'OPTIONS') {
    const headers = req.headers['access-control-request-headers'] ?? 'content-type,authorization';
    res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET,POST,OPTIONS', 'access-control-allow-headers': headers, 'access-control-max-age': '600' });
    return void res.end();
  }
  try {
    if (path.startsWith('/connection/')) {
      if (req.method !== 'POST') return reply(res, 405, hotsockErrorBody('METHOD_NOT_ALLOWED', 'the Client HTTP API takes POST requests'));
      const id = target.query.get('connectionId');
      const secret = target.query.get('connectionSecret');
      const conn = id ? hub.conns.get(id) : undefined;
      if (!conn || typeof secret !== 'string' || !equal(secret, conn.secret)) {
        await readBody(req, BODY_LIMIT);
        return reply(res, 401, hotsockErrorBody('UNAUTHORIZED', 'unknown connectionId or wrong connectionSecret'));
      }
      const body = await json(req);
      return reply(res, ...connectionOperation(hub, conn, path.slice('/connection/'.length), body));
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const authorized = bearer !== undefined && equal(bearer, options.apiKey);
    if (path === '/publish') {
      if (req.method !== 'POST') return reply(res, 405, hotsockErrorBody('METHOD_NOT_ALLOWED', 'POST /publish'));
      if (!authorized) {
        await readBody(req, BODY_LIMIT);
        return reply(res, 401, hotsockErrorBody('UNAUTHORIZED', 'Authorization: Bearer <API key> required'));
      }
      return reply(res, 202, hub.publish(undefined, await json(req)));
    }
    const channels = /^\/channels\/([^/]+)(\/storage)?$/.exec(path);
    if (channels && req.method === 'GET') {
      if (!authorized) return reply(res, 401, hotsockErrorBody('UNAUTHORIZED', 'Authorization: Bearer <API key> required'));
      const name = decodePathSegment(channels[1]!);
      if (name === undefined) return reply(res, 400, hotsockErrorBody('BAD_REQUEST', 'the channel in the path is not valid percent-encoding'));
      if (!channels[2]) {
        const info = hub.info(name);
        return reply(res, 200, { name, ...Object.fromEntries(Object.entries(info).filter(([k]) => k !== 'channel')) });
      }
      const keys = target.query.get('keys')?.split(',').filter(Boolean);
      const c = hub.channels.get(name);
      const after = target.query.get('after');
      const items = c
        ? [...c.storage]
            .filter(([k, v]) => v.expiresAt > hub.now() && (!keys || keys.includes(k)) && (!after || k > after))
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .slice(0, 100)
            .map(([key, v]) => ({ key, data: v.data, meta: v.meta }))
        : [];
      return reply(res, 200, { items });
    }
    return reply(res, 404, hotsockErrorBody('NOT_FOUND', 'no such endpoint'));
  } catch (error) {
    if (error instanceof HotsockRefusal) return reply(res, error.status === 409 ? 400 : error.status, hotsockErrorBody(error.code, error.message));
    throw error;
  }
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, BODY_LIMIT);
  if (body === undefined) throw new HotsockRefusal('PAYLOAD_TOO_LARGE', 413, `request body exceeds ${BODY_LIMIT} bytes`);
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new HotsockRefusal('INVALID_JSON', 400, 'the body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HotsockRefusal('INVALID_JSON', 400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function connectionOperation(hub: HotsockHub, conn: Conn, operation: string, body: Record<string, unknown>): [number, unknown] {
  switch (operation) {
    case 'publishMessage': {
      if (body.event === 'hotsock.channelStorageSet') throw new HotsockRefusal('INVALID_EVENT', 400, 'use channelStorageSet');
      // Seed 002, connection/publishMessage: "the connection must already be subscribed to the
      // channel and must have publish permissions". Unlike a WebSocket publish, where a
      // connect-token `broadcast` grant allows publishing unsubscribed (spec §3.3), no grant
      // lifts the subscription requirement here. Names are checked first (400 before 403).
      const channel = checkChannel(body.channel);
      checkEvent(body.event);
      if (!conn.subs.has(channel))
        throw new HotsockRefusal('PUBLISH_PERMISSION_DENIED', 403, 'publishMessage needs the connection to be subscribed to the channel, whatever its publish or broadcast grant');
      return [202, hub.publish(conn, body)];
    }
    case 'listMessages':
      return [200, { messages: hub.listMessages(conn, body).map(({ id, event, channel, data, meta }) => ({ id, event, channel, data, meta })) }];
    case 'channelStorageGet': {
      const v = hub.storageGet(conn, body.channel, body.key);
      return [200, { event: 'hotsock.channelStorageData', channel: body.channel, key: body.key, data: v?.data ?? null, meta: v?.meta ?? null }];
    }
    case 'channelStorageSet':
      return [202, hub.storageSet(conn, body.channel, body.key, body.data)];
    case 'channelStorageList':
      return [200, { items: hub.storageList(conn, body.channel, body.keys, body.after) }];
    case 'getChannelInfo':
      return [200, hub.info(body.channel, conn)];
    case 'umdUpdate':
      hub.umdUpdate(conn, body.channel, body.token);
      return [200, {}];
    default:
      throw new HotsockRefusal('NOT_FOUND', 404, 'no such operation');
  }
}
