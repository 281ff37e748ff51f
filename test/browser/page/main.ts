// Page side, part 2: a tiny remote-control API on `globalThis.ck` that the Node-side tests
// drive with `page.evaluate`. Clients come from backends.ts; nothing here knows a backend.
import { type HotsockSigningAlgorithm, signHotsockToken } from '@channelkit/transport/hotsock-server';
import { defaultHasher } from '@channelkit/transport/sigv4';
import { pureHasher } from '@channelkit/transport/sigv4';
import { BACKENDS, type BackendName, type Endpoints, type PageClient } from './backends.js';

interface Session {
  client: PageClient;
  events: Record<string, unknown[]>;
  subscribed: Record<string, number>;
  discontinuities: Record<string, number>;
  errors: Array<{ code: string; message: string }>;
  releases: Array<() => void>;
}

/** What the Node side reads back; plain JSON. */
export interface SessionSnapshot {
  status: string;
  events: Record<string, unknown[]>;
  subscribed: Record<string, number>;
  discontinuities: Record<string, number>;
  errors: Array<{ code: string; message: string }>;
}

const sessions = new Map<string, Session>();
let nextId = 0;

function session(id: string): Session {
  const s = sessions.get(id);
  if (!s) throw new Error(`no session ${id}`);
  return s;
}

function describeError(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  return { code: typeof e?.code === 'string' ? e.code : String(e?.name ?? 'Error'), message: String(e?.message ?? error) };
}

const ck = {
  /** Facts about the page's environment (proves the browser code paths are the ones tested). */
  environment: () => ({
    userAgent: navigator.userAgent,
    hasNodeProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
    nativeWebSocket: typeof WebSocket === 'function',
    pureHasher: defaultHasher() === pureHasher,
  }),

  /** signHotsockToken in the page's WebCrypto: the token, or the error's code and details. */
  async signHotsockToken(alg: HotsockSigningAlgorithm, key: string): Promise<{ token: string } | { code: unknown; message: string; details: unknown }> {
    try {
      return { token: await signHotsockToken({ claims: { scope: 'connect', uid: 'chromium' }, key, alg, ttl: 60 }) };
    } catch (error) {
      const e = error as { code?: unknown; message: string; details?: unknown };
      return { code: e.code, message: e.message, details: e.details };
    }
  },

  open(backend: BackendName, endpoints: Endpoints): { id: string; channel: string } {
    const id = `s${nextId++}`;
    const client = BACKENDS[backend](endpoints);
    sessions.set(id, { client, events: {}, subscribed: {}, discontinuities: {}, errors: [], releases: [] });
    return { id, channel: client.channel };
  },

  subscribe(id: string, channel: string): void {
    const s = session(id);
    s.events[channel] ??= [];
    s.subscribed[channel] ??= 0;
    s.discontinuities[channel] ??= 0;
    s.releases.push(
      s.client.subscribe(channel, {
        onEvent: (data) => s.events[channel]!.push(data),
        onSubscribed: () => {
          s.subscribed[channel]! += 1;
        },
        onError: (error) => s.errors.push(describeError(error)),
        onDiscontinuity: () => {
          s.discontinuities[channel]! += 1;
        },
      }),
    );
  },

  /** Publishes over the socket; resolves to `{ ok }` or `{ error }` (never rejects, so the Node side sees the message). */
  async publish(id: string, channel: string, data: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }> {
    try {
      return { ok: true, result: await session(id).client.publish(channel, data) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  },

  /** Publishes over HTTP (backends that have it). */
  async post(id: string, channel: string, data: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }> {
    const { client } = session(id);
    if (!client.post) return { ok: false, error: { code: 'UNSUPPORTED', message: 'this backend has no HTTP publish' } };
    try {
      return { ok: true, result: await client.post(channel, data) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  },

  snapshot(id: string): SessionSnapshot {
    const s = session(id);
    return { status: s.client.status(), events: s.events, subscribed: s.subscribed, discontinuities: s.discontinuities, errors: s.errors };
  },

  close(id: string): void {
    const s = session(id);
    for (const release of s.releases.splice(0)) release();
    s.client.close();
    sessions.delete(id);
  },
};

export type PageApi = typeof ck;
(globalThis as { ck?: PageApi }).ck = ck;
document.title = 'ready';
