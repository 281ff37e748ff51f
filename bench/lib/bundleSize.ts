import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';

/** How every bundle is measured: an ES module of `source` for browsers, minified, from the sources; `external` stays out (peers). */
export function bundleOptions(source: string, resolveDir: string, external: string[] = []): BuildOptions & { write: false } {
  return {
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['@channelkit/source'],
    external,
    logLevel: 'silent',
  };
}

/** Bytes of an ES module bundle of `source` for browsers: minified, and minified + gzip; `external` stays out (peers). */
export async function bundleSize(source: string, resolveDir: string, external: string[] = []): Promise<{ minified: number; gzip: number }> {
  const result = await build(bundleOptions(source, resolveDir, external));
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** The bundles the benchmarks and the size-budget test measure, by name. */
export const BUNDLES = {
  signer: `export { signRequest, presignUrl } from '@channelkit/transport/sigv4';`,
  smithySigner: `export { SignatureV4 } from '@smithy/signature-v4'; export { Sha256 } from '@aws-crypto/sha256-js';`,
  /** What an app using AppSync Events with an API key or JWT ships: core + protocol + HTTP publish. */
  appsyncClient: `export { appSyncEvents, apiKeyAuth, userPoolAuth } from '@channelkit/transport/appsync-events'; export { createClient, browserNetworkSignal, browserVisibilitySignal } from '@channelkit/transport';`,
  /** The same with IAM (adds the SigV4 signer). */
  appsyncClientIam: `export { appSyncEvents, iamAuth } from '@channelkit/transport/appsync-events'; export { createClient } from '@channelkit/transport';`,
  /** What an app using API Gateway WebSocket APIs ships: core + the channel convention. */
  apigwClient: `export { apiGatewayWebSocket } from '@channelkit/transport/apigw'; export { createClient, browserNetworkSignal, browserVisibilitySignal } from '@channelkit/transport';`,
  /** The same with an IAM-authorized `$connect` (adds the WebCrypto SigV4 presigner). */
  apigwClientIam: `export { apiGatewayWebSocket, apiGatewayIam } from '@channelkit/transport/apigw'; export { createClient, browserNetworkSignal, browserVisibilitySignal } from '@channelkit/transport';`,
  /** What an app using Chime SDK messaging ships: core + the Chime backend + its REST subset + SigV4. */
  chimeClient: `export { chime } from '@channelkit/transport/chime'; export { createClient, browserNetworkSignal, browserVisibilitySignal } from '@channelkit/transport';`,
  amplifyEvents: `export { events } from 'aws-amplify/data'; export { Amplify } from 'aws-amplify';`,
  connectionsClient: `export { ConnectionsClient, ConnectionGoneError } from '@channelkit/transport/server';`,
  awsSdkManagementApi: `export { ApiGatewayManagementApiClient, PostToConnectionCommand, GetConnectionCommand, DeleteConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';`,
  /** Every export of the hooks package. Measured with REACT_PEERS (and the transport) external. */
  reactHooks: `export * from '@channelkit/react';`,
  /** Every export of the components package. Measured with REACT_PEERS, the hooks and the transport external (@tanstack/react-virtual is bundled: a dependency). */
  ui: `export * from '@channelkit/ui';`,
} as const;

/** What `@channelkit/react` leaves to the app: its peers. */
export const REACT_PEERS = ['react', 'react-dom', 'react/jsx-runtime', 'zustand', 'zustand/vanilla', '@tanstack/query-core', '@tanstack/react-query'];
