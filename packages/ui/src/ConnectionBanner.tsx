'use client';
import { type ReactNode, useEffect, useState } from 'react';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link ConnectionBanner} (what `useConnectionState()` returns fits).
 *
 * @example
 * ```ts
 * const props: ConnectionBannerProps = { status: 'reconnecting', nextRetryAt: Date.now() + 3000, onRetry: () => {} };
 * ```
 */
export interface ConnectionBannerProps {
  status: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'failed';
  /** While reconnecting: when the next attempt starts (epoch ms). */
  nextRetryAt?: number | undefined;
  /** `false` when the browser is offline (default: `navigator.onLine`). */
  online?: boolean | undefined;
  onRetry?: (() => void) | undefined;
  /** Why it failed: shown under the text when `status` is `failed` (an AUTH_FAILED code picks `strings.authFailed`). */
  error?: { readonly code?: string | undefined; readonly message: string } | undefined;
  /** What failed: the connection (default) or the room's channel (`strings.channelUnavailable`). */
  subject?: 'connection' | 'channel' | undefined;
  strings?: Partial<UiStrings> | undefined;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/**
 * Says when the connection is down: "Reconnecting in N s" with a countdown, offline, or
 * failed, each with a "Reconnect now" button. Renders nothing while connected or connecting.
 *
 * @example
 * ```tsx
 * const { status, nextRetryAt, reconnect } = useConnectionState();
 * <ConnectionBanner status={status} nextRetryAt={nextRetryAt} onRetry={reconnect} />
 * ```
 */
export function ConnectionBanner({ status, nextRetryAt, online, onRetry, error, subject, strings }: ConnectionBannerProps): ReactNode {
  const s = merge(strings);
  const down = status === 'reconnecting' || status === 'failed' || status === 'closed';
  const now = useNow(status === 'reconnecting' && nextRetryAt !== undefined);
  const isOnline = online ?? (typeof navigator === 'undefined' ? true : navigator.onLine !== false);
  if (!down) return null;
  const kind = status === 'reconnecting' ? (isOnline ? 'reconnecting' : 'offline') : 'failed';
  const failed = subject === 'channel' ? s.channelUnavailable : error?.code === 'AUTH_FAILED' ? s.authFailed : s.failedConnection;
  const text = kind === 'offline' ? s.offline : kind === 'failed' ? failed : s.reconnecting(nextRetryAt === undefined ? undefined : Math.max(0, Math.ceil((nextRetryAt - now) / 1000)));
  // A live region must not hold a countdown: it would be announced every second. While one
  // ticks, the region holds the same words without it, and the countdown is shown beside it,
  // hidden from screen readers.
  const ticking = kind === 'reconnecting' && nextRetryAt !== undefined;
  return (
    <div className="ck-banner" data-kind={kind} role={kind === 'failed' ? 'alert' : ticking ? undefined : 'status'}>
      {ticking ? (
        <>
          <span role="status" className="ck-visually-hidden">
            {s.reconnecting(undefined)}
          </span>
          <span aria-hidden="true">{text}</span>
        </>
      ) : (
        <span>{text}</span>
      )}
      {kind === 'failed' && error ? <span className="ck-banner-detail">{error.message}</span> : null}
      {onRetry ? (
        <button type="button" className="ck-button ck-button-small" onClick={onRetry}>
          {s.reconnectNow}
        </button>
      ) : null}
    </div>
  );
}
