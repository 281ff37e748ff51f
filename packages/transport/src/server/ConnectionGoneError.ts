import { ChannelKitError } from '../errors/ChannelKitError.js';

/**
 * The connection no longer exists (API Gateway `GoneException`, HTTP 410): the client left, or
 * the id was never valid. Remove it from wherever you store connection ids.
 *
 * @example
 * ```ts
 * try {
 *   await connections.post(id, message);
 * } catch (error) {
 *   if (error instanceof ConnectionGoneError) await db.deleteConnection(error.connectionId);
 * }
 * ```
 */
export class ConnectionGoneError extends ChannelKitError {
  readonly connectionId: string;

  constructor(connectionId: string) {
    super('CONNECTION_GONE', `connection ${connectionId} is gone (GoneException, HTTP 410)`, { details: { connectionId, status: 410 } });
    this.name = 'ConnectionGoneError';
    this.connectionId = connectionId;
  }
}
