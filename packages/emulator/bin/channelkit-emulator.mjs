#!/usr/bin/env node
// Stable bin entry: runs the built CLI. In this repository use `pnpm emulator` (runs the
// TypeScript source) or build first with `pnpm build`.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('channelkit-emulator: not built yet; run `pnpm build` (or `pnpm emulator` in the repository)');
    process.exit(1);
  }
  throw error;
}
