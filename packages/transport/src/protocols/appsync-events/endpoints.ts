import { ChannelKitError } from '../../errors/ChannelKitError.js';

/**
 * The endpoints of one Event API.
 *
 * @example
 * ```ts
 * const { realtimeUrl } = resolveAppSyncEndpoints('https://abc.appsync-api.us-east-1.amazonaws.com/event');
 * ```
 */
export interface AppSyncEndpoints {
  /** `https://<host>/event`: HTTP publish, and the URL IAM signatures cover. */
  httpUrl: string;
  /** `wss://<realtime host>/event/realtime` */
  realtimeUrl: string;
  /** The HTTP host (with a non-default port): the `host` of every auth object. */
  host: string;
}

/**
 * Derives the endpoints from the HTTP endpoint (with or without scheme and `/event`), the way
 * the official clients do: `appsync-api` becomes `appsync-realtime-api` on AWS hosts, custom
 * domains keep their host. Unlike Amplify, `http://` maps to `ws://`, so a local emulator
 * needs no TLS.
 *
 * @example
 * ```ts
 * resolveAppSyncEndpoints('http://127.0.0.1:4011/event').realtimeUrl; // 'ws://127.0.0.1:4011/event/realtime'
 * ```
 */
export function resolveAppSyncEndpoints(httpEndpoint: string, realtimeEndpoint?: string): AppSyncEndpoints {
  if (typeof httpEndpoint !== 'string' || !httpEndpoint)
    throw new ChannelKitError('INVALID_ARGUMENT', `httpEndpoint must be the Event API's HTTP URL or host name (got ${httpEndpoint === null ? 'null' : typeof httpEndpoint})`);
  if (realtimeEndpoint !== undefined && typeof realtimeEndpoint !== 'string')
    throw new ChannelKitError('INVALID_ARGUMENT', `realtimeEndpoint must be a URL string when given (got ${realtimeEndpoint === null ? 'null' : typeof realtimeEndpoint})`);
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(httpEndpoint) ? httpEndpoint : `https://${httpEndpoint}`);
  } catch {
    throw new ChannelKitError('INVALID_ARGUMENT', `httpEndpoint is not a URL or host name (${httpEndpoint.length} characters)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ChannelKitError('INVALID_ARGUMENT', `httpEndpoint must use https: (or http: for a local emulator), got ${url.protocol}`);
  }
  const base = url.pathname.replace(/\/+$/, '').replace(/\/event$/, '');
  const httpUrl = `${url.protocol}//${url.host}${base}/event`;
  let realtimeUrl = realtimeEndpoint;
  if (!realtimeUrl) {
    const host = /\.amazonaws\.com(\.cn)?$/.test(url.hostname) ? url.host.replace('.appsync-api.', '.appsync-realtime-api.') : url.host;
    realtimeUrl = `${url.protocol === 'http:' ? 'ws:' : 'wss:'}//${host}${base}/event/realtime`;
  }
  return { httpUrl, realtimeUrl, host: url.host };
}
