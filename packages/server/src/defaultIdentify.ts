import type { ApiGatewayWebSocketEvent } from './ApiGatewayWebSocketEvent.js';
import type { ConnectionIdentity } from './ChannelStore.js';

/**
 * The identity a `$connect` event proves, as the router reads it by default: the authorizer's
 * `principalId` (a Lambda authorizer), else its JWT / Cognito claims (`sub`, named by `name`,
 * `cognito:username` or `email`). With `queryParameter`, and only then, a query-string value
 * is taken when no authorizer vouched for anyone: anyone can write a query string, so that is
 * for apps whose `$connect` checks it (or for demos). Nobody proven: `undefined`.
 *
 * @example
 * ```ts
 * createChannelRouter({ store, identify: (event) => defaultIdentify(event, { queryParameter: 'user' }) });
 * ```
 */
export function defaultIdentify(event: ApiGatewayWebSocketEvent, options: { queryParameter?: string } = {}): ConnectionIdentity | undefined {
  const authorizer = event.requestContext.authorizer;
  if (authorizer && typeof authorizer === 'object') {
    const claims = pickClaims(authorizer);
    const name = [claims?.name, claims?.['cognito:username'], claims?.email, authorizer.name].find((v): v is string => typeof v === 'string' && v !== '');
    const id = [authorizer.principalId, claims?.sub].find((v): v is string => typeof v === 'string' && v !== '');
    if (id !== undefined) return { id, ...(name !== undefined ? { name } : {}), ...(claims ? { claims } : {}) };
  }
  if (options.queryParameter !== undefined) {
    const id = event.queryStringParameters?.[options.queryParameter];
    if (typeof id === 'string' && id !== '') return { id };
  }
  return undefined;
}

/** Cognito user-pool authorizers put claims under `claims`; JWT authorizers under `jwt.claims`. */
function pickClaims(authorizer: Record<string, unknown>): Record<string, unknown> | undefined {
  const direct = authorizer.claims;
  if (direct && typeof direct === 'object') return direct as Record<string, unknown>;
  const jwt = authorizer.jwt as { claims?: unknown } | undefined;
  if (jwt?.claims && typeof jwt.claims === 'object') return jwt.claims as Record<string, unknown>;
  return undefined;
}
