/**
 * The backends the emulator serves.
 *
 * @example
 * ```ts
 * emulator.faults.apply({ backend: 'appsync' satisfies Backend, action: 'drop' });
 * ```
 */
export type Backend = 'appsync' | 'apigw' | 'hotsock' | 'chime';

/**
 * One live emulated connection, with the handles faults act on.
 */
export interface EmulatedConnection {
  readonly backend: Backend;
  readonly connectionId: string;
  readonly connectedAt: number;
  channels(): string[];
  /** Kill the socket without a close frame (a network drop). */
  drop(): void;
  close(code: number, reason: string): void;
  /** Send one frame that is not valid for the protocol. */
  sendGarbage(): void;
  stopKeepAlive(): void;
}

/**
 * What `GET /_emulator/connections` returns for each connection.
 *
 * @example
 * ```ts
 * const list: ConnectionInfo[] = await (await fetch(`${admin}/connections`)).json();
 * ```
 */
export interface ConnectionInfo {
  backend: Backend;
  connectionId: string;
  channels: string[];
  connectedAt: string;
}

/**
 * Every live connection across backends, for the admin API and for faults.
 *
 * @example
 * ```ts
 * const registry = new ConnectionRegistry();
 * registry.add(connection);
 * registry.select({ backend: 'appsync' }).forEach((c) => c.drop());
 * ```
 */
export class ConnectionRegistry {
  readonly #connections = new Map<string, EmulatedConnection>();

  add(connection: EmulatedConnection): void {
    this.#connections.set(connection.connectionId, connection);
  }

  remove(connectionId: string): void {
    this.#connections.delete(connectionId);
  }

  get(connectionId: string): EmulatedConnection | undefined {
    return this.#connections.get(connectionId);
  }

  /** Connections matching a backend and/or id (both optional: all). */
  select(filter: { backend?: Backend | undefined; connectionId?: string | undefined }): EmulatedConnection[] {
    return [...this.#connections.values()].filter((c) => (!filter.backend || c.backend === filter.backend) && (!filter.connectionId || c.connectionId === filter.connectionId));
  }

  list(): ConnectionInfo[] {
    return [...this.#connections.values()].map((c) => ({
      backend: c.backend,
      connectionId: c.connectionId,
      channels: c.channels(),
      connectedAt: new Date(c.connectedAt).toISOString(),
    }));
  }
}
