// Payload shapes of Chime SDK messaging (spec `chime-apigw.md` A2.5, from the Smithy model).
// Every member is optional on the wire; timestamps are normalised to epoch milliseconds.

/**
 * A user or bot as Chime names it.
 *
 * @example
 * ```ts
 * const sender: ChimeIdentity = { Arn: 'arn:aws:chime:us-east-1:123456789012:app-instance/abc/user/ada', Name: 'Ada' };
 * ```
 */
export interface ChimeIdentity {
  readonly Arn?: string;
  readonly Name?: string;
}

/**
 * A channel message as events and REST calls carry it (`ChannelMessage` / `ChannelMessageSummary`).
 *
 * @example
 * ```ts
 * const text = (m: ChimeMessage) => (m.Redacted ? '(redacted)' : m.Content);
 * ```
 */
export interface ChimeMessage {
  readonly ChannelArn?: string;
  readonly MessageId: string;
  readonly Content?: string;
  readonly Metadata?: string;
  readonly Type?: 'STANDARD' | 'CONTROL';
  /** Epoch ms (the wire has epoch seconds on REST and ISO-8601 strings on the socket; both are read). */
  readonly CreatedTimestamp?: number | undefined;
  readonly LastEditedTimestamp?: number | undefined;
  readonly LastUpdatedTimestamp?: number | undefined;
  readonly Sender?: ChimeIdentity;
  readonly Redacted?: boolean;
  readonly Persistence?: 'PERSISTENT' | 'NON_PERSISTENT';
  readonly Status?: { readonly Value?: 'SENT' | 'PENDING' | 'FAILED' | 'DENIED'; readonly Detail?: string };
  readonly MessageAttributes?: Readonly<Record<string, { readonly StringValues?: readonly string[] }>>;
  readonly SubChannelId?: string;
  readonly ContentType?: string;
  readonly Target?: ReadonlyArray<{ readonly MemberArn?: string }>;
}

/**
 * A channel as listed (`ChannelSummary`) or described (`Channel`).
 *
 * @example
 * ```ts
 * const label = (c: ChimeChannel) => c.Name ?? c.ChannelArn;
 * ```
 */
export interface ChimeChannel {
  readonly ChannelArn: string;
  readonly Name?: string;
  readonly Mode?: 'UNRESTRICTED' | 'RESTRICTED';
  readonly Privacy?: 'PUBLIC' | 'PRIVATE';
  readonly Metadata?: string;
  readonly LastMessageTimestamp?: number | undefined;
  readonly CreatedTimestamp?: number | undefined;
  readonly LastUpdatedTimestamp?: number | undefined;
  readonly CreatedBy?: ChimeIdentity;
  readonly [key: string]: unknown;
}

/**
 * A membership event's payload (`ChannelMembership`, or `BatchChannelMemberships` with `Members`).
 *
 * @example
 * ```ts
 * const who = (m: ChimeMembership) => m.Member?.Arn ?? m.Members?.map((x) => x.Arn);
 * ```
 */
export interface ChimeMembership {
  readonly ChannelArn?: string;
  readonly Member?: ChimeIdentity;
  readonly Members?: readonly ChimeIdentity[];
  readonly InvitedBy?: ChimeIdentity;
  readonly Type?: 'DEFAULT' | 'HIDDEN';
  readonly SubChannelId?: string;
  readonly CreatedTimestamp?: number | undefined;
  readonly LastUpdatedTimestamp?: number | undefined;
}

/**
 * One `CHANNEL_DETAILS` prefetch entry (spec A2.6).
 *
 * @example
 * ```ts
 * const unread = (d: ChimeChannelDetails) => (d.Channel.LastMessageTimestamp ?? 0) > (d.ReadMarkerTimestamp ?? 0);
 * ```
 */
export interface ChimeChannelDetails {
  readonly Channel: ChimeChannel;
  readonly ChannelMessages?: readonly ChimeMessage[];
  readonly ChannelMemberships?: ReadonlyArray<{ readonly Member?: ChimeIdentity }>;
  readonly ReadMarkerTimestamp?: number | undefined;
  readonly ChannelMessagesHasMore?: boolean;
}

/**
 * Reads a Chime timestamp: epoch seconds (REST, possibly fractional) or an ISO-8601 string
 * (what the socket payloads are seen with; the encoding there is UNCONFIRMED, spec A2.5) → epoch ms.
 *
 * @example
 * ```ts
 * chimeTime(1700000000.5); // 1700000000500
 * chimeTime('2023-11-14T22:13:20.500Z'); // 1700000000500
 * ```
 */
export function chimeTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

const TIME_KEYS = ['CreatedTimestamp', 'LastEditedTimestamp', 'LastUpdatedTimestamp', 'LastMessageTimestamp', 'ReadMarkerTimestamp'];

/** Copies a payload object with every known timestamp member normalised to epoch ms. */
export function normaliseTimes<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => normaliseTimes(v)) as T;
  if (value === null || typeof value !== 'object') return value as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__') continue;
    out[k] = TIME_KEYS.includes(k) ? chimeTime(v) : v !== null && typeof v === 'object' ? normaliseTimes(v) : v;
  }
  return out as T;
}
