import type { CSSProperties, ReactNode } from 'react';
import { displayName, hue, initials, type Member } from './model.js';
import { strings as merge, type UiStrings } from './strings.js';

/**
 * Props of {@link PresenceList}.
 *
 * @example
 * ```ts
 * const props: PresenceListProps = { members: [{ id: 'ana', name: 'Ana' }], selfId: 'ana' };
 * ```
 */
export interface PresenceListProps {
  members: readonly Member[];
  selfId?: string | undefined;
  strings?: Partial<UiStrings> | undefined;
}

/**
 * Everyone on the channel, as a named list (the current user marked "(you)").
 *
 * @example
 * ```tsx
 * <PresenceList members={members} selfId="ana" />
 * ```
 */
export function PresenceList({ members, selfId, strings }: PresenceListProps): ReactNode {
  const s = merge(strings);
  return (
    <section className="ck-presence-list" aria-label={s.online(members.length)}>
      <h2 className="ck-heading">{s.online(members.length)}</h2>
      <ul>
        {members.map((m) => (
          <li key={m.id} className="ck-presence-item">
            <span className="ck-avatar" aria-hidden="true" style={{ '--ck-avatar-hue': hue(m.id) } as CSSProperties}>
              {initials(displayName(m))}
            </span>
            <span>
              {displayName(m)}
              {m.id === selfId ? ` ${s.you}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
