import { configDefaults, defineConfig } from 'vitest/config';

// Six groups, run one after the other (sequence.groupOrder):
//   unit     — packages/*/src/**/__tests__ and test/*.test.ts (everything but the ones below)
//   react    — test/react-*.test.tsx: the hooks in happy-dom against the emulator (its own group:
//              beside unit it loads 2 shared cores enough to trip the transport's polled waits)
//              (with ui — test/ui-*.test.tsx: the components in happy-dom)
//   browser  — test/browser/*.browser.test.ts: the transport in headless Chromium
//   storybook — test/ui/storybook.browser.test.ts: builds Storybook, drives it in Chromium
//   pack     — test/pack.test.ts: packs the packages (prepack deletes and rebuilds dist, which
//              unit tests read) and installs them into a fresh project
//   next     — test/react-next.test.ts: builds dist and runs `next build` on the fixture app
const PACK = 'test/pack.test.ts';
const BROWSER = 'test/browser/**/*.browser.test.ts';
const NEXT = 'test/react-next.test.ts';
const STORYBOOK = 'test/ui/storybook.browser.test.ts';

// The AWS SDK clients are anchors and interop peers in the tests; their notice about their own
// future Node requirement is not about ChannelKit and would be noise in every CI log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  resolve: {
    // Resolve workspace packages to their TypeScript sources: no build step before tests.
    conditions: ['@channelkit/source'],
  },
  ssr: { resolve: { conditions: ['@channelkit/source'] } },
  test: {
    // CI reads a plain "N passed, N failed" line that .ci/run derives from this JSON report.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, PACK, BROWSER, NEXT, STORYBOOK],
          sequence: { groupOrder: 0 },
        },
      },
      // React hooks: a DOM (happy-dom) for these files only; the SSR test opts back into node.
      { extends: true, test: { name: 'react', include: ['test/react-*.test.tsx', 'packages/react/src/**/__tests__/**/*.test.tsx'], environment: 'happy-dom', sequence: { groupOrder: 1 } } },
      // Components (packages/ui) in happy-dom, beside the hooks; test/ui-ssr opts back into node.
      { extends: true, test: { name: 'ui', include: ['test/ui-*.test.tsx'], environment: 'happy-dom', sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'browser', include: [BROWSER], sequence: { groupOrder: 2 } } },
      // `storybook build` loads both cores: alone, so that it cannot slow the polled waits of others.
      { extends: true, test: { name: 'storybook', include: [STORYBOOK], sequence: { groupOrder: 3 } } },
      { extends: true, test: { name: 'pack', include: [PACK], sequence: { groupOrder: 4 } } },
      { extends: true, test: { name: 'next', include: [NEXT], sequence: { groupOrder: 5 } } },
    ],
  },
});
