import type { BackendContext, BackendPlugin } from '../core/BackendPlugin.js';
import { type ChimeEmulatorOptions, ChimeServer } from './ChimeServer.js';

/**
 * The ready-line section of the emulated Chime SDK messaging service (stable names).
 *
 * @example
 * ```ts
 * const { endpoint, region, appInstanceArn, credentials }: ChimeEndpoints = emulator.endpoints.chime;
 * ```
 */
export interface ChimeEndpoints {
  /** Chime SDK Messaging REST endpoint (`http://127.0.0.1:<port>`); the socket is on the same host. */
  endpoint: string;
  /** Chime SDK Identity endpoint (CreateAppInstanceUser); the same server. */
  identityEndpoint: string;
  region: string;
  appInstanceArn: string;
  /**
   * The shared pair (the app server's role): creates AppInstanceUsers and AppInstanceAdmins;
   * acts as a user only with `sharedCredentialsActAsAnyUser`. Users sign with their own pair,
   * from `userCredentialsUrl` or `startEmulator().chime.credentialsFor(userArn)`.
   */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Admin route (loopback only) that issues credentials bound to one AppInstanceUser:
   * `POST` `{"userArn": "…"}` → `{accessKeyId, secretAccessKey}`.
   */
  userCredentialsUrl: string;
  /** Whether the shared pair may act as any user (the quick-start shortcut; false unless configured). */
  sharedCredentialsActAsAnyUser: boolean;
}

/**
 * Amazon Chime SDK messaging as an emulator plugin (port offset 4).
 *
 * @example
 * ```ts
 * const chime = chimePlugin({ users: ['ada'] }, { registry, faults });
 * ```
 */
export function chimePlugin(options: ChimeEmulatorOptions | undefined, context: BackendContext): BackendPlugin & { server: ChimeServer } {
  const server = new ChimeServer(options, context);
  let host = '';
  return {
    name: 'chime',
    portOffset: 4,
    server,
    handleHttp: (req, res) => server.handleHttp(req, res, host),
    handleUpgrade: (req, socket, head) => server.handleUpgrade(req, socket, head),
    errorBody: (status, message) => JSON.stringify({ Code: status >= 500 ? 'ServiceFailure' : 'BadRequest', Message: status >= 500 ? 'Service has experienced an unexpected failure' : message }),
    listening: (address): ChimeEndpoints => {
      host = address.host;
      const endpoint = `${address.http}://${address.host}`;
      return {
        endpoint,
        identityEndpoint: endpoint,
        region: server.region,
        appInstanceArn: server.model.appInstanceArn,
        credentials: server.credentials,
        userCredentialsUrl: `${address.admin}/chime/credentials`,
        sharedCredentialsActAsAnyUser: server.iam.sharedActsAsAnyUser,
      };
    },
    connections: () => context.registry.list().filter((c) => c.backend === 'chime'),
    reset: () => server.reset(),
    close: () => server.close(),
    adminRoutes: [
      {
        method: 'POST',
        path: '/_emulator/chime/credentials',
        body: '{userArn}',
        // What an app's server does on AWS after signing a user in (a Cognito identity pool or
        // STS role scoped to the user's AppInstanceUser ARN); loopback only, like every admin route.
        handle: (input) => server.credentialsFor((input as { userArn?: unknown } | null)?.userArn as string),
      },
      {
        method: 'POST',
        path: '/_emulator/chime/event',
        body: '{eventType, payload, messageType?, reason?, userArn?}',
        handle: (input) => {
          const i = (input ?? {}) as Record<string, unknown>;
          if (typeof i.eventType !== 'string') throw new TypeError('eventType must be a string');
          return {
            sent: server.emit(
              typeof i.userArn === 'string' ? i.userArn : undefined,
              i.eventType,
              i.payload,
              typeof i.messageType === 'string' ? i.messageType : 'SYSTEM',
              typeof i.reason === 'string' ? i.reason : undefined,
            ),
          };
        },
      },
    ],
  };
}
