// Chime test fixtures: users and channels created through the REST admin calls, clients per user.
import { type ClientOptions, createClient, type RealtimeClient } from '@channelkit/transport';
import { type ChimeBackend, ChimeMessagingApi, chime, createAppInstanceUser } from '@channelkit/transport/chime';
import type { RunningEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';

export const FAST = { WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } };

/** The REST API acting as `userArn` against the emulator. */
export function chimeApi(e: RunningEmulator, userArn: string, fetchImpl: typeof fetch = fetch): ChimeMessagingApi {
  const { endpoint, region, credentials } = e.endpoints.chime;
  return new ChimeMessagingApi({ endpoint, region, credentials: async () => credentials, fetch: fetchImpl }, userArn);
}

/** Creates an AppInstanceUser through the identity endpoint. */
export function createUser(e: RunningEmulator, id: string): Promise<string> {
  const { identityEndpoint, region, credentials, appInstanceArn } = e.endpoints.chime;
  return createAppInstanceUser({ endpoint: identityEndpoint, region, credentials: async () => credentials, fetch }, { AppInstanceArn: appInstanceArn, AppInstanceUserId: id, Name: id });
}

/** Creates a channel with the given id, owned by `owner`, with `members` added. */
export async function createChannel(e: RunningEmulator, owner: string, id: string, members: string[] = []): Promise<string> {
  const api = chimeApi(e, owner);
  const arn = await api.createChannel({ AppInstanceArn: e.endpoints.chime.appInstanceArn, Name: id, ChannelId: id });
  for (const m of members) await api.createChannelMembership(arn, m);
  return arn;
}

/** A Chime backend for `userArn` against the emulator. */
export function chimeBackend(e: RunningEmulator, userArn: string, overrides: Partial<Parameters<typeof chime>[0]> = {}): ChimeBackend {
  const { endpoint, region, credentials, appInstanceArn } = e.endpoints.chime;
  return chime({ region, appInstanceArn, userArn, credentials, endpoint, ...overrides });
}

/** A client for `userArn` (fast retries). */
export function chimeClient(
  e: RunningEmulator,
  userArn: string,
  overrides: Partial<Parameters<typeof chime>[0]> = {},
  options: Partial<ClientOptions> = {},
): { client: RealtimeClient; backend: ChimeBackend } {
  const backend = chimeBackend(e, userArn, overrides);
  return { client: createClient({ backend, ...FAST, ...options }), backend };
}
