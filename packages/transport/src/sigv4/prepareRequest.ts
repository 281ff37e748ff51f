import { invalidArgument } from '../lib/invalidArgument.js';
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
  if (typeof request !== 'object' || !request) throw invalidArgument('request', 'must be an object with a url, or a hostname and path');
  const { method = 'GET', body } = request;
  if (typeof method !== 'string' || !/^[A-Za-z]{1,16}$/.test(method)) throw invalidArgument('request.method', 'must be an HTTP method name');
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) throw invalidArgument('request.body', 'must be a string or a Uint8Array');
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
      throw invalidArgument('request.url', 'must be an absolute URL');
    }
    host = url.host;
    origin = `${url.protocol}//${host}`;
    path = url.pathname;
    url.searchParams.forEach((v, k) => {
      add(k, v);
    });
  } else {
    if (typeof request.hostname !== 'string' || !request.hostname || typeof request.path !== 'string') throw invalidArgument('request', 'must have a url, or a hostname and path');
    host = request.hostname + (request.port ? `:${request.port}` : '');
    origin = `${request.protocol ?? 'https:'}//${host}`;
    path = request.path;
    for (const k in request.query) add(k, request.query[k]);
  }
  if (path[0] !== '/') throw invalidArgument('request.path', 'must start with "/"');
  const headers = new Map<string, string[]>();
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    // Signer-generated headers: stale copies are dropped (as the AWS SDKs do).
    if (lower === 'authorization' || lower === 'x-amz-date' || lower === 'date') continue;
    const value = request.headers[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) throw invalidArgument(`request.headers.${name}`, 'must be a string or an array of strings');
    headers.set(lower, (headers.get(lower) ?? []).concat(value));
  }
  const hostDerived = !headers.has('host');
  if (hostDerived) headers.set('host', [host]);
  return { method: method.toUpperCase(), origin, path, query, headers, hostDerived, body };
}
