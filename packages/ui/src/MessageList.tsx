'use client';
// @tanstack/react-virtual is pinned to 3.13.24 (virtual-core 3.14.0): 5.3 KB min+gzip where
// 3.14.26 is 10.5 KB, and before the changes to resize compensation and measuring that touch
// this list (TanStack/virtual#1227, #1281, #1290). Why, and what to re-check before moving
// the pin: ../README.md#virtualizer.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Message } from './Message.js';
import { type ChatMessage, displayName } from './model.js';
import { RowBoundary } from './RowBoundary.js';
import { isSaneTime } from './saneTime.js';
import type { UiStrings } from './strings.js';
import { useStrings } from './useStrings.js';

/**
 * Props of {@link MessageList}.
 *
 * @example
 * ```ts
 * const props: MessageListProps = { messages: [], selfId: 'ana', hasMore: true, onLoadOlder: () => fetchOlder() };
 * ```
 */
export interface MessageListProps {
  /** Oldest first. */
  messages: readonly ChatMessage[];
  /** The current user: their messages are marked as own and never announced. */
  selfId?: string | undefined;
  hasMore?: boolean | undefined;
  /** An older page is on its way (`useMessageHistory().isFetchingNextPage`): the control says so. */
  loadingOlder?: boolean | undefined;
  /**
   * Called when the user reaches the top (or presses the button) while `hasMore`. Return the
   * promise of the load (or pass `loadingOlder`) so that a load that fails or brings nothing
   * is told apart from one still on its way: the list then lets the user try again.
   */
  onLoadOlder?: (() => unknown) | undefined;
  onRetry?: ((message: ChatMessage) => void) | undefined;
  onDiscard?: ((message: ChatMessage) => void) | undefined;
  strings?: Partial<UiStrings> | undefined;
  /** Accessible name of the list (default `strings.messages`). */
  label?: string | undefined;
  /** Consecutive messages of one sender within this many ms are grouped (default 5 min). */
  groupWithinMs?: number | undefined;
  className?: string | undefined;
}

type Row = { kind: 'older'; key: string } | { kind: 'day'; key: string; label: string } | { kind: 'message'; key: string; message: ChatMessage; grouped: boolean; own: boolean };

const DAY = 86_400_000;
const dayKey = (at: number) => new Date(at).toDateString();

// Rows re-render only when their message (or its place) changes, not on every scroll render.
const MessageRow = memo(Message);

function dayLabel(at: number, s: UiStrings): string {
  const today = new Date();
  if (dayKey(at) === today.toDateString()) return s.today;
  if (dayKey(at) === new Date(today.getTime() - DAY).toDateString()) return s.yesterday;
  return new Date(at).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
}

/** Pixels from the bottom that still count as "at the bottom". */
const STICK_PX = 48;

/**
 * A virtualized message list (only the visible rows are in the DOM, so 10,000+ messages
 * scroll smoothly) with day separators and grouping by sender. It sticks to the bottom as
 * messages arrive unless the user scrolled up, then offers a "new messages" button; reaching
 * the top loads older messages and keeps the view where it was. Incoming messages from others
 * are announced through a polite live region.
 *
 * @example
 * ```tsx
 * <MessageList messages={messages} selfId="ana" hasMore={hasMore} onLoadOlder={fetchOlder} onRetry={(m) => retry(m.localId!)} />
 * ```
 */
