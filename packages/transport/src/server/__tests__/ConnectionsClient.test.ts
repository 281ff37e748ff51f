import { describe, expect, it } from 'vitest';
import { ConnectionsClient } from '../ConnectionsClient.js';

// Behaviour that needs a specific AWS answer the emulator does not produce. Everything else is
// covered against the emulator in packages/emulator/src/apigw/__tests__.
describe('ConnectionsClient', () => {
  it('scrubs the session token from AWS errors that quote the canonical request', async () => {
    const sessionToken = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';
    const awsBody = JSON.stringify({
      message: `The request signature we calculated does not match. The Canonical String for this request should have been 'POST\n/prod/%40connections/abc%253D\n\nhost:x\nx-amz-security-token:${sessionToken}\n'`,
    });
    const client = new ConnectionsClient({
      endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken },
      fetch: async () => new Response(awsBody, { status: 403, headers: { 'x-amzn-errortype': 'InvalidSignatureException:http://internal' } }),
    });
    const error = (await client.post('abc=', 'x').catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'AUTH_FAILED', details: { status: 403, errorType: 'InvalidSignatureException' } });
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain(sessionToken);
  });

  it('signs the SDK path encoding: @ literal, the id escaped, double-encoded in the signature', async () => {
    let seen: { url: string; auth: string } | undefined;
    const client = new ConnectionsClient({
      endpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/',
      region: 'us-east-1',
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      fetch: async (input, init) => {
        seen = { url: String(input), auth: String(new Headers(init?.headers).get('authorization')) };
        return new Response(null, { status: 200 });
      },
    });
    await client.post("L0SM9cOFvHcCIhw=!'", 'x');
    expect(seen?.url).toBe('https://abc.execute-api.us-east-1.amazonaws.com/prod/@connections/L0SM9cOFvHcCIhw%3D%21%27');
    expect(seen?.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(() => new ConnectionsClient({ endpoint: 'wss://x', region: 'r', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })).toThrowError(/http\(s\) URL/);
  });
});
