// Storybook 10, React + Vite, configured by hand (`storybook init` needs the network, which CI
// here does not have). Workspace packages resolve to their sources, as in the tests.
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { emulatorPlugin } from './emulator.js';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.tsx'],
  addons: [],
  core: { disableTelemetry: true },
  typescript: { reactDocgen: false },
  viteFinal: (cfg) =>
    mergeConfig(cfg, {
      plugins: [emulatorPlugin()],
      resolve: { conditions: ['@channelkit/source', 'browser', 'module', 'import', 'default'] },
      // rolldown keeps 'use client' and only warns that it is meaningless in a bundle.
      build: { rolldownOptions: { checks: { moduleLevelDirective: false } }, chunkSizeWarningLimit: 4000 },
    }),
};
export default config;
