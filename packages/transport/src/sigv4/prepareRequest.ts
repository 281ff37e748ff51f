import { ChannelKitError } from '../errors/ChannelKitError.js';
import type { SigV4Request } from './types.js';

/** A request reduced to what signing needs; header names lower-cased, values in order. */
export interface PreparedRequest {
  method: string;
  /** `protocol//host` */
  origin: string;
  path: string;
  query: Array<[string, string]>;
  headers: Map<string, string[]>;
  /** True when `host` was not among the given headers and was added for signing. */
  hostDerived: boolean;
  body: string | Uint8Array | undefined;
}

/** Normalises either request shape. Internal to the signer. */
export function prepareRequest(request: SigV4Request): PreparedRequest {
  let host: string;
  let origin: string;
  let path: string;
  const query: Array<[string, string]> = [];
  const add = (k: string, v: string | readonly string[] | undefined) => {
    for (const item of typeof v === 'string' ? [v] : (v ?? [])) query.push([k, item]);
  };
  if ('url' in request) {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new ChannelKitError('INVALID_ARGUMENT', 'cannot sign: the url is not absolute');
    }
    host = url.host;
    origin = `${url.protocol}//${host}`;
    path = url.pathname;
    url.searchParams.forEach((v, k) => {
      add(k, v);
    });
  } else {
    host = request.hostname + (request.port ? `:${request.port}` : '');
    origin = `${request.protocol ?? 'https:'}//${host}`;
    path = request.path;
    for (const k in request.query) add(k, request.query[k]);
  }
  if (path[0] !== '/') throw new ChannelKitError('INVALID_ARGUMENT', 'cannot sign: path must start with "/"');
  const headers = new Map<string, string[]>();
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    // Signer-generated headers: stale copies are dropped (as the AWS SDKs do).
    if (lower === 'authorization' || lower === 'x-amz-date' || lower === 'date') continue;
    const value = request.headers[name];
    if (value !== undefined) headers.set(lower, (headers.get(lower) ?? []).concat(value));
  }
  const hostDerived = !headers.has('host');
  if (hostDerived) headers.set('host', [host]);
  return { method: (request.method ?? 'GET').toUpperCase(), origin, path, query, headers, hostDerived, body: request.body };
}
