import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Resolve workspace packages to their TypeScript sources: no build step before tests.
    conditions: ['@channelkit/source'],
  },
  ssr: { resolve: { conditions: ['@channelkit/source'] } },
  test: {
    include: ['packages/*/src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
