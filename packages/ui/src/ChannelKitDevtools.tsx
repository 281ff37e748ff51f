import type { ReactNode } from 'react';
import type { Frame } from './frameLog.js';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link ChannelKitDevtools}.
 *
 * @example
 * ```ts
 * const props: ChannelKitDevtoolsProps = { timeline: [{ status: 'connected', at: 0 }], channels: [{ channel: '/default/room', status: 'subscribed' }], frames: [] };
 * ```
 */
export interface ChannelKitDevtoolsProps {
  /** Connection status changes, oldest first. */
  timeline: readonly { status: string; at: number; detail?: string | undefined }[];
  channels: readonly { channel: string; status: string }[];
  /** Recent frames, already redacted (see `createFrameLog`). */
  frames: readonly Frame[];
  /** Open by default (default false: a collapsed panel). */
  open?: boolean | undefined;
  strings?: Partial<UiStrings> | undefined;
}

const clock = (at: number) => new Date(at).toISOString().slice(11, 23);

/**
 * A collapsible development panel: the connection's status timeline, channels and their
 * states, and recent frames with secrets redacted.
 *
 * @example
 * ```tsx
 * <ChannelKitDevtools timeline={timeline} channels={[{ channel: '/default/room', status: 'subscribed' }]} frames={frames} />
 * ```
 */
export function ChannelKitDevtools({ timeline, channels, frames, open = false, strings }: ChannelKitDevtoolsProps): ReactNode {
  const s = merge(strings);
  return (
    <details className="ck-devtools" open={open}>
      <summary>{s.devtools}</summary>
      <div className="ck-devtools-grid">
        <section aria-label={s.timeline}>
          <h3 className="ck-heading">{s.timeline}</h3>
          <ol>
            {timeline.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
              <li key={i} data-status={t.status}>
                <time>{clock(t.at)}</time> {t.status}
                {t.detail ? ` — ${t.detail}` : ''}
              </li>
            ))}
          </ol>
        </section>
        <section aria-label={s.channels}>
          <h3 className="ck-heading">{s.channels}</h3>
          <ul>
            {channels.map((c) => (
              <li key={c.channel}>
                <code>{c.channel}</code> <span data-status={c.status}>{c.status}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label={s.frames}>
          <h3 className="ck-heading">{s.frames}</h3>
          <ol className="ck-frames">
            {frames.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
              <li key={i} data-direction={f.direction}>
                <time>{clock(f.at)}</time> <span aria-hidden="true">{f.direction === 'in' ? '↓' : f.direction === 'out' ? '↑' : '•'}</span>
                <span className="ck-visually-hidden">{f.direction}</span> <code>{f.text}</code>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </details>
  );
}
