import { expect, it } from 'vitest';
import type { PresenceMember } from '@channelkit/transport';
import { startEmulator } from '@channelkit/emulator';
import { waitFor } from '../packages/transport/src/__tests__/_waitFor.js';
import { hotsockClient, mint } from './_hotsock.js';

it('presence: three clients join, one updates its umd, one leaves by closing its socket; every member list converges', async () => {
  const e = await startEmulator({ port: 0 });
  const channel = 'presence.lobby';
  const make = (uid: string) =>
    hotsockClient(e, {
      claims: { uid, umd: { name: uid }, channels: { 'presence.*': { subscribe: true, getInfo: true } } },
      backend: { umdToken: ({ channel: ch, umd }) => mint(e, { scope: 'umd', uid, umd, channels: { [ch]: { umdUpdate: true } } }) },
    });
  const clients = ['ada', 'bob', 'cyd'].map(make);
  const [ada, bob, cyd] = clients as [ReturnType<typeof make>, ReturnType<typeof make>, ReturnType<typeof make>];
  const ids = (c: typeof ada) => (c.channel(channel).state.getSnapshot().members ?? []).map((m: PresenceMember) => m.id).sort();
  const view = (c: typeof ada) => JSON.stringify([...(c.channel(channel).state.getSnapshot().members ?? [])].sort((a, b) => a.id.localeCompare(b.id)));
  try {
    for (const c of clients) c.channel(channel).subscribe(() => {});
    await waitFor(() => clients.every((c) => ids(c).join() === 'ada,bob,cyd'), 'all three see all three');

    await bob.channel(channel).presence!.update({ name: 'bob', status: 'away' });
    await waitFor(
      () =>
        clients.every(
          (c) =>
            c
              .channel(channel)
              .state.getSnapshot()
              .members?.find((m) => m.id === 'bob')?.data !== undefined &&
            JSON.stringify(
              c
                .channel(channel)
                .state.getSnapshot()
                .members?.find((m) => m.id === 'bob')?.data,
            ) === '{"name":"bob","status":"away"}',
        ),
      'the update reached everyone',
    );
    expect(bob.channel(channel).presence!.self()).toEqual({ id: 'bob', data: { name: 'bob', status: 'away' } });

    cyd.close();
    await waitFor(() => ids(ada).join() === 'ada,bob' && ids(bob).join() === 'ada,bob', 'cyd is gone everywhere');
    expect(view(ada)).toBe(view(bob));
    expect(JSON.parse(view(ada))).toEqual([
      { id: 'ada', data: { name: 'ada' } },
      { id: 'bob', data: { name: 'bob', status: 'away' } },
    ]);
    // The server's own list (admin API) is the same set.
    const info = await (await fetch(`${e.endpoints.hotsock.httpApiUrl}channels/${channel}`, { headers: { authorization: `Bearer ${e.endpoints.hotsock.apiKey}` } })).json();
    expect(info.members.map((m: { uid: string }) => m.uid).sort()).toEqual(['ada', 'bob']);
  } finally {
    for (const c of clients) c.close();
    await e.close();
  }
});
