'use client';
// The thin layer that binds the presentational components to @channelkit/react's hooks. Each
// wrapper reads hooks and passes plain data and callbacks down; none renders markup of its own.
import { type ChannelDirectory, type HistoryFetcher, useChannelKit, useChimeChannels, useConnectionState, useMessageHistory, usePresence, usePublish, useTyping } from '@channelkit/react';
import type { ChannelState, RealtimeClient } from '@channelkit/transport';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ChannelKitDevtools } from './ChannelKitDevtools.js';
import { ChannelList } from './ChannelList.js';
import { ChatRoom } from './ChatRoom.js';
import { Composer } from './Composer.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import type { FrameLog, Frame } from './frameLog.js';
import { MessageList } from './MessageList.js';
import { hasTypingChannel } from './hasTypingChannel.js';
import type { ChatEvent, ChatMessage, Member } from './model.js';
import { PresenceAvatars } from './PresenceAvatars.js';
import { PresenceList } from './PresenceList.js';
import { rememberSent, wasSent } from './sentMessageIds.js';
import type { UiStrings } from './strings.js';
import { toChatMessages } from './toChatMessages.js';
import { TypingIndicator } from './TypingIndicator.js';
import { useVerifiedViewer } from './useVerifiedViewer.js';
import { CHAT_EVENT_LIMITS } from './validateChatEvent.js';
import { validateMember } from './validateMember.js';
import { type InvalidPayload, warnInvalid } from './warnInvalid.js';

/**
 * Options shared by the `Connected*` components.
 *
 * @example
 * ```ts
 * const opts: ConnectedOptions = { channel: '/default/room', user: 'ana', name: 'Ana', onInvalid: (r) => report(r) };
 * ```
 */
export interface ConnectedOptions {
  channel: string;
  /**
   * The current user's id for presence and typing, and the `user` of the messages published.
   * Not what marks messages as one's own: that is the sender the backend authenticated
   * (Hotsock uid, Chime ARN), compared with the viewer's as the backend knows it.
   */
  user: string;
  /** The current user's display name. */
  name?: string | undefined;
  /** Which client of the provider (default: its default client). */
  client?: string | undefined;
  strings?: Partial<UiStrings> | undefined;
  /**
   * Told about every inbound payload that was not rendered (or only in part) because it does
   * not have the documented shape (default: {@link warnInvalid}, a deduplicated `console.warn`).
   */
  onInvalid?: ((report: InvalidPayload) => void) | undefined;
}

const NO_FRAMES: readonly Frame[] = [];
const noSubscribe = () => () => {};

/** A callback whose identity never changes and that calls the latest `fn` (rows are memoized on it). */
function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  ref.current = fn;
  return useCallback((...args: A) => ref.current(...args), []);
}

/**
 * Reports collected during render, handed to `onInvalid` after commit (render stays pure), each
 * payload once per component: the list is rebuilt on every new message, the reports with it.
 */
function useReports(reports: readonly InvalidPayload[], onInvalid: ((report: InvalidPayload) => void) | undefined): void {
  const report = useStable((r: InvalidPayload) => (onInvalid ?? warnInvalid)(r));
  const told = useRef(new Set<string>());
  useEffect(() => {
    for (const r of reports) {
      const key = `${r.kind}\u0000${r.channel}\u0000${r.id}\u0000${r.reason}`;
      if (told.current.has(key)) continue;
      // Bounded: a flood of distinct payloads must not grow it without end.
      if (told.current.size > 1000) told.current.clear();
      told.current.add(key);
      report(r);
    }
  }, [reports, report]);
}

/** Publishes a ChatEvent, remembering its id as one this page sent (see `rememberSent`). */
function useSend(o: ConnectedOptions, client: RealtimeClient, publish: (event: ChatEvent) => Promise<unknown>): (text: string) => void {
  return useStable((text: string) => {
    const id = crypto.randomUUID();
    rememberSent(client, id);
    void publish({ id, text, user: o.user, ...(o.name ? { name: o.name } : {}), at: Date.now() }).catch(() => {});
  });
}

