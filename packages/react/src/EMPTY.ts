/**
 * The one empty list that server snapshots and "nothing yet" share: a stable identity, so
 * `useSyncExternalStore` sees no change. Exported for hooks copied into an app.
 *
 * @example
 * ```ts
 * const members = state.members ?? EMPTY;
 * ```
 */
export const EMPTY: readonly never[] = Object.freeze([]);
