'use client';
// `@channelkit/react/kit`: what a hook copied into an app (or written beside ours) needs from
// the provider — the runtime, feeds, observers, selectors and small shared values. Apps that
// only use the hooks never import it.
export type { ChannelFeed, FeedChange, FeedOptions, FeedSnapshot, LiveEvent, OwnedFeed } from './createFeed.js';
export { changeKey, createFeed } from './createFeed.js';
export type { ChannelKitRuntime, ChannelKitState, OptimisticEntry, RuntimeOptions } from './createRuntime.js';
export { createRuntime, defaultQueryClient } from './createRuntime.js';
export { EMPTY } from './EMPTY.js';
export { eventId } from './eventId.js';
export { frameScheduler } from './frameScheduler.js';
export { siblingChannel } from './siblingChannel.js';
export { unsupported } from './unsupported.js';
export { useChannelKit } from './useChannelKit.js';
export { useFeed, useLease } from './useFeed.js';
export { type QueryObserverLike, useObserver } from './useObserver.js';
export { useStoreSelector } from './useStoreSelector.js';
