// Every story renders in StrictMode (mount–unmount–mount must cost nothing) inside a themed
// .ck-root; the theme toolbar (and `&globals=theme:dark` in URLs) switches light and dark.
import '@channelkit/ui/styles.css';
import './preview.css';
import type { Preview } from '@storybook/react-vite';
import { StrictMode } from 'react';

const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Color theme',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [
    (Story, { globals }) => (
      <StrictMode>
        <div className={`ck-root ck-story ${globals.theme === 'dark' ? 'ck-dark' : 'ck-light'}`}>
          <Story />
        </div>
      </StrictMode>
    ),
  ],
  parameters: { layout: 'fullscreen' },
};
export default preview;
