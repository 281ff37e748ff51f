import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLES, bundleSize, REACT_PEERS } from '../bench/lib/bundleSize.js';

// Bundle sizes are deterministic (same sources, same esbuild), so budgets are enforced here;
// timings are not (see bench/). A budget is a ceiling to catch regressions, set a little above
// today's size: lower it when the code gets smaller.
const BUDGETS_GZIP = {
  // signRequest + presignUrl incl. plain-JS SHA-256/HMAC: 3.63 KB today (3.77 KB before one
  // generator drove both the sync and the WebCrypto signer; issue 7 target 2.5 KB, NOT MET;
  // @smithy/signature-v4 + @aws-crypto/sha256-js is 7.9 KB). ~120 B of it buys 1.6×
  // throughput (escape fast path, per-second date memo); ~340 B is argument validation
  // (INVALID_ARGUMENT naming argument and rule, issue 6; the primitives refuse non-bytes since
  // an outside review found them hashing numbers as empty input) and literal error names (9.4).
  signer: 3.65 * 1024,
  // ConnectionsClient (+ WebCrypto SigV4): 5.01 KB (the target was 4 KB, met at 3.99 KB
  // before — NOT MET now): ~1 KB buys argument validation, JSON errors naming the rule,
  // credential checks and scrubbing of echoed secrets and of foreign fetch errors (issues 6, 8,
  // 9.4); ~70 B the error that names the secure-context rule where crypto.subtle is missing.
  connectionsClient: 5.05 * 1024,
  // createClient + the Chime backend (socket, REST subset, WebCrypto SigV4, browser signals):
  // 21.58 KB (22.43 KB before it presigned on WebCrypto, which keeps the plain-JS SHA-256 out;
  // +0.19 KB since for the core's frame-router split and event ids in meta, +0.25 KB for the
  // live channel directory with counted unread messages, +0.17 KB for CONTROL messages kept off
  // the list, the server-clock read marker, listener isolation and edits as meta.changes,
  // +0.2 KB for counting each unread message once across prefetches, deletions and markRead,
  // +0.06 KB for the messages facet: edit, redact, delete; 21.71 KB now).
  // Issue 11's target is 12 KB — NOT MET: the shared core is ~11.8 KB of it (createClient and
  // the signals alone), the Chime backend ~7 KB, SigV4 ~2 KB. Then 23.26 KB (+1.68 KB, issue 18):
  // every argument of the REST API (`backend.api`, its constructor), the publish context,
  // history options, prefetch, markRead and the exported helpers (envelope, close policy,
  // directory) checked before use, each failure an INVALID_ARGUMENT naming the rule
  // (chime/validateInput.ts, lib/historyListOptions.ts); +0.06 KB for the messages facet
  // (edit, redact, delete; issue 17).
  chimeClient: 23.4 * 1024,
  // createClient + API Gateway (no IAM): 14.55 KB (17.97 KB before the IAM presigner became the
  // separate apiGatewayIam export; goal 8 KB, NOT MET — the shared core is most of it). With
  // apiGatewayIam: 17.11 KB (both +0.19 KB for the core's frame-router split and event ids;
  // then +0.05 KB: closed channels go idle, a missing crypto.subtle stops instead of looping).
  // Then 15.09 KB (+0.54 KB, issue 19): the server-stamped sender in meta.sender, server-side
  // presence (presence and `subscribed` member frames, the `presence` option and its facet).
  apigwClient: 15.15 * 1024,
  apigwClientIam: 17.8 * 1024,
  // createClient + AppSync Events (API key / JWT auth, HTTP publish, browser signals): 16.01 KB.
  // It was 10.8 KB before the uniform client (channel state stores, recovery, presence frames,
  // unrouted events, early-frame holding: ~2.9 KB), total redaction with literal error names
  // (~0.7 KB) and checking every option and factory argument up front (~1.2 KB); the split of
  // Connection.ts into a frame router and pure loss/lifetime decisions added ~0.16 KB, event
  // ids in subscriber meta ~0.02 KB. The goal is still 8 KB and the issue asked for no growth —
  // NOT MET, tracked in the closing note (gzip already folds repeated code: only removing
  // behaviour or messages would bring it back). aws-amplify events + Amplify is 54 KB.
  // Then 16.20 KB (+0.17 KB, issue 19): `senderFrom: 'handler'`, which reads the sender an
  // AppSync onPublish handler stamped into meta.sender (withHandlerSender.ts).
  appsyncClient: 16.3 * 1024,
  // The same with iamAuth: 18.47 KB (19.1 KB while it signed with the plain-JS SHA-256); 18.73 KB
  // with senderFrom (issue 19).
  appsyncClientIam: 18.85 * 1024,
  // @channelkit/react, every hook, peers and transport external: 7.52 KB (4.90 KB before issue
  // 17; issue 12's 5 KB target is NOT MET now). The +2.6 KB buys: feeds that are dropped after
  // gcTimeMs with their maps, the provider following its props, selectors with equality
  // (useStoreSelector) and one combined store for useMessageHistory, the render-time query
  // result, acknowledged publishes shown in place with stable keys, handler isolation, the
  // frame-timer fallback, refetch when a lease was taken afresh, and edit/remove with the
  // $changes convention kept per (message, sender), and the provider checking its props
  // (~0.16 KB: INVALID_ARGUMENT naming prop and rule). ably/react is 2.4 KB, react-use-websocket 6.6 KB — see
  // `pnpm bench --only=react`.
  // Merged with issue 17's presence work (selectors and enabled on every hook, listen-only and
  // typed presence, useConnectionStateListener / useErrorListener / usePresenceListener, each
  // hook file standing alone): 9.29 KB (9512 B) measured; 9.16 KB (9384 B) once usePresence and useConnectionState select through the kit's useStoreSelector.
  reactHooks: 9.2 * 1024,
  // @channelkit/ui, every component, peers + hooks + transport external: 12.01 KB today, the
  // issue's 15 KB target met. @tanstack/react-virtual (required by the issue; a dependency, so
  // bundled) is pinned to 3.13.24 (5.3 KB alone): with 3.14.26 the bundle was 17.0 KB (why the
  // pin: packages/ui/README.md#virtualizer). The components themselves are ~7 KB (+0.2 KB for
  // retrying a failed older-page load and keeping keyboard focus in the list, +0.2 KB for
  // saying why: the failed message's reason, a refused room or sign-in in the banner; +0.2 KB
  // for running the devtools frame log through the transport's redactor, values as well as
  // keys, issue 18). Issue 17 added 2.38 KB: checking every inbound payload (validateChatEvent,
  // validateMember, their reasons and warnInvalid ~0.9 KB), verified senders and own-message
  // marking (toChatMessages, useVerifiedViewer, the ids this page sent ~0.6 KB), the per-row
  // error boundary, strings memoized by value, edited/deleted/unverified, announcements of
  // failed sends, the banner's quiet countdown and the new strings: 14.66 KB (15011 B) merged.
  ui: 14.7 * 1024,
};

