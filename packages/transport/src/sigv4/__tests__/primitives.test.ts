import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachingCredentials, staticCredentials, toCredentialsProvider } from '../credentials.js';
import { toHex, utf8 } from '../encoding.js';
import { pureHasher } from '../hasher.js';
import { presignUrl } from '../presignUrl.js';
import { hmacSha256, sha256 } from '../sha256.js';
import { signRequest } from '../signRequest.js';
import { uriEscape, uriEscapePath } from '../uriEscape.js';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('pure SHA-256 / HMAC', () => {
  it('matches node:crypto on every length around block boundaries and random data', () => {
    for (let len = 0; len < 300; len++) {
      const data = randomBytes(len);
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
    const big = randomBytes(1 << 20);
    expect(toHex(sha256(big))).toBe(createHash('sha256').update(big).digest('hex'));
  });

  it('HMAC matches node:crypto for short, block-sized and long keys', () => {
    for (const keyLen of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLen);
      const data = randomBytes(keyLen * 3 + 1);
      expect(toHex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
    expect(pureHasher.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(utf8('é'))).toBe('c3a9');
  });
});

describe('URI escaping', () => {
  it("escapes everything but unreserved characters, including !'()*", () => {
    expect(uriEscape("a-_.~ b!'()*/?=&ሴ")).toBe('a-_.~%20b%21%27%28%29%2A%2F%3F%3D%26%E1%88%B4');
  });

  it('double-encodes an already-encoded path like the AWS SDKs (API Gateway @connections)', () => {
    expect(uriEscapePath('/prod/@connections/L0SM9cOFvHcCIhw%3D')).toBe('/prod/%40connections/L0SM9cOFvHcCIhw%253D');
  });
});

describe('signRequest / presignUrl', () => {
  const date = new Date('2015-08-30T12:36:00Z');

  it('signs a URL request and returns fetch-ready headers without a forbidden host header', () => {
    const signed = signRequest(
      { url: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/@connections/L0SM9cOFvHcCIhw%3D', method: 'post', body: '{"a":1}' },
      { service: 'execute-api', region: 'us-east-1', credentials: { ...creds, sessionToken: 'tok' }, date },
    );
    expect(signed.method).toBe('POST');
    expect(signed.headers.host).toBeUndefined();
    expect(signed.headers['x-amz-date']).toBe('20150830T123600Z');
    expect(signed.headers['x-amz-security-token']).toBe('tok');
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/execute-api\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/prod/%40connections/L0SM9cOFvHcCIhw%253D');
    expect(signed.url).toBe('https://abc.execute-api.us-east-1.amazonaws.com/prod/@connections/L0SM9cOFvHcCIhw%3D');
  });

  it('signs UNSIGNED-PAYLOAD when asked, and the body hash otherwise', () => {
    const base = { service: 's3', region: 'us-east-1', credentials: creds, date, uriEscapePath: false };
    expect(signRequest({ url: 'https://b.s3.amazonaws.com/k', method: 'PUT', body: 'x' }, { ...base, unsignedPayload: true }).canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(signRequest({ url: 'https://b.s3.amazonaws.com/k', method: 'PUT', body: 'x' }, base).canonicalRequest.endsWith(`\n${createHash('sha256').update('x').digest('hex')}`)).toBe(true);
  });

  it('presigns a wss URL keeping existing query parameters', () => {
    const url = new URL(
      presignUrl(
        { url: 'wss://node001.ue1.ws-messaging.chime.aws/connect?sessionId=s1&userArn=arn%3Aaws%3Achime' },
        { service: 'chime', region: 'us-east-1', credentials: creds, date, expiresIn: 10 },
      ),
    );
    expect(url.protocol).toBe('wss:');
    expect(url.searchParams.get('userArn')).toBe('arn:aws:chime');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('10');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects bad input with typed errors that name the rule', () => {
    const ok = { service: 'chime', region: 'us-east-1', credentials: creds };
    expect(() => presignUrl({ url: 'wss://h/' }, { ...ok, expiresIn: 604_801 })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/7 days/) }));
    expect(() => signRequest({ url: 'not a url' }, ok)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => signRequest({ url: 'https://h/' }, { ...ok, region: '' })).toThrowError(/region/);
    expect(() => signRequest({ url: 'https://h/' }, { ...ok, credentials: { accessKeyId: 'A', secretAccessKey: '' } })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => signRequest({ method: 'GET', hostname: 'h', path: 'relative' }, ok)).toThrowError(/must start with "\/"/);
  });
});

describe('credential providers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('static and function providers validate what they return', async () => {
    await expect(staticCredentials(creds)()).resolves.toEqual(creds);
    await expect(toCredentialsProvider(async () => ({ accessKeyId: '', secretAccessKey: 'x' }))()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(() => staticCredentials({ accessKeyId: 'a', secretAccessKey: '' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^credentials must be/) }),
    );
  });

  it('caches until shortly before expiry, shares one refresh, keeps valid creds when refresh fails', async () => {
    let calls = 0;
    let fail = false;
    const provider = vi.fn(async () => {
      calls++;
      if (fail) throw new Error('sts unavailable');
      return { ...creds, sessionToken: `t${calls}`, expiration: new Date(Date.now() + 15 * 60_000) };
    });
    const cached = cachingCredentials(provider, { refreshBeforeMs: 5 * 60_000 });
    const [a, b] = await Promise.all([cached(), cached()]);
    expect(a.sessionToken).toBe('t1');
    expect(b).toBe(a);
    expect(provider).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(9 * 60_000);
    expect((await cached()).sessionToken).toBe('t1');
    vi.advanceTimersByTime(2 * 60_000); // 4 min left: refresh
    expect((await cached()).sessionToken).toBe('t2');
    fail = true;
    vi.advanceTimersByTime(11 * 60_000); // refresh fails, t2 still valid for 4 min
    expect((await cached()).sessionToken).toBe('t2');
    vi.advanceTimersByTime(5 * 60_000); // expired and refresh fails
    await expect(cached()).rejects.toThrow('sts unavailable');
  });
});

describe('WebCrypto signing where there is no crypto.subtle (an insecure browser context)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('rejects with UNSUPPORTED naming the secure-context rule', async () => {
    const { signRequestAsync, presignUrlAsync } = await import('../signRequestAsync.js');
    vi.stubGlobal('crypto', {});
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const options = { service: 'appsync', region: 'us-east-1', credentials };
    for (const attempt of [() => signRequestAsync({ url: 'https://example.com/event', method: 'POST', body: '{}' }, options), () => presignUrlAsync({ url: 'wss://example.com/connect' }, options)]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'ChannelKitError', code: 'UNSUPPORTED', message: expect.stringMatching(/WebCrypto \(crypto.subtle\).*secure contexts.*https:\/\/ or from localhost/) });
      expect(JSON.stringify(error)).not.toContain(credentials.secretAccessKey);
    }
  });
});
