'use client';
// The thin layer that binds the presentational components to @channelkit/react's hooks. Each
// wrapper reads hooks and passes plain data and callbacks down; none renders markup of its own.
import { type ChannelDirectory, type HistoryFetcher, useChannelKit, useChimeChannels, useConnectionState, useMessageHistory, usePresence, usePublish, useTyping } from '@channelkit/react';
import type { ChannelState } from '@channelkit/transport';
import { type ReactNode, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ChannelKitDevtools } from './ChannelKitDevtools.js';
import { ChannelList } from './ChannelList.js';
import { ChatRoom } from './ChatRoom.js';
import { Composer } from './Composer.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import type { FrameLog, Frame } from './frameLog.js';
import { MessageList } from './MessageList.js';
import type { ChatEvent, ChatMessage, Member } from './model.js';
import { PresenceAvatars } from './PresenceAvatars.js';
import { PresenceList } from './PresenceList.js';
import type { UiStrings } from './strings.js';
import { TypingIndicator } from './TypingIndicator.js';

/**
 * Options shared by the `Connected*` components.
 *
 * @example
 * ```ts
 * const opts: ConnectedOptions = { channel: '/default/room', user: 'ana', name: 'Ana' };
 * ```
 */
export interface ConnectedOptions {
  channel: string;
  /** The current user's id (presence, typing, own messages). */
  user: string;
  /** The current user's display name. */
  name?: string | undefined;
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
  strings?: Partial<UiStrings> | undefined;
}

const NO_FRAMES: readonly Frame[] = [];
const noSubscribe = () => () => {};

function isChatEvent(d: unknown): d is ChatEvent {
  const e = d as ChatEvent;
  return !!e && typeof e === 'object' && typeof e.text === 'string' && typeof e.user === 'string';
}

function useRoom(o: ConnectedOptions, fetcher: HistoryFetcher<ChatEvent> | undefined) {
  const client = o.client === undefined ? {} : { client: o.client };
  const history = useMessageHistory<ChatEvent>(o.channel, { ...client, ...(fetcher ? { fetcher } : {}) });
  const { publish, entries, retry, discard } = usePublish<ChatEvent>(o.channel, client);
  const messages = useMemo(
    () =>
      history.messages
        .filter((m) => !m.deleted && isChatEvent(m.data))
        .map(
          (m): ChatMessage => ({
            id: m.id,
            text: m.data.text,
            sender: { id: m.data.user, name: m.data.name },
            at: typeof m.data.at === 'number' ? m.data.at : 0,
            status: m.status,
            error: m.error?.message,
            localId: m.source === 'optimistic' ? (entries.find((e) => e.id === m.id || e.localId === m.id)?.localId ?? m.id) : undefined,
          }),
        ),
    [history.messages, entries],
  );
  const send = (text: string) => void publish({ id: crypto.randomUUID(), text, user: o.user, ...(o.name ? { name: o.name } : {}), at: Date.now() }).catch(() => {});
  return {
    messages,
    hasMore: history.hasMore,
    loadingOlder: history.isLoading,
    // The promise tells the list when the page is in (or failed): it then stops waiting for it.
    onLoadOlder: () => history.fetchOlder(),
    onRetry: (m: ChatMessage) => void (m.localId && retry(m.localId).catch(() => {})),
    onDiscard: (m: ChatMessage) => m.localId && discard(m.localId),
    send,
  };
}

/**
 * {@link MessageList} bound to `useMessageHistory` and `usePublish` (retry and discard).
 *
 * @example
 * ```tsx
 * <ConnectedMessageList channel="/default/room" user="ana" fetcher={myFetcher} />
 * ```
 */
export function ConnectedMessageList(props: ConnectedOptions & { fetcher?: HistoryFetcher<ChatEvent> | undefined }): ReactNode {
  const r = useRoom(props, props.fetcher);
  return (
    <MessageList
      messages={r.messages}
      selfId={props.user}
      hasMore={r.hasMore}
      loadingOlder={r.loadingOlder}
      onLoadOlder={r.onLoadOlder}
      onRetry={r.onRetry}
      onDiscard={r.onDiscard}
      strings={props.strings}
    />
  );
}

function eventBytes(o: ConnectedOptions) {
  return (text: string) => new TextEncoder().encode(JSON.stringify({ id: '00000000-0000-0000-0000-000000000000', text, user: o.user, name: o.name, at: Date.now() })).length;
}

