import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Resolve workspace packages to their TypeScript sources: no build step before tests.
    conditions: ['@channelkit/source'],
  },
  ssr: { resolve: { conditions: ['@channelkit/source'] } },
  test: {
    include: ['packages/*/src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    // CI reads a plain "N passed, N failed" line that .ci/run derives from this JSON report.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
