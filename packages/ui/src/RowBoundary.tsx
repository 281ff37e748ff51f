'use client';
import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * Props of {@link RowBoundary}.
 *
 * @example
 * ```ts
 * const props: RowBoundaryProps = { fallback: 'This message cannot be shown.', children: null };
 * ```
 */
export interface RowBoundaryProps {
  /** Shown instead of the row when rendering it threw. */
  fallback: ReactNode;
  /** Told what the row threw (default: `console.error`). */
  onError?: ((error: unknown) => void) | undefined;
  children: ReactNode;
}

/**
 * An error boundary around one row of a list: a row that throws while rendering (data no
 * check foresaw, a custom `formatTime` that throws) shows `fallback` in its place, and every
 * other row, and the room, stay up. Key it by the row so a new message gets a fresh boundary.
 *
 * @example
 * ```tsx
 * <RowBoundary key={m.id} fallback={s.messageUnavailable}>
 *   <Message message={m} />
 * </RowBoundary>
 * ```
 */
export class RowBoundary extends Component<RowBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    (this.props.onError ?? console.error)(error);
  }

  override render(): ReactNode {
    return this.state.failed ? (
      <div className="ck-row-unavailable" data-unavailable="">
        {this.props.fallback}
      </div>
    ) : (
      this.props.children
    );
  }
}
