import type { CSSProperties, ReactNode } from 'react';
import { type ChatMessage, displayName, hue, initials } from './model.js';
import { RichText } from './RichText.js';
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
 * delivery state with Retry / Discard when it failed.
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
    <div className="ck-message" data-grouped={grouped || undefined} data-own={own || undefined} data-status={status}>
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
            <span className="ck-message-sender">{name}</span>{' '}
            <time className="ck-message-time" dateTime={new Date(message.at).toISOString()}>
              {formatTime(message.at)}
            </time>
          </div>
        )}
        <div className="ck-message-text">
          <RichText text={message.text} />
        </div>
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
