import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's main command, run the way a user runs it (scenario once, then exit).
describe('demo (pnpm demo)', () => {
  it('prints a ready line and delivers every message through a drop and reconnect', () => {
    const root = resolve(import.meta.dirname, '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@channelkit/source', 'demo/main.ts', '--once'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    const ready = JSON.parse(run.stdout.split('\n')[0]!);
    expect(ready).toMatchObject({ ready: true, demo: { realtimeEndpoint: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/event\/realtime$/) } });
    expect(run.stdout).toContain('[emulator] fault: dropping every socket');
    expect(run.stdout).toContain('[bob] resubscribed after an outage');
    expect(run.stdout).toContain('demo ok: bob received 4 messages in order');
    expect(run.status).toBe(0);
  });
});
