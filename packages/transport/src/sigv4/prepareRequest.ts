import { ChannelKitError } from '../errors/ChannelKitError.js';
import type { SigV4Request } from './types.js';

/** A request reduced to what signing needs; header names lower-cased, values in order. */
export interface PreparedRequest {
  method: string;
  protocol: string;
  host: string;
  path: string;
  query: Array<[string, string]>;
  headers: Map<string, string[]>;
  /** True when `host` was not among the given headers and was added for signing. */
  hostDerived: boolean;
  body: string | Uint8Array | undefined;
}

/** Headers the signer itself produces: stale copies in the input are dropped (as smithy does). */
const GENERATED = new Set(['authorization', 'x-amz-date', 'date']);

/**
 * Normalises either request shape. Internal to the signer.
 */
export function prepareRequest(request: SigV4Request): PreparedRequest {
  let method: string;
  let protocol: string;
  let host: string;
  let path: string;
  const query: Array<[string, string]> = [];
  if ('url' in request) {
    let url: URL;
    try {
      url = typeof request.url === 'string' ? new URL(request.url) : request.url;
    } catch {
      throw new ChannelKitError('INVALID_ARGUMENT', `cannot sign: ${JSON.stringify(String(request.url))} is not an absolute URL`);
    }
    method = request.method ?? 'GET';
    protocol = url.protocol;
    host = url.host;
    path = url.pathname || '/';
    for (const [k, v] of url.searchParams) query.push([k, v]);
  } else {
    method = request.method;
    protocol = request.protocol ?? 'https:';
    host = request.port === undefined ? request.hostname : `${request.hostname}:${request.port}`;
    path = request.path;
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (v === undefined) continue;
      if (typeof v === 'string') query.push([k, v]);
      else for (const item of v) query.push([k, item]);
    }
  }
  if (!method) throw new ChannelKitError('INVALID_ARGUMENT', 'cannot sign: request method is empty');
  if (!host) throw new ChannelKitError('INVALID_ARGUMENT', 'cannot sign: request has no host');
  if (!path.startsWith('/')) throw new ChannelKitError('INVALID_ARGUMENT', `cannot sign: path ${JSON.stringify(path)} must start with "/"`);
  const headers = new Map<string, string[]>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (GENERATED.has(lower)) continue;
    const list = headers.get(lower) ?? [];
    if (typeof value === 'string') list.push(value);
    else list.push(...value);
    headers.set(lower, list);
  }
  const hostDerived = !headers.has('host');
  if (hostDerived) headers.set('host', [host]);
  return { method: method.toUpperCase(), protocol, host, path, query, headers, hostDerived, body: request.body };
}
