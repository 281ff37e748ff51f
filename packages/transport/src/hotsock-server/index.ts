// Public surface of `@channelkit/transport/hotsock-server`: what an app's server needs for
// Hotsock (minting tokens), WebCrypto only, so it runs in Node, Lambda and edge runtimes alike.

export type { HotsockChannelDirectives, HotsockClaims, HotsockMessageDirectives, HotsockStorageDirectives } from './HotsockClaims.js';
export { HOTSOCK_SIGNING_ALGORITHMS, type HotsockSigningAlgorithm } from './HotsockSigningAlgorithm.js';
export { type SignHotsockTokenOptions, signHotsockToken } from './signHotsockToken.js';
export { validateHotsockClaims } from './validateHotsockClaims.js';
