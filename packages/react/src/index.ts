'use client';
// Public surface of `@channelkit/react`. Every hook lives in its own file named after it and
// imports only the transport, the provider and peers, so one file can be copied into an app.
// What such a copy needs from the provider (feeds, observers, selectors, small helpers) is the
// `@channelkit/react/kit` entry (kit.ts), not this one.
export { ChannelKitProvider, type ChannelKitProviderProps } from './ChannelKitProvider.js';
export { useChannelKit } from './useChannelKit.js';
export type { ChannelFeed, FeedSnapshot, LiveEvent } from './createFeed.js';
export type { ChannelKitRuntime, ChannelKitState, OptimisticEntry } from './createRuntime.js';
export { useConnectionState, type ConnectionStateView, type UseConnectionStateOptions } from './useConnectionState.js';
export { useConnectionStateListener, type ConnectionStateChange, type UseConnectionStateListenerOptions } from './useConnectionStateListener.js';
export { useErrorListener, type ErrorSource, type UseErrorListenerOptions } from './useErrorListener.js';
export { useChannel, type ChannelView, type UseChannelOptions } from './useChannel.js';
export { usePublish, type PublishView, type UsePublishOptions } from './usePublish.js';
export { usePresence, type PresenceMemberOf, type PresenceSignal, type PresenceView, type UsePresenceOptions } from './usePresence.js';
export { usePresenceListener, type PresenceEvent, type UsePresenceListenerOptions } from './usePresenceListener.js';
export { useMessageHistory, type HistoryFetcher, type HistoryMessage, type MessageHistoryView, type UseMessageHistoryOptions } from './useMessageHistory.js';
export { useTyping, type TypingView, type UseTypingOptions } from './useTyping.js';
export { useChannelStorage, type ChannelStorageView, type UseChannelStorageOptions } from './useChannelStorage.js';
export { useChimeChannels, type ChannelDirectory, type ChannelSummary, type ChimeChannelView, type ChimeChannelsView, type UseChimeChannelsOptions } from './useChimeChannels.js';
