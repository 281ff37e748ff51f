import type { Hasher } from './hasher.js';

/**
 * AWS credentials. `expiration` lets {@link cachingCredentials} refresh before it passes.
 *
 * @example
 * ```ts
 * const creds: AwsCredentials = { accessKeyId: 'AKIA…', secretAccessKey: '…', sessionToken: '…' };
 * ```
 */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  readonly expiration?: Date | undefined;
}

/**
 * A request to sign, given by its URL. The URL's path is used exactly as it will be sent.
 *
 * @example
 * ```ts
 * const req: SigV4UrlRequest = { url: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/@connections/x%3D', method: 'POST', body: '{}' };
 * ```
 */
export interface SigV4UrlRequest {
  url: string | URL;
  method?: string;
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  body?: string | Uint8Array | undefined;
}

/**
 * A request to sign, given by its parts (the shape of `@smithy/protocol-http`'s HttpRequest).
 * `path` is what goes on the wire; `query` values are *decoded* (they are escaped here).
 *
 * @example
 * ```ts
 * const req: SigV4RequestParts = { method: 'GET', hostname: 'example.amazonaws.com', path: '/', query: { a: 'b' } };
 * ```
 */
export interface SigV4RequestParts {
  method: string;
  /** `https:` by default; `wss:` for presigned WebSocket URLs. */
  protocol?: string;
  hostname: string;
  port?: number | undefined;
  path: string;
  query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  body?: string | Uint8Array | undefined;
}

/**
 * Either shape of request.
 *
 * @example
 * ```ts
 * const req: SigV4Request = { url: 'https://example.amazonaws.com/', method: 'GET' };
 * ```
 */
export type SigV4Request = SigV4UrlRequest | SigV4RequestParts;

/**
 * How to sign. Only `service`, `region` and `credentials` are required.
 *
 * @example
 * ```ts
 * const options: SigV4Options = { service: 'execute-api', region: 'us-east-1', credentials };
 * ```
 */
export interface SigV4Options {
  service: string;
  region: string;
  credentials: AwsCredentials;
  /** The signing time; defaults to now. */
  date?: Date | number;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's hash (S3-style streaming). */
  unsignedPayload?: boolean;
  /** Escape the path once more (every service but S3). Default true. */
  uriEscapePath?: boolean;
  /** Remove `.`/`..` segments and repeated slashes first. Defaults to `uriEscapePath`. */
  normalizePath?: boolean;
  /** Add a signed `x-amz-content-sha256` header (header signing only; S3 requires it). */
  contentSha256Header?: boolean;
  /**
   * Sign the session token (default). `false` adds it after signing, for the few services
   * (IoT over WebSocket) that expect it unsigned.
   */
  signSessionToken?: boolean;
  /** Headers (lower case) to sign even though they are normally left out, e.g. `user-agent`. */
  signableHeaders?: ReadonlySet<string>;
  /** Headers (lower case) to leave unsigned. */
  unsignableHeaders?: ReadonlySet<string>;
  /** Hash implementation; defaults to `node:crypto` in Node, plain JS elsewhere. */
  hasher?: Hasher;
}

/**
 * Extra options for presigned URLs.
 *
 * @example
 * ```ts
 * presignUrl({ url: 'wss://host/connect' }, { ...options, expiresIn: 60 });
 * ```
 */
export interface PresignOptions extends SigV4Options {
  /** Validity in seconds, 1 … 604800 (7 days). Default 900. */
  expiresIn?: number;
}
