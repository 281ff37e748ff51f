import type { CSSProperties, ReactNode } from 'react';
import { displayName, hue, initials, type Member } from './model.js';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link PresenceAvatars}.
 *
 * @example
 * ```ts
 * const props: PresenceAvatarsProps = { members: [{ id: 'ana', name: 'Ana' }], max: 3 };
 * ```
 */
export interface PresenceAvatarsProps {
  members: readonly Member[];
  /** Avatars shown before the "+N" overflow (default 4). */
  max?: number | undefined;
  strings?: Partial<UiStrings> | undefined;
}

/**
 * A stack of member avatars with an overflow count, named "N online" for screen readers.
 *
 * @example
 * ```tsx
 * <PresenceAvatars members={members} max={3} />
 * ```
 */
export function PresenceAvatars({ members, max = 4, strings }: PresenceAvatarsProps): ReactNode {
  const s = merge(strings);
  const shown = members.slice(0, max);
  const rest = members.length - shown.length;
  return (
    <ul className="ck-avatars" aria-label={s.online(members.length)}>
      {shown.map((m) => (
        <li key={m.id} className="ck-avatar" title={displayName(m)} style={{ '--ck-avatar-hue': hue(m.id) } as CSSProperties}>
          <span aria-hidden="true">{initials(displayName(m))}</span>
          <span className="ck-visually-hidden">{displayName(m)}</span>
        </li>
      ))}
      {rest > 0 ? (
        <li className="ck-avatar ck-avatar-more">
          <span aria-hidden="true">+{rest}</span>
          <span className="ck-visually-hidden">{s.more(rest)}</span>
        </li>
      ) : null}
    </ul>
  );
}
