// Public surface of `@channelkit/transport/hotsock`.
export { hotsock, type HotsockBackend, type HotsockOptions, type HotsockPublishContext } from './hotsock.js';
export { hotsockHttpApi, type HotsockHttpApi, type HotsockHttpApiOptions, type HotsockMessage, type PublishMessageInput, type StorageEntry } from './hotsockHttpApi.js';
export { HotsockError, HotsockHttpError } from './HotsockHttpError.js';
export { checkedData, HOTSOCK_LIMITS, hotsockChannel, hotsockEventName, storageKey } from './limits.js';
export { decodeHotsockFrame, type WireBook } from './codec.js';
export type { StorageListener } from './facets.js';
