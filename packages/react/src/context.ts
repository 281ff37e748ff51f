// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import type { ChannelKitRuntime } from './createRuntime.js';

// Created on first use, not at import: React under `react-server` has no createContext.
let Context: React.Context<ChannelKitRuntime | null> | undefined;

/**
 * The context the provider fills and the hooks read (one per module instance).
 *
 * @example
 * ```ts
 * const runtime = React.useContext(runtimeContext());
 * ```
 */
export const runtimeContext = (): React.Context<ChannelKitRuntime | null> => (Context ??= React.createContext<ChannelKitRuntime | null>(null));
