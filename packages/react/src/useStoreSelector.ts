'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';

/**
 * `useSyncExternalStore` with a selector and an equality function (zustand's
 * `useStoreWithEqualityFn`, React's `useSyncExternalStoreWithSelector`): the component renders
 * again only when the selected slice changes by `isEqual` (default `Object.is`). The selector may
 * be written inline: a new one is applied at the next render without resubscribing.
 *
 * @example
 * ```ts
 * const count = useStoreSelector(feed.subscribe, feed.getSnapshot, feed.getServerSnapshot, (s) => s.events.length);
 * ```
 */
export function useStoreSelector<S, U>(
  subscribe: (listener: () => void) => () => void,
  getSnapshot: () => S,
  getServerSnapshot: () => S,
  select: (snapshot: S) => U,
  isEqual: (a: U, b: U) => boolean = Object.is,
): U {
  const last = React.useRef<{ snapshot: S; selected: U } | undefined>(undefined);
  // One memo per (selector, equality) pair, kept across snapshots: a snapshot seen before gives
  // the selection made before, and an equal selection gives the previous object back.
  const pick = (snapshot: S): U => {
    const prev = last.current;
    if (prev && prev.snapshot === snapshot) return prev.selected;
    const next = select(snapshot);
    if (prev && isEqual(prev.selected, next)) {
      last.current = { snapshot, selected: prev.selected };
      return prev.selected;
    }
    last.current = { snapshot, selected: next };
    return next;
  };
  // A new selector (inline) must be applied even though the snapshot did not change.
  const selectRef = React.useRef(select);
  if (selectRef.current !== select) {
    selectRef.current = select;
    if (last.current) last.current = { snapshot: undefined as S, selected: last.current.selected };
  }
  return React.useSyncExternalStore(
    subscribe,
    () => pick(getSnapshot()),
    () => pick(getServerSnapshot()),
  );
}
