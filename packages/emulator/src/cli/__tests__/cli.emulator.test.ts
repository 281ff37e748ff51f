import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EmulatorEndpoints } from '../../startEmulator.js';
import { httpRequest } from '../../core/__tests__/_wire.js';

// The CLI as users run it: a child process, its ready line, its flags and env, its signals.

const ROOT = resolve(import.meta.dirname, '../../../../..');
const CLI = resolve(ROOT, 'packages/emulator/src/cli.ts');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/loader.mjs');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  const child = spawn(process.execPath, ['--import', TSX, '--conditions=@channelkit/source', CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += String(d)));
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = new Promise<EmulatorEndpoints>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 15 s; stderr: ${stderr}`)), 15_000);
    child.stdout?.on('data', () => {
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        try {
          resolveReady(JSON.parse(line));
        } catch {
          reject(new Error(`the first stdout line is not JSON: ${line.slice(0, 80)}`));
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before the ready line; stderr: ${stderr}`));
    });
  });
  // Tests that expect an early exit never await `ready`: its rejection is not an error then.
  ready.catch(() => {});
  return { child, ready, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('channelkit-emulator CLI', () => {
  it('tolerates a leading --, takes the API key and namespaces from flags, and exits 0 on SIGTERM', async () => {
    const cli = run(['--', '--port', '0', '--api-key', 'da2-fixedkeyfortests', '--namespace', 'chat', '--namespace', 'ops']);
    const ready = await cli.ready;
    expect(ready).toMatchObject({ ready: true, appsync: { apiKey: 'da2-fixedkeyfortests', namespaces: ['default', 'chat', 'ops'] } });
    const publish = await httpRequest(ready.appsync.httpEndpoint, { method: 'POST', headers: { 'x-api-key': 'da2-fixedkeyfortests' }, body: '{"channel":"/chat/a","events":["1"]}' });
    expect(publish.status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('takes credentials and the JWT secret from the environment and namespaces from --config; SIGINT exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-cli-'));
    const config = join(dir, 'emulator.json');
    writeFileSync(
      config,
      JSON.stringify({
        appsync: { namespaces: { admin: { publishAuthModes: ['AWS_IAM'] } } },
        apigw: { stage: 'dev' },
        hotsock: { stage: 'v2', apiKey: 'hotsock-api-key-fixed-for-tests-0000000' },
        chime: { region: 'eu-west-1', appInstanceId: 'from-config' },
      }),
    );
    const cli = run(['--port', '0', '--config', config], {
      env: {
        CHANNELKIT_EMULATOR_ACCESS_KEY_ID: 'AKIDFIXEDFORTESTS',
        CHANNELKIT_EMULATOR_SECRET_ACCESS_KEY: 'fixed-secret-for-tests',
        CHANNELKIT_EMULATOR_JWT_SECRET: 'a-jwt-secret-of-32-characters-xx',
      },
    });
    const ready = await cli.ready;
    expect(ready.appsync.credentials).toEqual({ accessKeyId: 'AKIDFIXEDFORTESTS', secretAccessKey: 'fixed-secret-for-tests' });
    expect(ready.apigw).toMatchObject({ stage: 'dev', credentials: { accessKeyId: 'AKIDFIXEDFORTESTS' } });
    expect(ready.hotsock).toMatchObject({
      webSocketUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/v2$/),
      httpApiUrl: expect.stringMatching(/\/$/),
      publishUrl: expect.stringMatching(/\/publish$/),
      apiKey: 'hotsock-api-key-fixed-for-tests-0000000',
      issuer: { alg: 'HS256', kid: 'emulator' },
    });
    expect(ready.chime).toMatchObject({ region: 'eu-west-1', appInstanceArn: expect.stringMatching(/:app-instance\/from-config$/) });
    expect(ready.appsync.jwt.secret).toBe('a-jwt-secret-of-32-characters-xx');
    expect(ready.appsync.namespaces).toEqual(['default', 'admin']);
    // Only HTTP-safe answers: an IAM-only namespace refuses an API key.
    const refused = await httpRequest(ready.appsync.httpEndpoint, { method: 'POST', headers: { 'x-api-key': ready.appsync.apiKey }, body: '{"channel":"/admin/a","events":["1"]}' });
    expect(refused.status).toBe(403);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('--tls writes the certificate to .channelkit/emulator-cert.pem, names it in the ready line and prints how to trust it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ck-tls-'));
    const cli = run(['--port', '0', '--tls'], { cwd });
    const ready = await cli.ready;
    const file = join(cwd, '.channelkit/emulator-cert.pem');
    expect(ready.tls?.certificateFile).toBe(file);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(ready.tls?.certificatePem);
    expect(ready.appsync.httpEndpoint).toMatch(/^https:/);
    expect(cli.stderr()).toContain(`NODE_EXTRA_CA_CERTS=${file}`);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it("--apigw-handler runs a module's Lambda handler for every API Gateway route, with API Gateway's event shape", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-cli-'));
    writeFileSync(
      join(dir, 'handler.mjs'),
      "export const echo = async (event) => (event.requestContext.routeKey === '$connect' ? { statusCode: 200 } : { statusCode: 200, body: [event.requestContext.routeKey, event.requestContext.domainName, event.body].join(' ') });\n",
    );
    const cli = run(['--port', '0', '--apigw-handler', './handler.mjs#echo'], { cwd: dir });
    const ready = await cli.ready;
    const ws = new WebSocket(ready.apigw.webSocketUrl);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const answer = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.send('{"action":"ping"}');
    expect(await answer).toBe(`ping ${new URL(ready.apigw.managementEndpoint).host} {"action":"ping"}`);
    ws.close();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const bad = run(['--port', '0', '--apigw-handler', './handler.mjs#missing'], { cwd: dir });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/has no function export "missing"/);
  });

  it('--help prints the usage and exits 0; a wrong flag exits 2 without quoting its value', async () => {
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    for (const flag of ['--host', '--port', '--tls', '--api-key', '--access-key-id', '--secret-access-key', '--jwt-secret', '--namespace', '--config']) expect(help.stdout()).toContain(flag);
    const wrong = run(['--port', '0', 'da2-secret-pasted-here']);
    expect(await wrong.exited).toBe(2);
    expect(wrong.stderr()).toContain('unexpected argument');
    expect(wrong.stderr()).not.toContain('da2-secret-pasted-here');
    const half = run(['--port', '0', '--access-key-id', 'AKID']);
    expect(await half.exited).toBe(2);
    expect(half.stderr()).toContain('--access-key-id and --secret-access-key');
  });
});
