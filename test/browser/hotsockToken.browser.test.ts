// signHotsockToken in real Chromium (an edge or browser WebCrypto, not Node's): every Hotsock
// algorithm signs there, and node:crypto verifies what it signed. Ed25519 is in Chromium's
// WebCrypto since 137; where a runtime lacks it the UNSUPPORTED path is covered by the unit test.
import { constants, createHmac, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotsockSigningAlgorithm } from '@channelkit/transport/hotsock-server';
import { type Harness, openHarness, RUN_BROWSER_TESTS } from './_harness.js';

const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = { ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }), ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }), ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }) };
const ed = generateKeyPairSync('ed25519');
const SECRET = 'hs-secret-sixty-four-bytes-long-enough-for-hs512-0123456789abcdef';

const CASES: Array<[HotsockSigningAlgorithm, string, (input: Buffer, sig: Buffer) => boolean]> = [
  ...(['HS256', 'HS384', 'HS512'] as const).map((alg): [HotsockSigningAlgorithm, string, (i: Buffer, s: Buffer) => boolean] => [
    alg,
    SECRET,
    (i, s) =>
      createHmac(`sha${alg.slice(2)}`, SECRET)
        .update(i)
        .digest()
        .equals(s),
  ]),
  ...(['RS256', 'RS384', 'RS512'] as const).map((alg): [HotsockSigningAlgorithm, string, (i: Buffer, s: Buffer) => boolean] => [
    alg,
    pem(rsa.privateKey),
    (i, s) => verify(`sha${alg.slice(2)}`, i, rsa.publicKey, s),
  ]),
  ...(['PS256', 'PS384', 'PS512'] as const).map((alg): [HotsockSigningAlgorithm, string, (i: Buffer, s: Buffer) => boolean] => [
    alg,
    pem(rsa.privateKey),
    (i, s) => verify(`sha${alg.slice(2)}`, i, { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }, s),
  ]),
  ...(['ES256', 'ES384', 'ES512'] as const).map((alg): [HotsockSigningAlgorithm, string, (i: Buffer, s: Buffer) => boolean] => [
    alg,
    pem(ec[alg].privateKey),
    (i, s) => verify(`sha${alg.slice(2)}`, i, { key: ec[alg].publicKey, dsaEncoding: 'ieee-p1363' }, s),
  ]),
  ['EdDSA', pem(ed.privateKey), (i, s) => verify(null, i, ed.publicKey, s)],
];

describe.skipIf(!RUN_BROWSER_TESTS)('signHotsockToken in Chromium', { timeout: 30_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(CASES)('%s: signed by the page, verified by node:crypto', async (alg, key, check) => {
    const result = await h.call('signHotsockToken', alg, key);
    if (!('token' in result)) throw new Error(`${alg} failed in Chromium: ${String(result.code)} ${result.message}`);
    const [head, body, sig] = result.token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg, typ: 'JWT' });
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toMatchObject({ scope: 'connect', uid: 'chromium' });
    expect(check(Buffer.from(`${head}.${body}`), Buffer.from(sig, 'base64url'))).toBe(true);
  });

  it('a bad argument is the same typed error in the page', async () => {
    expect(await h.call('signHotsockToken', 'HS256', 'short')).toMatchObject({ code: 'INVALID_ARGUMENT', details: { argument: 'key' } });
    expect(h.pageErrors).toEqual([]);
  });
});
