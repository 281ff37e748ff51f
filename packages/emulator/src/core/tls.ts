import { generate } from 'selfsigned';

/**
 * A self-signed certificate for `localhost`/127.0.0.1/::1, generated at start-up (never
 * stored), for `--tls`. Clients trust it via the PEM in the ready line (e.g.
 * `NODE_EXTRA_CA_CERTS`).
 *
 * @example
 * ```ts
 * const { cert, key } = await selfSignedCertificate();
 * https.createServer({ cert, key });
 * ```
 */
export async function selfSignedCertificate(): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  return { cert: pems.cert, key: pems.private };
}