function useRoom(o: ConnectedOptions, fetcher: HistoryFetcher<ChatEvent> | undefined) {
  const clientOption = o.client === undefined ? {} : { client: o.client };
  const client = useChannelKit().client(o.client);
  const history = useMessageHistory<ChatEvent>(o.channel, { ...clientOption, ...(fetcher ? { fetcher } : {}) });
  const { publish, entries, retry, discard } = usePublish<ChatEvent>(o.channel, clientOption);
  const viewer = useVerifiedViewer(client, o.channel, history.messages);
  const { messages, reports } = useMemo(() => {
    const reports: InvalidPayload[] = [];
    const messages = toChatMessages(history.messages, {
      channel: o.channel,
      viewer,
      sent: (id) => wasSent(client, id),
      localId: (m) => entries.find((e) => e.id === m.id || e.localId === m.id)?.localId ?? m.id,
      onInvalid: (r) => reports.push(r),
    });
    return { messages, reports };
  }, [history.messages, entries, viewer, client, o.channel]);
  useReports(reports, o.onInvalid);
  const send = useSend(o, client, publish);
  return {
    messages,
    hasMore: history.hasMore,
    // Only while an older page is on its way: the first page loading is not "loading older".
    loadingOlder: history.isFetchingNextPage,
    // The promise tells the list when the page is in (or failed): it then stops waiting for it.
    onLoadOlder: useStable(() => history.fetchOlder()),
    onRetry: useStable((m: ChatMessage) => void (m.localId && retry(m.localId).catch(() => {}))),
    onDiscard: useStable((m: ChatMessage) => void (m.localId && discard(m.localId))),
    send,
  };
}

/**
 * {@link MessageList} bound to `useMessageHistory` and `usePublish` (retry and discard). Every
 * message is checked (`validateChatEvent`) before it is shown; its sender is the one the
 * backend authenticated (see the README: what each backend vouches for).
 *
 * @example
 * ```tsx
 * <ConnectedMessageList channel="/default/room" user="ana" fetcher={myFetcher} />
 * ```
 */
export function ConnectedMessageList(props: ConnectedOptions & { fetcher?: HistoryFetcher<ChatEvent> | undefined }): ReactNode {
  const r = useRoom(props, props.fetcher);
  return <MessageList messages={r.messages} hasMore={r.hasMore} loadingOlder={r.loadingOlder} onLoadOlder={r.onLoadOlder} onRetry={r.onRetry} onDiscard={r.onDiscard} strings={props.strings} />;
}

function eventBytes(o: ConnectedOptions) {
  return (text: string) => new TextEncoder().encode(JSON.stringify({ id: '00000000-0000-0000-0000-000000000000', text, user: o.user, name: o.name, at: Date.now() })).length;
}

/**
 * {@link Composer} bound to `usePublish`, `useTyping` and the backend's event size limit.
 * Typing signals go out where the backend can have the `<channel>/typing` sibling (not on
 * Chime, whose channels are provisioned); `typing={false}` turns them off anywhere.
 *
 * @example
 * ```tsx
 * <ConnectedComposer channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedComposer(props: ConnectedOptions & { typing?: boolean | undefined }): ReactNode {
  const clientOption = props.client === undefined ? {} : { client: props.client };
  const client = useChannelKit().client(props.client);
  const { publish } = usePublish<ChatEvent>(props.channel, clientOption);
  const { signal } = useTyping(props.channel, { user: props.user, enabled: props.typing !== false && hasTypingChannel(client, props.channel), ...clientOption });
  const send = useSend(props, client, publish);
  return <Composer onSend={send} onTyping={signal} maxBytes={client.capabilities.limits.eventBytes} measure={eventBytes(props)} strings={props.strings} />;
}

/** Presence members checked (`validateMember`), with what was dropped reported. */
function useMembers(channel: string, list: readonly { id: string; data?: unknown }[], onInvalid: ConnectedOptions['onInvalid']): Member[] {
  const { members, reports } = useMemo(() => {
    const members: Member[] = [];
    const reports: InvalidPayload[] = [];
    for (const raw of list) {
      const v = validateMember(raw);
      if (v.member) members.push(v.member);
      if (v.reason) reports.push({ kind: 'member', channel, id: v.member?.id, reason: v.reason });
    }
    return { members, reports };
  }, [list, channel]);
  useReports(reports, onInvalid);
  return members;
}

/** Typing user ids checked (strings of at most 256 characters). */
function validTypists(ids: readonly unknown[]): string[] {
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= CHAT_EVENT_LIMITS.user);
}

/**
 * {@link PresenceAvatars} bound to `usePresence` (announcing the current user). Members are
 * checked (`validateMember`): one without a usable id is skipped, an unreadable name dropped.
 *
 * @example
 * ```tsx
 * <ConnectedPresenceAvatars channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedPresenceAvatars(props: ConnectedOptions & { max?: number | undefined }): ReactNode {
  const data = useMemo(() => ({ name: props.name }), [props.name]);
  const { members } = usePresence(props.channel, { user: props.user, data, ...(props.client ? { client: props.client } : {}) });
  return <PresenceAvatars members={useMembers(props.channel, members, props.onInvalid)} max={props.max} strings={props.strings} />;
}

/**
 * {@link PresenceList} bound to `usePresence`. Members are checked as in
 * {@link ConnectedPresenceAvatars}; "(you)" marks the backend's own member where presence is
 * native (Hotsock, Chime), else the member with the `user` id.
 *
 * @example
 * ```tsx
 * <ConnectedPresenceList channel="/default/room" user="ana" name="Ana" />
 * ```
 */
