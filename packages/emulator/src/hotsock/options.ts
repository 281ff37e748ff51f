import { randomBytes } from 'node:crypto';
import type { JwtKey } from '../core/jwt.js';

/**
 * Options of the emulated Hotsock installation. Timers default to the real service's (idle 10
 * min, 2 h maximum, keep-alive every 570 s); tests shorten them.
 *
 * @example
 * ```ts
 * await startEmulator({ port: 0, hotsock: { idleTimeoutMs: 2000, maxConnectionMs: 5000 } });
 * ```
 */
export interface HotsockEmulatorOptions {
  /** The key the ready line hands out for minting tokens (default: a random HS256 secret with kid `emulator`). */
  issuer?: { alg: 'HS256'; secret: string; kid?: string } | { alg: 'ES256'; privateKeyPem: string; kid?: string };
  /** More verification keys (the second rotation slot): HS*, RS*, PS*, ES* or EdDSA, as a Hotsock key slot accepts. */
  keys?: JwtKey[];
  /** `TokenAudienceParameter` / `TokenIssuerParameter`: when set, tokens must carry them. */
  audience?: string;
  tokenIssuer?: string;
  /** The 40-character Bearer key of the server publish and admin APIs (default: random). */
  apiKey?: string;
  /** WebSocket stage path (default `v1`). */
  stage?: string;
  idleTimeoutMs?: number;
  maxConnectionMs?: number;
  keepAliveIntervalMs?: number;
  /** The clock (ms) tokens, history and storage expiry are judged by. */
  now?: () => number;
}

export type ResolvedHotsockOptions = Required<Omit<HotsockEmulatorOptions, 'audience' | 'tokenIssuer' | 'keys'>> & {
  keys: JwtKey[];
  audience: string | undefined;
  tokenIssuer: string | undefined;
};

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`hotsock.${name} must be a positive number of milliseconds`);
  return value;
};

/** Fills defaults and checks types, naming the option that is wrong. */
export function resolveHotsockOptions(options: HotsockEmulatorOptions = {}): ResolvedHotsockOptions {
  const issuer = options.issuer ?? { alg: 'HS256' as const, secret: randomBytes(24).toString('base64url'), kid: 'emulator' };
  if (issuer.alg !== 'HS256' && issuer.alg !== 'ES256') throw new RangeError('hotsock.issuer.alg must be HS256 or ES256');
  const apiKey = options.apiKey ?? randomBytes(30).toString('base64url').slice(0, 40);
  if (typeof apiKey !== 'string' || apiKey.length < 16) throw new RangeError('hotsock.apiKey must be a string of at least 16 characters');
  const stage = options.stage ?? 'v1';
  if (!/^[A-Za-z0-9_-]+$/.test(stage)) throw new RangeError('hotsock.stage must be letters, digits, _ or -');
  return {
    issuer,
    keys: [issuer, ...(options.keys ?? [])],
    audience: options.audience,
    tokenIssuer: options.tokenIssuer,
    apiKey,
    stage,
    idleTimeoutMs: positive('idleTimeoutMs', options.idleTimeoutMs, 10 * 60_000),
    maxConnectionMs: positive('maxConnectionMs', options.maxConnectionMs, 2 * 3_600_000),
    keepAliveIntervalMs: positive('keepAliveIntervalMs', options.keepAliveIntervalMs, 570_000),
    now: options.now ?? Date.now,
  };
}
