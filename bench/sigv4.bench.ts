import { resolve } from 'node:path';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { presignUrl, pureHasher } from '@channelkit/transport/sigv4';
import { BUNDLES, bundleSize } from './lib/bundleSize.js';
import { compareThroughput, fmtKb, fmtOps, type Row } from './lib/measure.js';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQD6example'.repeat(8),
};
const host = 'node001.ue1.ws-messaging.chime.aws';
const query = { sessionId: '9b2c4a3e-1f3d-4c5b-8a7e-6d5c4b3a2f1e', userArn: 'arn:aws:chime:us-east-1:123456789012:app-instance/abc/user/alice' };
const date = new Date('2026-11-22T12:00:00Z');

/** Presigned-URL throughput (a Chime messaging connect URL) and signer bundle size. */
export async function run(): Promise<Row[]> {
  const smithy = new SignatureV4({ service: 'chime', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const { ours, anchor } = await compareThroughput(
    (n) => {
      for (let i = 0; i < n; i++) {
        presignUrl({ method: 'GET', protocol: 'wss:', hostname: host, path: '/connect', query }, { service: 'chime', region: 'us-east-1', credentials, date, expiresIn: 10 });
      }
    },
    async (n) => {
      for (let i = 0; i < n; i++) {
        await smithy.presign(new HttpRequest({ method: 'GET', protocol: 'wss:', hostname: host, path: '/connect', query, headers: { host } }), { signingDate: date, expiresIn: 10 });
      }
    },
    { ops: 20_000, rounds: 5 },
  );
  // The browser path: our plain-JS SHA-256 against smithy with @aws-crypto/sha256-js.
  const smithyJs = new SignatureV4({ service: 'chime', region: 'us-east-1', credentials, sha256: Sha256 });
  const pure = await compareThroughput(
    (n) => {
      for (let i = 0; i < n; i++) {
        presignUrl({ method: 'GET', protocol: 'wss:', hostname: host, path: '/connect', query }, { service: 'chime', region: 'us-east-1', credentials, date, expiresIn: 10, hasher: pureHasher });
      }
    },
    async (n) => {
      for (let i = 0; i < n; i++) {
        await smithyJs.presign(new HttpRequest({ method: 'GET', protocol: 'wss:', hostname: host, path: '/connect', query, headers: { host } }), { signingDate: date, expiresIn: 10 });
      }
    },
    { ops: 5_000, rounds: 5 },
  );
  const dir = resolve(import.meta.dirname);
  const [signer, reference] = await Promise.all([bundleSize(BUNDLES.signer, dir), bundleSize(BUNDLES.smithySigner, dir)]);
  return [
    {
      benchmark: 'SigV4 presigned URL (node:crypto both)',
      ours: fmtOps(ours),
      anchor: `${fmtOps(anchor)} @smithy/signature-v4`,
      ratio: `${(ours / anchor).toFixed(2)}×`,
      target: '≥ 1.00×',
      ok: ours / anchor >= 1,
    },
    {
      benchmark: 'SigV4 presigned URL (plain-JS SHA-256 both)',
      ours: fmtOps(pure.ours),
      anchor: `${fmtOps(pure.anchor)} smithy + @aws-crypto/sha256-js`,
      ratio: `${(pure.ours / pure.anchor).toFixed(2)}×`,
      target: '≥ 1.00×',
      ok: pure.ours / pure.anchor >= 1,
    },
    {
      benchmark: 'SigV4 signer bundle (min+gzip)',
      ours: fmtKb(signer.gzip),
      anchor: `${fmtKb(reference.gzip)} smithy+sha256-js`,
      ratio: `${(signer.gzip / reference.gzip).toFixed(2)}×`,
      target: '≤ 2.50 KB',
      ok: signer.gzip <= 2.5 * 1024,
    },
  ];
}