/**
 * {@link Composer} bound to `usePublish`, `useTyping` and the backend's event size limit.
 *
 * @example
 * ```tsx
 * <ConnectedComposer channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedComposer(props: ConnectedOptions): ReactNode {
  const client = props.client === undefined ? {} : { client: props.client };
  const limit = useChannelKit().client(props.client).capabilities.limits.eventBytes;
  const { publish } = usePublish<ChatEvent>(props.channel, client);
  const { signal } = useTyping(props.channel, { user: props.user, ...client });
  const send = (text: string) => void publish({ id: crypto.randomUUID(), text, user: props.user, ...(props.name ? { name: props.name } : {}), at: Date.now() }).catch(() => {});
  return <Composer onSend={send} onTyping={signal} maxBytes={limit} measure={eventBytes(props)} strings={props.strings} />;
}

function toMembers(list: readonly { id: string; data?: unknown }[]): Member[] {
  return list.map((m) => ({ id: m.id, name: (m.data as { name?: unknown } | undefined)?.name as string | undefined }));
}

/**
 * {@link PresenceAvatars} bound to `usePresence` (announcing the current user).
 *
 * @example
 * ```tsx
 * <ConnectedPresenceAvatars channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedPresenceAvatars(props: ConnectedOptions & { max?: number | undefined }): ReactNode {
  const data = useMemo(() => ({ name: props.name }), [props.name]);
  const { members } = usePresence(props.channel, { user: props.user, data, ...(props.client ? { client: props.client } : {}) });
  return <PresenceAvatars members={toMembers(members)} max={props.max} strings={props.strings} />;
}

/**
 * {@link PresenceList} bound to `usePresence`.
 *
 * @example
 * ```tsx
 * <ConnectedPresenceList channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedPresenceList(props: ConnectedOptions): ReactNode {
  const data = useMemo(() => ({ name: props.name }), [props.name]);
  const { members } = usePresence(props.channel, { user: props.user, data, ...(props.client ? { client: props.client } : {}) });
  return <PresenceList members={toMembers(members)} selfId={props.user} strings={props.strings} />;
}

/**
 * {@link TypingIndicator} bound to `useTyping` (user ids as names, or mapped through `names`).
 *
 * @example
 * ```tsx
 * <ConnectedTypingIndicator channel="/default/room" user="ana" />
 * ```
 */
export function ConnectedTypingIndicator(props: ConnectedOptions & { names?: Readonly<Record<string, string>> | undefined }): ReactNode {
  const { typing } = useTyping(props.channel, { user: props.user, ...(props.client ? { client: props.client } : {}) });
  return <TypingIndicator names={typing.map((id) => props.names?.[id] ?? id)} strings={props.strings} />;
}

/**
 * {@link ConnectionBanner} bound to `useConnectionState`.
 *
 * @example
 * ```tsx
 * <ConnectedConnectionBanner />
 * ```
 */
export function ConnectedConnectionBanner(props: { client?: string | undefined; strings?: Partial<UiStrings> | undefined }): ReactNode {
  const { status, nextRetryAt, error, reconnect } = useConnectionState(props.client ? { client: props.client } : {});
  return <ConnectionBanner status={status} nextRetryAt={nextRetryAt} error={error} onRetry={reconnect} strings={props.strings} />;
}

/**
 * {@link ChannelList} bound to `useChimeChannels` (marks the selected channel read, also as
 * messages arrive in it).
 *
 * @example
 * ```tsx
 * <ConnectedChannelList selected={current} onSelect={setCurrent} directory={directory} />
 * ```
 */
export function ConnectedChannelList(props: {
  selected?: string | undefined;
  onSelect: (channel: string) => void;
  directory?: ChannelDirectory | undefined;
  client?: string | undefined;
  strings?: Partial<UiStrings> | undefined;
}): ReactNode {
  const { channels, markRead } = useChimeChannels({ ...(props.directory ? { directory: props.directory } : {}), ...(props.client ? { client: props.client } : {}) });
  const items = channels.map((c) => ({ channel: c.channel, name: c.name, unread: c.channel === props.selected ? 0 : c.unread, preview: (c.lastMessage?.data as { text?: string } | undefined)?.text }));
  // The selected channel is being read: mark it when selected and whenever a message arrives in it
  // (otherwise what arrived while it was open would count as unread once another is selected).
  const last = channels.find((c) => c.channel === props.selected)?.lastMessage?.id;
  useEffect(() => {
    if (props.selected !== undefined && last !== undefined) markRead(props.selected).catch(() => {});
  }, [props.selected, last, markRead]);
  return <ChannelList channels={items} selected={props.selected} onSelect={props.onSelect} strings={props.strings} />;
}

