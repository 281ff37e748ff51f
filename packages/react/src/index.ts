'use client';
// Public surface of `@channelkit/react`. Every hook lives in its own file named after it and
// imports only the transport, the provider and peers, so one file can be copied into an app.
export {
  ChannelKitProvider,
  EMPTY,
  eventId,
  frameScheduler,
  siblingChannel,
  unsupported,
  useChannelKit,
  useFeed,
  useObserver,
  type ChannelFeed,
  type ChannelKitProviderProps,
  type ChannelKitRuntime,
  type ChannelKitState,
  type FeedSnapshot,
  type LiveEvent,
  type OptimisticEntry,
} from './ChannelKitProvider.js';
export { useConnectionState, type ConnectionStateView, type UseConnectionStateOptions } from './useConnectionState.js';
export { useConnectionStateListener, type ConnectionStateChange, type UseConnectionStateListenerOptions } from './useConnectionStateListener.js';
export { useErrorListener, type ErrorSource, type UseErrorListenerOptions } from './useErrorListener.js';
export { useChannel, type ChannelView, type UseChannelOptions } from './useChannel.js';
export { usePublish, type PublishView } from './usePublish.js';
export { usePresence, type PresenceMemberOf, type PresenceSignal, type PresenceView, type UsePresenceOptions } from './usePresence.js';
export { usePresenceListener, type PresenceEvent, type UsePresenceListenerOptions } from './usePresenceListener.js';
export { useMessageHistory, type HistoryFetcher, type HistoryMessage, type MessageHistoryView, type UseMessageHistoryOptions } from './useMessageHistory.js';
export { useTyping, type TypingView, type UseTypingOptions } from './useTyping.js';
export { useChannelStorage, type ChannelStorageView, type UseChannelStorageOptions } from './useChannelStorage.js';
export { useChimeChannels, type ChannelDirectory, type ChannelSummary, type ChimeChannelView, type ChimeChannelsView, type UseChimeChannelsOptions } from './useChimeChannels.js';
