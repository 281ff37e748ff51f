import type { CSSProperties, ReactNode } from 'react';
import { type ChatMessage, displayName, hue, initials } from './model.js';
import { RichText } from './RichText.js';
import { isSaneTime } from './saneTime.js';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link Message}.
 *
 * @example
 * ```ts
 * const props: MessageProps = { message: { id: 'm1', text: 'hi', sender: { id: 'ana' }, at: 0 }, grouped: false };
 * ```
 */
export interface MessageProps {
  message: ChatMessage;
  /** Same sender as the message above: the name and avatar are left out. */
  grouped?: boolean;
  /** The message is the current user's own. */
  own?: boolean;
  onRetry?: ((message: ChatMessage) => void) | undefined;
  onDiscard?: ((message: ChatMessage) => void) | undefined;
  strings?: Partial<UiStrings> | undefined;
  /** Formats the time (default: the locale's hour and minute). */
  formatTime?: ((at: number) => string) | undefined;
}

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * One message: avatar, name and time (unless grouped), text with safe links, and its
 * delivery state with Retry / Discard when it failed. An edited message says "edited"; a
 * deleted one is a tombstone ("This message was deleted.", its text never rendered); a sender
 * with `verified: false` is marked "unverified"; a time outside 2000–2100 is left out.
 *
 * @example
 * ```tsx
 * <Message message={{ id: 'm1', text: 'hi', sender: { id: 'ana', name: 'Ana' }, at: Date.now(), status: 'failed' }} onRetry={(m) => retry(m.localId!)} />
 * ```
 */
export function Message({ message, grouped = false, own = false, onRetry, onDiscard, strings, formatTime = time }: MessageProps): ReactNode {
  const s = merge(strings);
  const name = displayName(message.sender);
  const status = message.status ?? 'delivered';
  return (
    <div className="ck-message" data-grouped={grouped || undefined} data-own={own || undefined} data-status={status} data-deleted={message.deleted || undefined}>
      {grouped ? (
        <span className="ck-message-gutter" aria-hidden="true" />
      ) : (
        <span className="ck-avatar" aria-hidden="true" style={{ '--ck-avatar-hue': hue(message.sender.id) } as CSSProperties}>
          {initials(name)}
        </span>
      )}
      <div className="ck-message-body">
        {grouped ? null : (
          <div className="ck-message-meta">
            <span className="ck-message-sender">{name}</span> {message.sender.verified === false ? <span className="ck-message-unverified">{s.unverified} </span> : null}
            {/* A peer's `at` can be anything: toISOString throws past ±8.64e15. */}
            {isSaneTime(message.at) ? (
              <time className="ck-message-time" dateTime={new Date(message.at).toISOString()}>
                {formatTime(message.at)}
              </time>
            ) : null}
          </div>
        )}
        {message.deleted ? (
          <div className="ck-message-text" data-deleted="">
            {s.deleted}
          </div>
        ) : (
          <div className="ck-message-text">
            <RichText text={message.text} />
            {message.edited ? <span className="ck-message-edited"> ({s.edited})</span> : null}
          </div>
        )}
        {status === 'pending' || status === 'queued' ? <div className="ck-message-state">{status === 'pending' ? s.pending : s.queued}</div> : null}
        {status === 'failed' ? (
          <div className="ck-message-state" data-failed="">
            <span>{s.failed}</span>
            {message.error ? <span className="ck-message-reason">{message.error}</span> : null}
            {onRetry ? (
              <button type="button" className="ck-button ck-button-small" onClick={() => onRetry(message)}>
                {s.retry}
              </button>
            ) : null}
            {onDiscard ? (
              <button type="button" className="ck-button ck-button-small ck-button-quiet" onClick={() => onDiscard(message)}>
                {s.discard}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
