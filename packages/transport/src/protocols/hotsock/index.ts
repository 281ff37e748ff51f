// Public surface of `@channelkit/transport/hotsock`.

export { decodeHotsockFrame, type WireBook } from './codec.js';
export type { StorageListener } from './facets.js';
export { HotsockError, HotsockHttpError } from './HotsockHttpError.js';
export { type HotsockBackend, type HotsockOptions, type HotsockPublishContext, hotsock } from './hotsock.js';
export { type HotsockHttpApi, type HotsockHttpApiOptions, type HotsockMessage, hotsockHttpApi, type PublishMessageInput, type StorageEntry } from './hotsockHttpApi.js';
export { checkedData, HOTSOCK_LIMITS, hotsockChannel, hotsockEventName, storageKey } from './limits.js';
