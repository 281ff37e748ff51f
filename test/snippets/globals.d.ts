// Free names the documentation's snippets use as placeholders for the reader's own values.
// Snippets are modules, so a snippet that declares one of these shadows it.
import type { ChannelKitError, EventMeta, RealtimeClient } from '@channelkit/transport';
import type { ChimeBackend } from '@channelkit/transport/chime';
import type { AwsCredentials } from '@channelkit/transport/sigv4';

declare global {
  const httpEndpoint: string;
  const apiKey: string;
  const key: string;
  const region: string;
  const stage: string;
  const domainName: string;
  const endpoint: string;
  const connectionId: string;
  const credentials: AwsCredentials;
  const idsInRoom: string[];
  const appInstanceArn: string;
  /** A client and the Chime backend it was created with (docs/chime.md). */
  const client: RealtimeClient;
  const backend: ChimeBackend;
  const userArn: string;
  const channelArn: string;
  const message: unknown;
  const data: unknown;
  const db: { deleteConnections(ids: readonly string[]): Promise<void> };
  interface ChatMessage {
    text: string;
  }
  function onEvent(message: ChatMessage, meta: EventMeta): void;
  function onDiscontinuity(): void;
  function onError(error: ChannelKitError): void;
  function getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
  function getToken(options?: { forceRefresh?: boolean }): Promise<string>;
  /** The app's session lookup (docs/hotsock.md route handler). */
  function currentUser(request: Request): Promise<{ id: string; name: string; teamId: string } | undefined>;
  function mayRead(user: { id: string }, channel: string): Promise<boolean>;
  function render(value: unknown): void;
  /** React's, for snippets that show hooks without importing React. */
  function useSyncExternalStore<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T, getServerSnapshot?: () => T): T;
  function show(...values: unknown[]): void;
  function refetch(): void;
}
