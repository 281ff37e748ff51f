import type { Claims } from './permissions.js';

/** A refusal in Hotsock's terms: the `hotsock.error` code and the HTTP status of the same rule. */
export class HotsockRefusal extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One subscription of one connection (what the `channels` of `/connections` lists). */
export interface Sub {
  readonly channel: string;
  readonly alias: string | undefined;
  uid: string | null;
  umd: unknown;
  /** Claim sets that apply: the connect token's, then the subscribe token's (if any). */
  readonly grants: readonly Claims[];
  /** When it began (ms): history without `historyStart` starts here. */
  readonly since: number;
  readonly autoSubscribed: boolean;
  readonly omitFromSubCount: boolean;
}

/** One live connection. `send` writes one frame object; `close` ends the socket. */
export interface Conn {
  readonly id: string;
  readonly secret: string;
  readonly claims: Claims;
  uid: string | null;
  umd: unknown;
  readonly connectedAt: number;
  readonly subs: Map<string, Sub>;
  send(frame: Record<string, unknown>): void;
  close(code: number, reason: string): void;
}

/** A stored message (`expiresAt` Infinity for `store: -1`). */
export interface Stored {
  readonly id: string;
  readonly event: string;
  readonly channel: string;
  readonly data: unknown;
  readonly meta: { uid: string | null; umd: unknown };
  readonly at: number;
  readonly expiresAt: number;
}

/** One storage entry. */
export interface StorageValue {
  readonly data: unknown;
  readonly meta: { uid: string | null; umd: unknown } | null;
  readonly expiresAt: number;
}

/** Everything the emulator keeps about one channel. */
export interface ChannelData {
  /** Connection id → its subscription. */
  readonly subscribers: Map<string, Sub>;
  /** Presence members in join order (uid → umd), deduplicated by uid. */
  readonly members: Map<string, unknown>;
  readonly history: Stored[];
  readonly storage: Map<string, StorageValue>;
}

/** The presence member list as frames carry it. */
export const memberList = (c: ChannelData) => [...c.members].map(([uid, umd]) => ({ uid, umd }));

/** Expiry of a `store` directive: 0 none, −1 forever, else seconds (capped at the documented max). */
export const expiryOf = (store: number | undefined, now: number): number | undefined => {
  if (store === undefined || store === 0) return undefined;
  if (store < 0) return Number.POSITIVE_INFINITY;
  return now + Math.min(store, 3_155_695_200) * 1000;
};
