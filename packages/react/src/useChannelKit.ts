'use client';
// A namespace import: under the `react-server` condition React lacks hooks, and named imports
// of them would fail to link.
import * as React from 'react';
import { ChannelKitError } from '@channelkit/transport';
import { runtimeContext } from './context.js';
import type { ChannelKitRuntime } from './createRuntime.js';

/**
 * The provider's runtime; throws outside a `<ChannelKitProvider>`.
 *
 * @example
 * ```ts
 * const client = useChannelKit().client('chat');
 * ```
 */
export function useChannelKit(): ChannelKitRuntime {
  const runtime = React.useContext(runtimeContext());
  if (!runtime) throw new ChannelKitError('INVALID_ARGUMENT', 'no <ChannelKitProvider> above this hook');
  return runtime;
}
