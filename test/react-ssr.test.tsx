// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderToString } from 'react-dom/server';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { createClient } from '@channelkit/transport';
import { apiKeyAuth, appSyncEvents } from '@channelkit/transport/appsync-events';
import { ChannelKitProvider, useChannel, useChannelStorage, useChimeChannels, useConnectionState, useMessageHistory, usePresence, usePublish, useTyping } from '@channelkit/react';

const root = resolve(import.meta.dirname, '..');

function Everything() {
  const conn = useConnectionState();
  const channel = useChannel<{ text: string }>('/default/room');
  const pub = usePublish('/default/room');
  const presence = usePresence('/default/room', { user: 'u1', data: { name: 'Ada' } });
  const history = useMessageHistory('/default/room', { fetcher: async () => ({ items: [], hasMore: false }) });
  const typing = useTyping('/default/room');
  const storage = useChannelStorage('/default/room', 'topic');
  const chime = useChimeChannels();
  return (
    <ul>
      <li>connection:{conn.status}</li>
      <li>
        channel:{channel.status}:{channel.events.length}
      </li>
      <li>pending:{pub.entries.length}</li>
      <li>members:{presence.members.length}</li>
      <li>history:{history.messages.length}</li>
      <li>typing:{typing.typing.length}</li>
      <li>storage:{storage.status}</li>
      <li>chime:{chime.status}</li>
    </ul>
  );
}

describe('server rendering', () => {
  it('renderToString of a tree using every hook works in Node with no window, and opens no connection', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    // An endpoint nothing listens on: any connection attempt would show in the status.
    const client = createClient({ backend: appSyncEvents({ httpEndpoint: 'https://example.invalid/event', auth: apiKeyAuth('da2-test') }) });
    const html = renderToString(
      <StrictMode>
        <ChannelKitProvider client={client}>
          <Everything />
        </ChannelKitProvider>
      </StrictMode>,
    );
    expect(html).toContain('connection:<!-- -->idle');
    expect(html).toContain('channel:<!-- -->idle<!-- -->:<!-- -->0');
    expect(html).toContain('members:<!-- -->0');
    expect(html).toContain('storage:<!-- -->disabled');
    expect(client.status.getSnapshot().status).toBe('idle');
    expect(client.channel('/default/room').state.getSnapshot().status).toBe('idle');
  });

  it('every module of @channelkit/react imports under the react-server condition', () => {
    const dir = join(root, 'packages/react/src');
    const modules = readdirSync(dir).filter((f) => /\.tsx?$/.test(f));
    expect(modules.length).toBeGreaterThanOrEqual(10);
    const script = `for (const m of ${JSON.stringify(modules)}) await import(${JSON.stringify(`${dir}/`)} + m); console.log('imported ' + ${modules.length});`;
    const out = execFileSync(process.execPath, ['--conditions=react-server', '--conditions=@channelkit/source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(`imported ${modules.length}`);
    // The condition really applied: React's server build has no hooks.
    const probe = execFileSync(process.execPath, ['--conditions=react-server', '--input-type=module', '-e', "import * as R from 'react'; console.log(typeof R.useState)"], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(probe.trim()).toBe('undefined');
  });
});
