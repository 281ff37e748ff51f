// AppSync Events namespace handlers, run in-process with the context AppSync gives them.
//
// Sources (AWS documentation):
// - "Process real-time events with AWS AppSync event handlers"
//   https://docs.aws.amazon.com/appsync/latest/eventapi/channel-namespace-handlers.html
//   `onPublish(ctx): OutgoingEvent[] | null` — ctx.events, ctx.channel, ctx.identity, ctx.info
//   ({ channel: { path, segments }, channelNamespace: { name }, operation }); the returned
//   events are broadcast, an event left out is not, an event with `error` is reported failed.
//   `onSubscribe(ctx)` authorizes a subscription: `util.unauthorized()` rejects it.
// - "Writing event handlers" https://docs.aws.amazon.com/appsync/latest/eventapi/writing-event-handlers.html
//   `export function onPublish(ctx) { return ctx.events }` is the default behaviour; returning
//   `[]` broadcasts nothing; `{ id, payload: { ...payload, msg } }` changes what is broadcast.
// - "AWS AppSync Event API context reference"
//   https://docs.aws.amazon.com/appsync/latest/eventapi/context-reference.html
//   ctx = { identity, request, info, stash, events }; `identity` by auth mode: none for API keys,
//   `{ sub, issuer, username, claims, sourceIp, defaultAuthStrategy, groups }` for Cognito user
//   pools, `{ sub, issuer, claims }` for OIDC, `{ resolverContext }` for a Lambda authorizer,
//   `{ accountId, userArn, username, sourceIp, cognitoIdentity… }` for IAM.
// The frames a rejection produces follow shared/specs/appsync-events.md §3.8: `Unauthorized`
// for `util.unauthorized()` in onSubscribe (amplify-js#14947), `UnauthorizedException` for a
// publish. What AppSync sends when handler code throws is not documented (UNCONFIRMED): the
// emulator answers with the processing errors of the WebSocket docs' examples
// (`SubscriptionProcessingError`, and for publishes a `publish_error` of the same kind), and
// never lets the exception reach the emulator itself.

/**
 * The caller as AppSync's handlers see it (`ctx.identity`), by the auth mode of the operation
 * (each subscribe and publish carries its own authorization): `null` for an API key.
 *
 * @example
 * ```ts
 * const who = (identity: AppSyncIdentity) => (identity && 'sub' in identity ? identity.sub : undefined);
 * ```
 */
export type AppSyncIdentity =
  | null
  | { sub: string; issuer: string; username: string; claims: Record<string, unknown>; sourceIp: string[]; defaultAuthStrategy: 'ALLOW'; groups: string[] | null }
  | { sub: string; issuer: string; claims: Record<string, unknown> }
  | { resolverContext: Record<string, string> }
  | {
      accountId: string;
      userArn: string;
      username: string;
      sourceIp: string[];
      cognitoIdentityPoolId: null;
      cognitoIdentityId: null;
      cognitoIdentityAuthType: null;
      cognitoIdentityAuthProvider: null;
    };

/**
 * The `ctx` an AppSync Events handler receives (AWS context reference): `events` only for
 * `onPublish`, each `{ id, payload }` with the payload parsed from the published string.
 *
 * @example
 * ```ts
 * const onPublish = (ctx: AppSyncHandlerContext) => ctx.events.filter((e) => e.payload !== null);
 * ```
 */
export interface AppSyncHandlerContext {
  events: Array<{ id: string; payload: unknown }>;
  channel: string;
  identity: AppSyncIdentity;
  info: { channel: { path: string; segments: string[] }; channelNamespace: { name: string }; operation: 'PUBLISH' | 'SUBSCRIBE' };
  request: { headers: Record<string, string>; domainName: null };
  stash: Record<string, unknown>;
}

/**
 * What `onPublish` returns for one event: its id with the payload to broadcast, or with an
 * `error` to report it failed (and broadcast nothing for it).
 *
 * @example
 * ```ts
 * const stamped: AppSyncOutgoingEvent = { id: event.id, payload: { ...event.payload, sender: { id: 'alice' } } };
 * ```
 */
export type AppSyncOutgoingEvent = { id: string; payload: unknown; error?: undefined } | { id: string; error: string; payload?: unknown };

/**
 * A namespace's handlers, written as in AppSync's `code` (plain functions of `ctx`). They run
 * after the operation's auth succeeded, as on AWS.
 *
 * @example
 * ```ts
 * const handlers: AppSyncEventHandlers = {
 *   onPublish: (ctx) => ctx.events.map(({ id, payload }) => ({ id, payload: { ...(payload as object), sender: { id: (ctx.identity as { sub: string }).sub } } })),
 *   onSubscribe: (ctx) => { if (ctx.info.channel.segments[1] === 'admin') appSyncUtil.unauthorized(); },
 * };
 * ```
 */
export interface AppSyncEventHandlers {
  onPublish?: (ctx: AppSyncHandlerContext) => AppSyncOutgoingEvent[] | null | undefined;
  onSubscribe?: (ctx: AppSyncHandlerContext) => void;
}

/**
 * Thrown by {@link appSyncUtil}: a rejection the handler chose (not a crash), answered with its
 * own `errorType` and message.
 *
 * @example
 * ```ts
 * onSubscribe: () => { throw new AppSyncHandlerRejection('Unauthorized', 'Unauthorized'); },
 * ```
 */
export class AppSyncHandlerRejection extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppSyncHandlerRejection';
  }
}

/**
 * The rejection helpers of AppSync's `util` module, for emulated handlers: both throw, as in
 * the APPSYNC_JS runtime. `unauthorized()` refuses the operation; `error(message, type)` fails
 * it with that message.
 *
 * @example
 * ```ts
 * onSubscribe: (ctx) => { if (!ctx.identity) appSyncUtil.unauthorized(); },
 * ```
 */
export const appSyncUtil = Object.freeze({
  unauthorized(): never {
    throw new AppSyncHandlerRejection('Unauthorized', 'Unauthorized');
  },
  error(message: string, type?: string): never {
    throw new AppSyncHandlerRejection(type ?? 'Error', String(message));
  },
});

/** The errors frame a handler failure becomes: its own rejection, or a processing error. */
export function handlerFailure(error: unknown, operation: 'PUBLISH' | 'SUBSCRIBE'): { errorType: string; message: string } {
  if (error instanceof AppSyncHandlerRejection) {
    // A publish refused by util.unauthorized() is an UnauthorizedException (HTTP 403), as the
    // Powertools docs describe for handlers that reject a publish.
    if (error.errorType === 'Unauthorized' && operation === 'PUBLISH') return { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' };
    return { errorType: error.errorType, message: error.message };
  }
  // The handler's own exception text is not sent: it may hold anything the code had in hand.
  return operation === 'SUBSCRIBE'
    ? { errorType: 'SubscriptionProcessingError', message: 'There was an error processing the operation' }
    : { errorType: 'PublishProcessingError', message: 'There was an error processing the operation' };
}

/** `ctx` for a channel path (`ns/a/b`) and operation. */
export function handlerContext(path: string, operation: 'PUBLISH' | 'SUBSCRIBE', identity: AppSyncIdentity, events: Array<{ id: string; payload: unknown }> = []): AppSyncHandlerContext {
  const segments = path.split('/');
  return {
    events,
    channel: `/${path}`,
    identity,
    info: { channel: { path: `/${path}`, segments }, channelNamespace: { name: segments[0] as string }, operation },
    request: { headers: {}, domainName: null },
    stash: {},
  };
}
