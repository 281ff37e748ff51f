'use client';
import type { HistoryMessage } from '@channelkit/react';
import type { RealtimeClient } from '@channelkit/transport';
import { useSyncExternalStore } from 'react';
import { wasSent } from './sentMessageIds.js';

/** Per client: the sender id the backend stamped on one of this page's own messages. */
const learned = new WeakMap<object, string>();

/**
 * Who the backend says the viewer is, as the id it stamps on senders (Hotsock: the connect
 * token's `uid`; Chime: the AppInstanceUser ARN), or `undefined` where it is not known (yet)
 * or the backend vouches for nobody (AppSync Events with an API key). Never a prop or a
 * payload claim: own messages are marked by comparing this with each message's verified sender.
 *
 * Two sources, both the backend's word: native presence's own member
 * (`channel.presence.self()`: Hotsock `presence.*` channels, Chime memberships), and the
 * sender stamped on the echo of a message this page published (its id remembered by
 * `rememberSent`; a peer cannot know that id before the echo arrives). The first echo learned
 * is kept per client.
 *
 * @example
 * ```ts
 * const viewer = useVerifiedViewer(client, '/default/room', history.messages);
 * const own = (m: HistoryMessage<ChatEvent>) => m.sender !== undefined && m.sender.id === viewer;
 * ```
 */
export function useVerifiedViewer(client: RealtimeClient, channel: string, messages: readonly HistoryMessage<unknown>[]): string | undefined {
  const handle = client.channel(channel);
  // Members (and so `self()`) change with the channel's state.
  useSyncExternalStore(handle.state.subscribe, handle.state.getSnapshot, handle.state.getServerSnapshot);
  const self = handle.presence?.self()?.id;
  if (typeof self === 'string' && self !== '') return self;
  let id = learned.get(client);
  if (id === undefined) {
    for (const m of messages) {
      if (m.source === 'optimistic' || m.sender === undefined) continue;
      const appId = m.data !== null && typeof m.data === 'object' ? (m.data as { id?: unknown }).id : undefined;
      if (typeof appId === 'string' && wasSent(client, appId)) {
        id = m.sender.id;
        learned.set(client, id);
        break;
      }
    }
  }
  return id;
}
