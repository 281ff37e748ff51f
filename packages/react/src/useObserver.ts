'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { runtimeContext } from './context.js';

/**
 * The part of a TanStack Query observer `useObserver` uses.
 *
 * @example
 * ```ts
 * const observer: QueryObserverLike<QueryObserverResult, QueryObserverOptions> = new QueryObserver(queryClient, options);
 * ```
 */
export interface QueryObserverLike<R, O> {
  subscribe(listener: (result: R) => void): () => void;
  getCurrentResult(): R;
  setOptions(options: O): void;
  /** The result for `options` before they are applied (TanStack's render-time result). */
  getOptimisticResult?(options: never): R;
}

/**
 * Reads a TanStack Query observer (`QueryObserver`, `InfiniteQueryObserver` from
 * `@tanstack/query-core`) through `useSyncExternalStore`. Like TanStack's `useBaseQuery`, the
 * result rendered is the one for this render's options (`getOptimisticResult`): the first render
 * after a key change shows the new key's data (or loading), never the previous key's; the options
 * are applied to the observer after the render commits. The hooks use query-core rather than
 * `@tanstack/react-query`, whose modules call `createContext` on import and so throw under the
 * `react-server` condition.
 *
 * @example
 * ```ts
 * const [observer] = React.useState(() => new QueryObserver(queryClient, options));
 * const result = useObserver(observer, options); // options applied after every render
 * ```
 */
export function useObserver<R, O>(observer: QueryObserverLike<R, O>, options: O): R {
  const runtime = React.useContext(runtimeContext());
  // Defaulted as the observer would default them, so the render-time result hashes the same key.
  const defaulted = (runtime ? runtime.queryClient.defaultQueryOptions(options as never) : options) as O;
  React.useEffect(() => observer.setOptions(defaulted));
  const subscribe = React.useCallback((listener: () => void) => observer.subscribe(() => listener()), [observer]);
  const get = () => observer.getCurrentResult();
  React.useSyncExternalStore(subscribe, get, get);
  return observer.getOptimisticResult ? observer.getOptimisticResult(defaulted as never) : observer.getCurrentResult();
}
