// How the cross-package tests build clients for each backend, in one place.
import { createClient, type Logger, type RealtimeClient } from '@channelkit/transport';
import { apiGatewayWebSocket } from '@channelkit/transport/apigw';
import { type AppSyncAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ConnectionsClient, type ConnectionsClientOptions } from '@channelkit/transport/server';
import type { RunningEmulator } from '@channelkit/emulator';
import { WebSocket } from 'ws';

const FAST_BACKOFF = { delaysMs: [20, 50, 100], minUptimeMs: 50 };

/** Something every client built here is closed through. */
export interface Closable {
  close(): void;
}

export interface BackendOptions {
  logger?: Logger;
  fetch?: typeof fetch;
}

/** An AppSync Events client (socket + HTTP publish) with the given auth. */
export function appSyncClient(e: RunningEmulator, auth: AppSyncAuth, options: BackendOptions = {}): RealtimeClient {
  return createClient({
    backend: appSyncEvents({ httpEndpoint: e.endpoints.appsync.httpEndpoint, auth }),
    WebSocket,
    backoff: FAST_BACKOFF,
    autoConnect: false,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A connection speaking ChannelKit's channel convention over an API Gateway WebSocket API. */
export function apiGatewayConnection(e: RunningEmulator, query: Record<string, string>, options: BackendOptions = {}): RealtimeClient {
  return createClient({
    backend: apiGatewayWebSocket({ url: e.endpoints.apigw.webSocketUrl, query }),
    WebSocket,
    backoff: FAST_BACKOFF,
    autoConnect: false,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** The `@connections` management client a backend Lambda would use. */
export function managementClient(e: RunningEmulator, overrides: Partial<ConnectionsClientOptions> = {}): ConnectionsClient {
  return new ConnectionsClient({ endpoint: e.endpoints.apigw.managementEndpoint, region: e.endpoints.apigw.region, credentials: e.endpoints.apigw.credentials, maxRetries: 0, ...overrides });
}
