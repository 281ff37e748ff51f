import type { ManagementApi, RouteHandler } from './options.js';

/**
 * The emulator's built-in integration for ChannelKit's channel convention on API Gateway (the
 * documentation of the convention is on `apiGatewayWebSocket` in `@channelkit/transport`):
 * `subscribe`, `unsubscribe`, `publish` and `ping` routes, answering through the management
 * API the way a Lambda integration would. It doubles as a reference implementation for a real
 * backend (keep `channels` in DynamoDB there).
 *
 * @example
 * ```ts
 * const router = channelRouter();
 * startEmulator({ apigw: { routes: router.routes, disconnect: router.disconnect } });
 * ```
 */
export function channelRouter(options: { answerPings?: () => boolean } = {}): { routes: Record<string, RouteHandler>; disconnect: RouteHandler; channels: Map<string, Map<string, string>> } {
  // channel → connectionId → subscription id
  const channels = new Map<string, Map<string, string>>();
  const reply = (api: ManagementApi, connectionId: string, frame: Record<string, unknown>) => api.postToConnection(connectionId, JSON.stringify(frame)).catch(() => {});
  const parse = (body: string | undefined): Record<string, unknown> => {
    try {
      const m = JSON.parse(body ?? '');
      return m && typeof m === 'object' ? m : {};
    } catch {
      return {};
    }
  };
  const validChannel = (c: unknown): c is string => typeof c === 'string' && c.length > 0 && c.length <= 256 && !c.startsWith('$');

  const routes: Record<string, RouteHandler> = {
    subscribe: async (event, api) => {
      const self = event.requestContext.connectionId;
      const m = parse(event.body);
      if (typeof m.id !== 'string' || !validChannel(m.channel))
        return void (await reply(api, self, { type: 'subscribe_error', ...stringId(m.id), message: 'subscribe needs a string id and a channel of 1-256 characters' }));
      const subs = channels.get(m.channel) ?? new Map<string, string>();
      channels.set(m.channel, subs);
      subs.set(self, m.id);
      await reply(api, self, { type: 'subscribed', id: m.id });
    },
    unsubscribe: async (event) => {
      const m = parse(event.body);
      for (const subs of channels.values()) if (subs.get(event.requestContext.connectionId) === m.id) subs.delete(event.requestContext.connectionId);
    },
    publish: async (event, api) => {
      const self = event.requestContext.connectionId;
      const m = parse(event.body);
      if (typeof m.id !== 'string' || !validChannel(m.channel) || !Array.isArray(m.events) || m.events.length === 0) {
        return void (await reply(api, self, { type: 'publish_error', ...stringId(m.id), message: 'publish needs a string id, a channel and a non-empty events array' }));
      }
      let frames: string[];
      try {
        frames = m.events.map((data) => JSON.stringify({ type: 'event', channel: m.channel, data }));
      } catch {
        // Events nested past what JSON.stringify can recurse through (a few thousand levels).
        return void (await reply(api, self, { type: 'publish_error', id: m.id, message: 'events are nested too deeply to relay' }));
      }
      const subscribers = [...(channels.get(m.channel)?.keys() ?? [])];
      for (const frame of frames) {
        await Promise.all(
          subscribers.map((id) =>
            api.postToConnection(id, frame).catch(() => {
              // Gone: prune, as a real backend does on GoneException.
              channels.get(m.channel as string)?.delete(id);
            }),
          ),
        );
      }
      await reply(api, self, { type: 'published', id: m.id });
    },
    ping: async (event, api) => {
      if (options.answerPings?.() !== false) await reply(api, event.requestContext.connectionId, { type: 'pong' });
    },
  };
  const disconnect: RouteHandler = (event) => {
    for (const subs of channels.values()) subs.delete(event.requestContext.connectionId);
  };
  return { routes, disconnect, channels };
}

/** Echo an id only when it is a string: anything else is attacker-shaped (and may be deep). */
function stringId(id: unknown): { id?: string } {
  return typeof id === 'string' ? { id } : {};
}
