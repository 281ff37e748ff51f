import type { ReactNode } from 'react';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * One entry of {@link ChannelList} (what `useChimeChannels().channels` holds fits).
 *
 * @example
 * ```ts
 * const item: ChannelListItem = { channel: 'arn:…/channel/c1', name: 'General', unread: 2 };
 * ```
 */
export interface ChannelListItem {
  readonly channel: string;
  readonly name?: string | undefined;
  readonly unread?: number | undefined;
  /** A preview of the last message. */
  readonly preview?: string | undefined;
}

/**
 * Props of {@link ChannelList}.
 *
 * @example
 * ```ts
 * const props: ChannelListProps = { channels: [], onSelect: (c) => console.log(c) };
 * ```
 */
export interface ChannelListProps {
  channels: readonly ChannelListItem[];
  selected?: string | undefined;
  onSelect: (channel: string) => void;
  strings?: Partial<UiStrings> | undefined;
}

/**
 * A navigable list of channels with unread badges; the selected one is `aria-current`.
 *
 * @example
 * ```tsx
 * <ChannelList channels={channels} selected={current} onSelect={setCurrent} />
 * ```
 */
export function ChannelList({ channels, selected, onSelect, strings }: ChannelListProps): ReactNode {
  const s = merge(strings);
  return (
    <nav className="ck-channel-list" aria-label={s.channels}>
      <ul>
        {channels.map((c) => (
          <li key={c.channel}>
            <button type="button" className="ck-channel" aria-current={c.channel === selected ? 'page' : undefined} onClick={() => onSelect(c.channel)}>
              <span className="ck-channel-name">{c.name ?? c.channel}</span>
              {c.preview ? <span className="ck-channel-preview">{c.preview.slice(0, 80)}</span> : null}
              {c.unread ? (
                <span className="ck-badge">
                  <span aria-hidden="true">{c.unread > 99 ? '99+' : c.unread}</span>
                  <span className="ck-visually-hidden">{s.unread(c.unread)}</span>
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
