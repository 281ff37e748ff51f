'use client';
import { type ChangeEvent, type FormEvent, type KeyboardEvent, type ReactNode, useId, useState } from 'react';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link Composer}.
 *
 * @example
 * ```ts
 * const props: ComposerProps = { onSend: (text) => console.log(text), maxBytes: 32_768 };
 * ```
 */
export interface ComposerProps {
  onSend: (text: string) => void;
  /** Called on every edit (throttle it yourself, or pass `useTyping().signal`, which does). */
  onTyping?: (() => void) | undefined;
  /** The backend's limit for one event (`client.capabilities.limits.eventBytes`). */
  maxBytes?: number | undefined;
  /** Size of the event a text becomes (default: its UTF-8 length). */
  measure?: ((text: string) => number) | undefined;
  disabled?: boolean | undefined;
  /** Initial text (a draft). */
  defaultValue?: string | undefined;
  strings?: Partial<UiStrings> | undefined;
  className?: string | undefined;
}

const utf8 = (text: string) => new TextEncoder().encode(text).length;

/**
 * A message box: Enter sends, Shift+Enter adds a line; the byte count against the backend's
 * event limit shows as the limit nears and blocks sending past it.
 *
 * @example
 * ```tsx
 * <Composer onSend={(text) => publish({ id: crypto.randomUUID(), text })} onTyping={signal} maxBytes={client.capabilities.limits.eventBytes} />
 * ```
 */
export function Composer({ onSend, onTyping, maxBytes, measure = utf8, disabled = false, defaultValue = '', strings, className }: ComposerProps): ReactNode {
  const s = merge(strings);
  const [text, setText] = useState(defaultValue);
  const id = useId();
  const bytes = maxBytes === undefined ? 0 : measure(text);
  const over = maxBytes !== undefined && bytes > maxBytes;
  const near = maxBytes !== undefined && !over && bytes > maxBytes * 0.8;
  const canSend = !disabled && !over && text.trim().length > 0;

  const send = () => {
    if (!canSend) return;
    onSend(text);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that confirms an IME composition must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    setText(e.target.value);
    onTyping?.();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send();
  };
  return (
    <form className={`ck-composer${className ? ` ${className}` : ''}`} onSubmit={onSubmit}>
      <label htmlFor={id} className="ck-visually-hidden">
        {s.composerLabel}
      </label>
      <textarea
        id={id}
        className="ck-composer-input"
        rows={1}
        value={text}
        placeholder={s.composerPlaceholder}
        onChange={onChange}
        onKeyDown={onKeyDown}
        disabled={disabled}
        aria-invalid={over || undefined}
        aria-describedby={`${id}-limit`}
      />
      <button type="submit" className="ck-button ck-button-primary" disabled={!canSend}>
        {s.send}
      </button>
      <div id={`${id}-limit`} className="ck-composer-limit" data-over={over || undefined} aria-live="polite">
        {over && maxBytes !== undefined ? s.overLimit(bytes, maxBytes) : near && maxBytes !== undefined ? s.nearLimit(bytes, maxBytes) : ''}
      </div>
    </form>
  );
}