export function MessageList(props: MessageListProps): ReactNode {
  const { messages, selfId, hasMore = false, loadingOlder = false, onLoadOlder, onRetry, onDiscard, strings, label, groupWithinMs = 300_000, className } = props;
  // Equal by value across renders: inline `strings={{ … }}` must not rebuild every row.
  const s = useStrings(strings);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    // The "load older" control is the first row, not a bar above the list: the list then
    // starts where the scroller does, so the virtualizer's offsets are scroll offsets, and the
    // control's appearing or going away moves nothing but rows the anchoring accounts for.
    const out: Row[] = hasMore ? [{ kind: 'older', key: 'older' }] : [];
    let prev: ChatMessage | undefined;
    // The day of the last separator drawn: a message without a showable time joins it (no 1970).
    let day: string | undefined;
    // Times need not be monotonic (clock skew, late edits): a day can come back, and its
    // separator then needs a key of its own.
    const dayKeys = new Map<string, number>();
    for (const m of messages) {
      const sane = isSaneTime(m.at);
      const newDay = sane && dayKey(m.at) !== day;
      if (newDay) {
        day = dayKey(m.at);
        const n = dayKeys.get(day) ?? 0;
        dayKeys.set(day, n + 1);
        out.push({ kind: 'day', key: n === 0 ? `day-${day}` : `day-${day}-${n}`, label: dayLabel(m.at, s) });
      }
      const near = sane && prev !== undefined && isSaneTime(prev.at) && Math.abs(m.at - prev.at) < groupWithinMs;
      out.push({ kind: 'message', key: m.key ?? m.id, message: m, grouped: !newDay && prev !== undefined && prev.sender.id === m.sender.id && near, own: m.own ?? m.sender.id === selfId });
      prev = m;
    }
    return out;
  }, [messages, s, groupWithinMs, hasMore, selfId]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'message' ? (rows[i].grouped ? 28 : 56) : rows[i]?.kind === 'day' ? 32 : 40),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 6,
    paddingStart: 4,
    paddingEnd: 4,
  });

  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const lastId = useRef<string | undefined>(undefined);
  // Own messages seen failing (by localId, else id): each failure is announced once.
  const failures = useRef<Set<string> | undefined>(undefined);
  // The message the live region is reading out: deleted meanwhile, its text leaves the DOM too.
  const announced = useRef<string | undefined>(undefined);
  const firstKey = useRef<string | undefined>(undefined);
  // The row that was at the top of the view when older messages were requested: after they
  // arrive, it is scrolled back to the top so the view does not jump.
  const anchor = useRef<{ key: string; offset: number } | undefined>(undefined);

  const scrollToBottom = useCallback(() => {
    if (rows.length) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    atBottom.current = true;
    setUnseen(0);
  }, [rows.length, virtualizer]);

  useLayoutEffect(() => {
    // Your own failed sends are announced (in the same polite region as incoming messages: one
    // region, so a list has no empty alert); ones that had already failed at mount are not news.
    const seenFailures = failures.current;
    const failedNow = new Set<string>();
    let failedText: string | undefined;
    for (const m of messages)
      if (m.status === 'failed') {
        const k = m.localId ?? m.id;
        failedNow.add(k);
        if (seenFailures && !seenFailures.has(k)) failedText = m.text;
      }
    failures.current = failedNow;
    if (failedText !== undefined) setAnnouncement(s.sendFailed(failedText));
    if (announced.current !== undefined && messages.some((m) => m.id === announced.current && m.deleted)) {
      announced.current = undefined;
      setAnnouncement('');
    }
    const newest = messages[messages.length - 1];
    const prevLast = lastId.current;
    lastId.current = newest?.id;
    // The first message, not the first row: a day separator keeps its key when older
    // messages of the same day arrive above it.
    const prevFirst = firstKey.current;
    firstKey.current = messages[0]?.id;
    if (anchor.current && prevFirst !== firstKey.current) {
      // Older rows arrived above: put the anchor row back where it was on screen, now (not
      // in a later frame), so that no scroll event at the top asks for yet another page.
      const { key, offset } = anchor.current;
      anchor.current = undefined;
      const i = rows.findIndex((r) => r.key === key);
      // The control scrolls out of the rendered range with this: keep keyboard focus in the list.
      if (document.activeElement?.closest('.ck-load-older')) scroller.current?.focus({ preventScroll: true });
      const start = i >= 0 ? virtualizer.getOffsetForIndex(i, 'start')?.[0] : undefined;
      if (scroller.current && start !== undefined) scroller.current.scrollTop = start - offset;
      return;
    }
    if (!newest || newest.id === prevLast) return;
    const own = newest.own ?? newest.sender.id === selfId;
    if (prevLast !== undefined && !own && newest.status !== 'pending' && !newest.deleted) {
      announced.current = newest.id;
      setAnnouncement(s.incoming(displayName(newest.sender), newest.text));
    }
    if (atBottom.current || own || prevLast === undefined) scrollToBottom();
    else setUnseen((n) => n + 1);
  }, [messages, rows, selfId, s, scrollToBottom, virtualizer]);
  // StrictMode (development) unmounts and remounts once, and the virtualizer scrolls back to
  // its last known offset on remount: forget what was shown so that the effect above scrolls
  // to the bottom again.
  useLayoutEffect(
    () => () => {
      lastId.current = firstKey.current = undefined;
      failures.current = undefined;
    },
    [],
  );

  // Whether a load is in flight, for the check below (read after the render it caused).
  const loading = useRef(loadingOlder);
  loading.current = loadingOlder;
  /** The load that set `mine` is over: if it brought nothing (failed, or no older messages), forget it. */
  const settled = useCallback((mine: object) => {
    // After the render the load caused (test DOMs without frames: a timer).
    (globalThis.requestAnimationFrame ?? setTimeout)(() => {
      if (anchor.current === mine && !loading.current) anchor.current = undefined;
    });
  }, []);
  // The control had keyboard focus: if it goes away (no older messages left), the list keeps it.
  const controlFocused = useRef(false);
  useLayoutEffect(() => {
    if (!hasMore && controlFocused.current) scroller.current?.focus({ preventScroll: true });
    controlFocused.current = false;
  }, [hasMore]);
  useEffect(() => {
    if (!loadingOlder && anchor.current) settled(anchor.current);
  }, [loadingOlder, settled]);

  const loadOlder = useCallback(() => {
    if (!hasMore || loadingOlder || !onLoadOlder || anchor.current) return;
    const scrollTop = scroller.current?.scrollTop ?? 0;
    // The first message at least partly on screen, and where it is. Not the control, and not a
    // day separator: older messages of the same day arrive above it and take it along.
    const top = virtualizer.getVirtualItems().find((v) => v.end > scrollTop && rows[v.index]?.kind === 'message');
    const key = top ? rows[top.index]?.key : undefined;
    if (key === undefined) return;
    const mine = { key, offset: top!.start - scrollTop };
    anchor.current = mine;
    let pending: unknown;
    try {
      pending = onLoadOlder();
    } catch (error) {
      anchor.current = undefined;
      throw error;
    }
    if (pending instanceof Promise)
      pending.then(
        () => settled(mine),
        () => settled(mine),
      );
    else settled(mine);
  }, [hasMore, loadingOlder, onLoadOlder, rows, virtualizer, settled]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (atBottom.current && unseen) setUnseen(0);
    if (el.scrollTop < 80) loadOlder();
  };

  useEffect(() => {
    if (!announcement) return;
    // Cleared after a while so that the same text can be announced again.
    const t = setTimeout(() => setAnnouncement(''), 5000);
    return () => clearTimeout(t);
  }, [announcement]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className={`ck-message-list${className ? ` ${className}` : ''}`}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll with the keyboard */}
      <section ref={scroller} className="ck-message-scroller" tabIndex={0} aria-label={label ?? s.messages} onScroll={onScroll}>
        {messages.length === 0 ? <p className="ck-empty">{s.noMessages}</p> : null}
        <ul className="ck-message-rows" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            return (
              <li
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                className="ck-row"
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}
              >
                {row.kind === 'older' ? (
                  <div className="ck-load-older">
                    {/* aria-disabled, not disabled: a disabled button drops keyboard focus. */}
                    <button
                      type="button"
                      className="ck-button ck-button-quiet"
                      onClick={loadOlder}
                      aria-disabled={loadingOlder}
                      onFocus={() => {
                        controlFocused.current = true;
                      }}
                      onBlur={() => {
                        controlFocused.current = false;
                      }}
                    >
                      {loadingOlder ? s.loadingOlder : s.loadOlder}
                    </button>
                  </div>
                ) : row.kind === 'day' ? (
                  <div className="ck-day-separator">
                    <span>{row.label}</span>
                  </div>
                ) : (
                  <RowBoundary fallback={s.messageUnavailable}>
                    <MessageRow message={row.message} grouped={row.grouped} own={row.own} onRetry={onRetry} onDiscard={onDiscard} strings={s} />
                  </RowBoundary>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {unseen > 0 ? (
        <button type="button" className="ck-button ck-new-messages" onClick={scrollToBottom}>
          {s.newMessages(unseen)}
        </button>
      ) : null}
      <div className="ck-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
