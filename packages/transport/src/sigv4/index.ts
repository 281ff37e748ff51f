// Public surface of `@channelkit/transport/sigv4`.
export { signRequest, type SignedRequest } from './signRequest.js';
export { presignUrl } from './presignUrl.js';
export { presignUrlAsync, signRequestAsync } from './signRequestAsync.js';
export {
  cachingCredentials,
  staticCredentials,
  toCredentialsProvider,
  type CachingCredentialsOptions,
  type CredentialsInput,
  type CredentialsProvider,
} from './credentials.js';
export { defaultHasher, pureHasher, type Hasher } from './hasher.js';
export { sha256, hmacSha256 } from './sha256.js';
export { toHex, utf8 } from './encoding.js';
export { uriEscape, uriEscapePath } from './uriEscape.js';
export type { AwsCredentials, PresignOptions, SigV4Options, SigV4Request, SigV4RequestParts, SigV4UrlRequest } from './types.js';