describe('bundle size budgets (esbuild, minified + gzip)', () => {
  it('the SigV4 signer stays within budget and far below the AWS SDK signer', async () => {
    const dir = resolve(import.meta.dirname, '../bench');
    const [ours, smithy] = await Promise.all([bundleSize(BUNDLES.signer, dir), bundleSize(BUNDLES.smithySigner, dir)]);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.signer);
    expect(ours.gzip * 2).toBeLessThan(smithy.gzip);
  });

  it('the AppSync Events client stays within budget and under a third of aws-amplify events', async () => {
    const dir = resolve(import.meta.dirname, '../bench');
    const [ours, amplify] = await Promise.all([bundleSize(BUNDLES.appsyncClient, dir), bundleSize(BUNDLES.amplifyEvents, dir)]);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.appsyncClient);
    expect(ours.gzip * 3).toBeLessThan(amplify.gzip);
  });

  it('the AppSync Events client with IAM stays within budget, without the plain-JS SHA-256', async () => {
    const dir = resolve(import.meta.dirname, '../bench');
    const [ours, withSha] = await Promise.all([bundleSize(BUNDLES.appsyncClientIam, dir), bundleSize(`${BUNDLES.appsyncClientIam} export { sha256 } from '@channelkit/transport/sigv4';`, dir)]);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.appsyncClientIam);
    expect(withSha.gzip - ours.gzip).toBeGreaterThan(300);
  });

  it('the @connections client stays within budget (the AWS SDK client is ~52 KB)', async () => {
    const dir = resolve(import.meta.dirname, '../bench');
    const [ours, sdk] = await Promise.all([bundleSize(BUNDLES.connectionsClient, dir), bundleSize(BUNDLES.awsSdkManagementApi, dir)]);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.connectionsClient);
    expect(ours.gzip * 10).toBeLessThan(sdk.gzip);
  });

  it('the Chime client stays within budget, without the plain-JS SHA-256', async () => {
    const dir = resolve(import.meta.dirname, '../bench');
    const [ours, withSha] = await Promise.all([bundleSize(BUNDLES.chimeClient, dir), bundleSize(`${BUNDLES.chimeClient} export { sha256 } from '@channelkit/transport/sigv4';`, dir)]);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.chimeClient);
    // Chime signs on WebCrypto: were the plain-JS hash already bundled, exporting it would add nothing.
    expect(withSha.gzip - ours.gzip).toBeGreaterThan(300);
  });

  it('the API Gateway client ships no SigV4 unless apiGatewayIam is imported', async () => {
    const dir = resolve(import.meta.dirname, '../bench');
    const [plain, iam] = await Promise.all([bundleSize(BUNDLES.apigwClient, dir), bundleSize(BUNDLES.apigwClientIam, dir)]);
    expect(plain.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.apigwClient);
    expect(iam.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.apigwClientIam);
    expect(iam.gzip - plain.gzip).toBeGreaterThan(1024);
  });

  it('@channelkit/react with its peers and the transport external stays within budget (9.2 KB)', async () => {
    const ours = await bundleSize(BUNDLES.reactHooks, resolve(import.meta.dirname, '../bench'), [...REACT_PEERS, '@channelkit/transport']);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.reactHooks);
  });

  it('@channelkit/ui with its peers, the hooks and the transport external stays within budget', async () => {
    const ours = await bundleSize(BUNDLES.ui, resolve(import.meta.dirname, '../bench'), [...REACT_PEERS, '@channelkit/react', '@channelkit/transport']);
    expect(ours.gzip).toBeLessThanOrEqual(BUDGETS_GZIP.ui);
  });
});
