// Public surface of `@channelkit/transport/sigv4`.

export {
  type CachingCredentialsOptions,
  type CredentialsInput,
  type CredentialsProvider,
  cachingCredentials,
  staticCredentials,
  toCredentialsProvider,
} from './credentials.js';
export { toHex, utf8 } from './encoding.js';
export { defaultHasher, type Hasher, pureHasher } from './hasher.js';
export { presignUrl } from './presignUrl.js';
export { hmacSha256, sha256 } from './sha256.js';
export { type SignedRequest, signRequest } from './signRequest.js';
export { presignUrlAsync, signRequestAsync } from './signRequestAsync.js';
export type { AwsCredentials, PresignOptions, SigV4Options, SigV4Request, SigV4RequestParts, SigV4UrlRequest } from './types.js';
export { uriEscape, uriEscapePath } from './uriEscape.js';
