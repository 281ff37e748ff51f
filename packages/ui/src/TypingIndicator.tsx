import type { ReactNode } from 'react';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link TypingIndicator}.
 *
 * @example
 * ```ts
 * const props: TypingIndicatorProps = { names: ['Ana'] };
 * ```
 */
export interface TypingIndicatorProps {
  /** Display names of who is typing (others only). */
  names: readonly string[];
  strings?: Partial<UiStrings> | undefined;
}

/**
 * "Ana is typing…" in a polite status region (always rendered, so that screen readers
 * pick up changes; empty when nobody types).
 *
 * @example
 * ```tsx
 * <TypingIndicator names={['Ana', 'Bo']} />
 * ```
 */
export function TypingIndicator({ names, strings }: TypingIndicatorProps): ReactNode {
  const s = merge(strings);
  return (
    <div className="ck-typing" role="status" aria-live="polite">
      {names.length ? (
        <>
          <span className="ck-typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {s.typing(names)}
        </>
      ) : null}
    </div>
  );
}
