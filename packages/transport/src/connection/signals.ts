/**
 * A boolean fact about the environment that can change: "the network is up", "the page is
 * visible". Injected so the connection works the same in browsers, React Native (NetInfo,
 * AppState) and tests.
 *
 * @example
 * ```ts
 * const alwaysOnline: EnvironmentSignal = { get: () => true, subscribe: () => () => {} };
 * ```
 */
export interface EnvironmentSignal {
  get(): boolean;
  subscribe(listener: () => void): () => void;
}

/**
 * `navigator.onLine` and the window's `online`/`offline` events. Touches `window` only when
 * called, so importing it is safe during server rendering.
 *
 * @example
 * ```ts
 * createClient({ backend, network: browserNetworkSignal(), visibility: browserVisibilitySignal() });
 * ```
 */
export function browserNetworkSignal(): EnvironmentSignal {
  const w = globalThis as unknown as {
    navigator?: { onLine?: boolean };
    addEventListener?: (t: string, l: () => void) => void;
    removeEventListener?: (t: string, l: () => void) => void;
  };
  return {
    get: () => w.navigator?.onLine ?? true,
    subscribe(listener) {
      w.addEventListener?.('online', listener);
      w.addEventListener?.('offline', listener);
      return () => {
        w.removeEventListener?.('online', listener);
        w.removeEventListener?.('offline', listener);
      };
    },
  };
}

/**
 * `document.visibilityState === 'visible'` and `visibilitychange`.
 *
 * @example
 * ```ts
 * const visible = browserVisibilitySignal().get();
 * ```
 */
export function browserVisibilitySignal(): EnvironmentSignal {
  const d = (globalThis as unknown as { document?: { visibilityState?: string; addEventListener(t: string, l: () => void): void; removeEventListener(t: string, l: () => void): void } }).document;
  return {
    get: () => d?.visibilityState !== 'hidden',
    subscribe(listener) {
      d?.addEventListener('visibilitychange', listener);
      return () => d?.removeEventListener('visibilitychange', listener);
    },
  };
}