/**
 * {@link ChatRoom} bound to every hook it needs: history and publishes, presence, typing and
 * the connection state.
 *
 * @example
 * ```tsx
 * <ConnectedChatRoom title="General" channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedChatRoom(
  props: ConnectedOptions & {
    title: string;
    fetcher?: HistoryFetcher<ChatEvent> | undefined;
    className?: string | undefined;
    /** `false` where the backend has no typing channel next to the room (Chime: channels are provisioned). */
    typing?: boolean | undefined;
  },
): ReactNode {
  const client = props.client === undefined ? {} : { client: props.client };
  const r = useRoom(props, props.fetcher);
  const limit = useChannelKit().client(props.client).capabilities.limits.eventBytes;
  // One data object per name: native presence re-announces whenever it changes.
  const data = useMemo(() => ({ name: props.name }), [props.name]);
  const { members } = usePresence(props.channel, { user: props.user, data, ...client });
  const { typing, signal } = useTyping(props.channel, { user: props.user, enabled: props.typing !== false, ...client });
  const { status, nextRetryAt, error, reconnect } = useConnectionState(client);
  // A refused room (unknown namespace, no permission) says so, with the server's reason. Read
  // unbatched, as the connection's status is: a frame-batched view could pair a stale `failed`
  // (from the connection's failure) with the new `connected` and flash a false alarm.
  const room = useChannelState(props.client, props.channel);
  const people = toMembers(members);
  const names = typing.map((id) => people.find((m) => m.id === id)?.name ?? id);
  return (
    <ChatRoom
      title={props.title}
      className={props.className}
      strings={props.strings}
      members={people}
      typing={names}
      connection={room.status === 'failed' && status === 'connected' ? { status: 'failed', error: room.error, subject: 'channel' } : { status, nextRetryAt, error, onRetry: reconnect }}
      list={{ messages: r.messages, selfId: props.user, hasMore: r.hasMore, loadingOlder: r.loadingOlder, onLoadOlder: r.onLoadOlder, onRetry: r.onRetry, onDiscard: r.onDiscard }}
      composer={{ onSend: r.send, onTyping: signal, maxBytes: limit, measure: eventBytes(props) }}
    />
  );
}

/** A channel's state, read as it changes (not frame-batched like the hooks' feeds). */
function useChannelState(client: string | undefined, name: string): ChannelState {
  const { state } = useChannelKit().client(client).channel(name);
  return useSyncExternalStore(state.subscribe, state.getSnapshot, state.getServerSnapshot);
}

function ChannelStatus({ name, client, onStatus }: { name: string; client: string | undefined; onStatus: (channel: string, status: string) => void }): null {
  const snap = useChannelState(client, name);
  useEffect(() => onStatus(name, snap.status), [name, snap.status, onStatus]);
  return null;
}

/**
 * {@link ChannelKitDevtools} bound to the client: the status timeline (from mount), the
 * given channels' states and, with a {@link FrameLog}, recent frames.
 *
 * @example
 * ```tsx
 * <ConnectedChannelKitDevtools channels={['/default/room']} frames={frameLog} />
 * ```
 */
export function ConnectedChannelKitDevtools(props: {
  channels: readonly string[];
  frames?: FrameLog | undefined;
  client?: string | undefined;
  open?: boolean | undefined;
  strings?: Partial<UiStrings> | undefined;
}): ReactNode {
  const client = useChannelKit().client(props.client);
  const [timeline, setTimeline] = useState<{ status: string; at: number; detail?: string | undefined }[]>([]);
  const [states, setStates] = useState<Record<string, string>>({});
  useEffect(() => {
    const record = () => {
      const s = client.status.getSnapshot();
      setTimeline((t) => (t[t.length - 1]?.status === s.status ? t : [...t.slice(-49), { status: s.status, at: Date.now(), detail: s.error?.code }]));
    };
    record();
    return client.status.subscribe(record);
  }, [client]);
  const onStatus = useMemo(() => (channel: string, status: string) => setStates((s) => (s[channel] === status ? s : { ...s, [channel]: status })), []);
  const frames = useSyncExternalStore(props.frames?.subscribe ?? noSubscribe, props.frames?.getSnapshot ?? (() => NO_FRAMES), () => NO_FRAMES);
  return (
    <>
      {props.channels.map((c) => (
        <ChannelStatus key={c} name={c} client={props.client} onStatus={onStatus} />
      ))}
      <ChannelKitDevtools
        timeline={timeline}
        channels={props.channels.map((c) => ({ channel: c, status: states[c] ?? 'idle' }))}
        frames={frames.slice(-30)}
        open={props.open}
        strings={props.strings}
      />
    </>
  );
}