export function ConnectedPresenceList(props: ConnectedOptions): ReactNode {
  const data = useMemo(() => ({ name: props.name }), [props.name]);
  const { members, self } = usePresence(props.channel, { user: props.user, data, ...(props.client ? { client: props.client } : {}) });
  return <PresenceList members={useMembers(props.channel, members, props.onInvalid)} selfId={self?.id ?? props.user} strings={props.strings} />;
}

/**
 * {@link TypingIndicator} bound to `useTyping` (user ids as names, or mapped through `names`).
 * Off where the backend has no typing sibling channel (Chime).
 *
 * @example
 * ```tsx
 * <ConnectedTypingIndicator channel="/default/room" user="ana" />
 * ```
 */
export function ConnectedTypingIndicator(props: ConnectedOptions & { names?: Readonly<Record<string, string>> | undefined }): ReactNode {
  const client = useChannelKit().client(props.client);
  const { typing } = useTyping(props.channel, { user: props.user, enabled: hasTypingChannel(client, props.channel), ...(props.client ? { client: props.client } : {}) });
  const names = props.names;
  return <TypingIndicator names={validTypists(typing).map((id) => (names && Object.hasOwn(names, id) ? String(names[id]) : id))} strings={props.strings} />;
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
  // Names and previews come from other members' messages and channel metadata: only strings
  // are shown, previews cut (the row shows one line).
  const seen = new Set<string>();
  const items = channels.flatMap((c) => {
    // A directory is the app's or the backend's data: a row without a usable channel (or a
    // repeated one: it is the row's key) is left out.
    if (typeof c.channel !== 'string' || seen.has(c.channel)) return [];
    seen.add(c.channel);
    const data = c.lastMessage?.data;
    const text = data !== null && typeof data === 'object' ? (data as { text?: unknown }).text : undefined;
    return {
      channel: c.channel,
      name: typeof c.name === 'string' ? c.name.slice(0, CHAT_EVENT_LIMITS.name) : undefined,
      unread: c.channel === props.selected ? 0 : typeof c.unread === 'number' && Number.isFinite(c.unread) ? c.unread : 0,
      preview: typeof text === 'string' ? text.slice(0, 200) : undefined,
    };
  });
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
    /** `false` turns typing signals off (they are off anyway where the backend has no typing channel: Chime). */
    typing?: boolean | undefined;
  },
): ReactNode {
  const clientOption = props.client === undefined ? {} : { client: props.client };
  const r = useRoom(props, props.fetcher);
  const client = useChannelKit().client(props.client);
  // One data object per name: native presence re-announces whenever it changes.
  const data = useMemo(() => ({ name: props.name }), [props.name]);
  const { members } = usePresence(props.channel, { user: props.user, data, ...clientOption });
  const { typing, signal } = useTyping(props.channel, { user: props.user, enabled: props.typing !== false && hasTypingChannel(client, props.channel), ...clientOption });
  const { status, nextRetryAt, error, reconnect } = useConnectionState(clientOption);
  // A refused room (unknown namespace, no permission) says so, with the server's reason. Read
  // unbatched, as the connection's status is: a frame-batched view could pair a stale `failed`
  // (from the connection's failure) with the new `connected` and flash a false alarm.
  const room = useChannelState(props.client, props.channel);
  const people = useMembers(props.channel, members, props.onInvalid);
  const names = validTypists(typing).map((id) => people.find((m) => m.id === id)?.name ?? id);
  return (
    <ChatRoom
      title={props.title}
      className={props.className}
      strings={props.strings}
      members={people}
      typing={names}
      connection={room.status === 'failed' && status === 'connected' ? { status: 'failed', error: room.error, subject: 'channel' } : { status, nextRetryAt, error, onRetry: reconnect }}
      list={{ messages: r.messages, hasMore: r.hasMore, loadingOlder: r.loadingOlder, onLoadOlder: r.onLoadOlder, onRetry: r.onRetry, onDiscard: r.onDiscard }}
      composer={{ onSend: r.send, onTyping: signal, maxBytes: client.capabilities.limits.eventBytes, measure: eventBytes(props) }}
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
