import { describe, expect, it } from 'vitest';
import { amplifyAuth } from '../amplifyAuth.js';

const request = { host: 'h.example.com', httpUrl: 'https://h.example.com/event', body: '{}', operation: 'connect' as const, forceRefresh: false };

describe('amplifyAuth', () => {
  it('sends the access token (or the ID token) and forwards forceRefresh', async () => {
    const calls: unknown[] = [];
    const fetchAuthSession = async (o: { forceRefresh?: boolean }) => {
      calls.push(o);
      return { tokens: { accessToken: { toString: () => 'access.jwt' }, idToken: { toString: () => 'id.jwt' } } };
    };
    expect(await amplifyAuth('AMAZON_COGNITO_USER_POOLS', { fetchAuthSession }).headers(request)).toEqual({ host: 'h.example.com', Authorization: 'access.jwt' });
    expect(await amplifyAuth('OPENID_CONNECT', { fetchAuthSession, token: 'id' }).headers({ ...request, forceRefresh: true })).toMatchObject({ Authorization: 'id.jwt' });
    expect(calls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
  });

  it('signs with Identity Pool credentials for AWS_IAM', async () => {
    const auth = amplifyAuth('AWS_IAM', { region: 'us-east-1', fetchAuthSession: async () => ({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'tok' } }) });
    const headers = await auth.headers(request);
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/appsync\/aws4_request/);
    expect(headers['x-amz-security-token']).toBe('tok');
  });

  it('fails with AUTH_FAILED when the user is not signed in (real aws-amplify, not configured)', async () => {
    await expect(amplifyAuth('AMAZON_COGNITO_USER_POOLS').headers(request)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(() => amplifyAuth('AWS_IAM')).toThrowError(/region/);
  });
});
