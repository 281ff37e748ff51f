import { WebSocket } from 'ws';
import { signJwt } from '../../core/jwt.js';
import { type RunningEmulator, startEmulator } from '../../startEmulator.js';
import type { HotsockEmulatorOptions } from '../options.js';

/** Arbitrary JSON the assertions walk into (a frame's data, an HTTP body). */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the emulator sent and assert on it
export type Json = any;

export type Frame = Record<string, unknown> & { event: string; channel?: string; data?: Json; meta?: Json; error?: { code: string; message?: string } };

/** An emulator with short Hotsock timers unless told otherwise. */
export function start(hotsock: HotsockEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, hotsock });
}

export function mint(e: RunningEmulator, claims: Record<string, unknown>, key: Parameters<typeof signJwt>[1] = e.endpoints.hotsock.issuer): string {
  return signJwt({ exp: Math.floor(Date.now() / 1000) + 60, ...claims }, key);
}

/** A raw socket speaking Hotsock frames, with a queue of what arrived. */
export interface Peer {
  ws: WebSocket;
  frames: Frame[];
  /** The next frame with this event (or any), consumed from the queue. */
  next(event?: string, timeoutMs?: number): Promise<Frame>;
  send(frame: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  connected: Frame;
  /** `POST /connection/<op>` authenticated as this connection. */
  http(operation: string, body: unknown): Promise<{ status: number; body: Json }>;
}

/** Opens a socket with a connect token; resolves after `hotsock.connected`. */
export async function connect(e: RunningEmulator, claims: Record<string, unknown> = {}, token?: string): Promise<Peer> {
  const ws = new WebSocket(`${e.endpoints.hotsock.webSocketUrl}?token=${token ?? mint(e, { scope: 'connect', ...claims })}`);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (raw) => {
    try {
      frames.push(JSON.parse(raw.toString()) as Frame);
    } catch {
      frames.push({ event: '<garbage>', data: raw.toString() });
    }
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (event?: string, timeoutMs = 5000) =>
    new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event ?? 'frame'} within ${timeoutMs} ms; have ${JSON.stringify(frames.map((f) => f.event))}`)), timeoutMs);
      const check = () => {
        const i = frames.findIndex((f) => event === undefined || f.event === event);
        if (i >= 0) {
          clearTimeout(timer);
          resolve(frames.splice(i, 1)[0]!);
        } else waiters.push(check);
      };
      check();
    });
  const connected = await next('hotsock.connected');
  const { connectionId, connectionSecret } = connected.data as { connectionId: string; connectionSecret: string };
  return {
    ws,
    frames,
    next,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    closed,
    connected,
    http: async (operation, body) => {
      const url = `${e.endpoints.hotsock.httpApiUrl}connection/${operation}?connectionId=${encodeURIComponent(connectionId)}&connectionSecret=${encodeURIComponent(connectionSecret)}`;
      const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** The status of a refused upgrade (the socket never opens). */
export function refusedWith(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
