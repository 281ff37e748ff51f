import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { describe, expect, it } from 'vitest';
import { ConnectionGoneError } from '@channelkit/transport/server';
import { signRequest } from '@channelkit/transport/sigv4';
import { sleep, waitFor } from '../../../../transport/src/__tests__/_waitFor.js';
import { emulator } from '../../appsync/__tests__/_harness.js';
import type { RunningEmulator } from '../../startEmulator.js';
import { connectionsClient, rawApigw } from './_apigw.js';

function sdk(e: RunningEmulator, secretAccessKey = e.endpoints.apigw.credentials.secretAccessKey) {
  return new ApiGatewayManagementApiClient({
    endpoint: e.endpoints.apigw.managementEndpoint,
    region: e.endpoints.apigw.region,
    credentials: { accessKeyId: e.endpoints.apigw.credentials.accessKeyId, secretAccessKey },
  });
}

async function connectionId(e: RunningEmulator, before: string[] = []): Promise<string> {
  return waitFor(() => e.connections().find((c) => c.backend === 'apigw' && !before.includes(c.connectionId))?.connectionId, 'a new apigw connection');
}

describe('@connections management API', () => {
  it('the official @aws-sdk/client-apigatewaymanagementapi works: PostToConnection, GetConnection, DeleteConnection', async () => {
    const e = await emulator();
    const client = await rawApigw(e);
    const id = await connectionId(e);
    expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/); // the id contains "=", exercising the path encoding
    const api = sdk(e);
    await api.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'hello from the SDK' }));
    await waitFor(
      () => client.inbox.includes('hello from the SDK'),
      () => `the posted message (inbox: ${JSON.stringify(client.inbox)})`,
    );
    const info = await api.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toMatch(/127\.0\.0\.1/);
    await api.send(new DeleteConnectionCommand({ ConnectionId: id }));
    await waitFor(client.closed, 'the deleted connection to close');
    const gone = await api.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'too late' })).catch((error: unknown) => error);
    expect(gone).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
  });

  it('refuses a wrong signature with 403, for the SDK and for ConnectionsClient', async () => {
    const e = await emulator();
    await rawApigw(e);
    const id = await connectionId(e);
    const denied = await sdk(e, 'x'.repeat(40))
      .send(new PostToConnectionCommand({ ConnectionId: id, Data: 'nope' }))
      .catch((error: unknown) => error);
    expect(denied).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    const ours = connectionsClient(e, { credentials: { ...e.endpoints.apigw.credentials, secretAccessKey: 'y'.repeat(40) } });
    await expect(ours.post(id, 'nope')).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { status: 403, errorType: 'InvalidSignatureException' } });
    // The raw docs form, %40connections, is accepted too when signed properly.
    const url = `${e.endpoints.apigw.managementEndpoint}/%40connections/${encodeURIComponent(id)}`;
    const signed = signRequest({ url, method: 'GET' }, { service: 'execute-api', region: e.endpoints.apigw.region, credentials: e.endpoints.apigw.credentials });
    expect((await fetch(signed.url, { headers: signed.headers })).status).toBe(200);
  });

  it('ConnectionsClient: post (text, bytes, JSON), get, delete, typed Gone and size errors', async () => {
    const e = await emulator();
    const client = await rawApigw(e);
    const id = await connectionId(e);
    const api = connectionsClient(e);
    await api.post(id, 'text');
    await api.post(id, new TextEncoder().encode('bytes'));
    await api.post(id, { type: 'event', channel: 'c', data: 1 });
    await waitFor(
      () => client.inbox.length === 3,
      () => `three messages (inbox: ${JSON.stringify(client.inbox)})`,
    );
    expect(client.inbox).toEqual(['text', 'bytes', '{"type":"event","channel":"c","data":1}']);
    const info = await api.get(id);
    expect(info.connectedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(info.identity.sourceIp).toMatch(/127\.0\.0\.1/);
    await expect(api.post(id, 'x'.repeat(131_073))).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'messageBytes', max: 131_072 });
    await expect(api.post('', 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await api.delete(id);
    const gone = await api.post(id, 'late').catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ConnectionGoneError);
    expect(gone).toMatchObject({ code: 'CONNECTION_GONE', connectionId: id });
    await expect(api.get('AAAAAAAAAAAAAAA=')).rejects.toBeInstanceOf(ConnectionGoneError);
    await expect(api.delete('AAAAAAAAAAAAAAA=')).rejects.toBeInstanceOf(ConnectionGoneError);
  });

  it('the emulator answers 413 PayloadTooLargeException for bodies over 128 KB', async () => {
    const e = await emulator();
    await rawApigw(e);
    const id = await connectionId(e);
    const body = 'x'.repeat(131_073);
    const signed = signRequest(
      { url: `${e.endpoints.apigw.managementEndpoint}/@connections/${encodeURIComponent(id)}`, method: 'POST', body },
      { service: 'execute-api', region: e.endpoints.apigw.region, credentials: e.endpoints.apigw.credentials },
    );
    const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-errortype')).toBe('PayloadTooLargeException');
  });

  it('retries 429 with backoff and gives up with THROTTLED; succeeds once the throttle lifts', async () => {
    const e = await emulator();
    await rawApigw(e);
    const id = await connectionId(e);
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    e.faults.apply({ action: 'throttle', backend: 'apigw' });
    const api = connectionsClient(e, { fetch: counting, maxRetries: 3, retryBaseMs: 5 });
    await expect(api.post(id, 'x')).rejects.toMatchObject({ code: 'THROTTLED', retryable: true, details: { status: 429 } });
    expect(requests).toBe(4);
    e.faults.apply({ action: 'reset' });
    e.faults.apply({ action: 'throttle', backend: 'apigw', durationMs: 100 });
    const patient = connectionsClient(e, {
      maxRetries: 5,
      // Stands in for the backoff the client would sleep: real time must pass for the throttle to lift.
      sleep: async () => {
        await sleep(60);
      },
    });
    await expect(patient.post(id, 'eventually')).resolves.toBeUndefined();
  });

  it('fanOut posts to many connections with bounded concurrency and returns the gone ids', async () => {
    const e = await emulator();
    const clients: Array<Awaited<ReturnType<typeof rawApigw>>> = [];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      clients.push(await rawApigw(e));
      ids.push(await connectionId(e, ids));
    }
    for (const c of clients.slice(0, 5)) c.ws.close();
    await waitFor(() => e.connections().filter((c) => c.backend === 'apigw').length === 15, 'five connections gone');
    const stale = ids.slice(0, 5);
    const result = await connectionsClient(e).fanOut([...ids, 'AAAAAAAAAAAAAAA='], { type: 'event', channel: 'all', data: 'hi' }, { concurrency: 4 });
    expect(result.sent).toBe(15);
    expect(result.gone.sort()).toEqual([...stale, 'AAAAAAAAAAAAAAA='].sort());
    expect(result.failed).toEqual([]);
    await waitFor(() => clients.slice(5).every((c) => c.inbox.length === 1), 'one message on each live connection');
    await expect(connectionsClient(e).fanOut(ids, 'x', { concurrency: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
