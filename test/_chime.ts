// Chime test fixtures: users and channels created through the REST admin calls, clients per user.
// Each user signs with credentials issued for it (`e.chime.credentialsFor(userArn)`), as on AWS
// where a user's IAM credentials are scoped to its own AppInstanceUser ARN; the shared pair of
// the ready line only provisions (CreateAppInstanceUser, CreateAppInstanceAdmin).

import type { RunningEmulator } from '@channelkit/emulator';
import { type ClientOptions, createClient, type RealtimeClient } from '@channelkit/transport';
import { type ChimeBackend, ChimeMessagingApi, chime, createAppInstanceUser } from '@channelkit/transport/chime';
import { signRequest } from '@channelkit/transport/sigv4';
import { WebSocket } from 'ws';

export const FAST = { WebSocket, backoff: { delaysMs: [20, 50, 100], minUptimeMs: 50 } };

/** Credentials bound to `userArn` (issued by the emulator; the user need not exist yet). */
export function userCredentials(e: RunningEmulator, userArn: string): { accessKeyId: string; secretAccessKey: string } {
  return e.chime.credentialsFor(userArn);
}

/** The REST API acting as `userArn` against the emulator, signed with that user's credentials. */
export function chimeApi(e: RunningEmulator, userArn: string, fetchImpl: typeof fetch = fetch): ChimeMessagingApi {
  const { endpoint, region } = e.endpoints.chime;
  const credentials = userCredentials(e, userArn);
  return new ChimeMessagingApi({ endpoint, region, credentials: async () => credentials, fetch: fetchImpl }, userArn);
}

/**
 * Makes an existing AppInstanceUser an AppInstanceAdmin through the identity API
 * (CreateAppInstanceAdmin, signed with the shared credentials).
 */
export async function makeAdmin(e: RunningEmulator, userArn: string): Promise<void> {
  const { identityEndpoint, region, credentials, appInstanceArn } = e.endpoints.chime;
  const body = JSON.stringify({ AppInstanceAdminArn: userArn });
  const signed = signRequest(
    { url: `${identityEndpoint}/app-instances/${encodeURIComponent(appInstanceArn)}/admins`, method: 'POST', headers: { 'content-type': 'application/json' }, body },
    { service: 'chime', region, credentials },
  );
  const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
  if (res.status !== 201) throw new Error(`CreateAppInstanceAdmin: HTTP ${res.status} ${await res.text()}`);
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
  const { endpoint, region, appInstanceArn } = e.endpoints.chime;
  return chime({ region, appInstanceArn, userArn, credentials: userCredentials(e, userArn), endpoint, ...overrides });
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
