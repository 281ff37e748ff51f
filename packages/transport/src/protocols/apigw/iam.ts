import type { ConnectContext } from '../../connection/Backend.js';
import { invalidArgument, kindOf } from '../../lib/invalidArgument.js';
import { type CredentialsInput, toCredentialsProvider } from '../../sigv4/credentials.js';
import { presignUrlAsync } from '../../sigv4/signRequestAsync.js';

/**
 * Signs the `$connect` URL before each connect attempt (the `iam` option of
 * `apiGatewayWebSocket`); {@link apiGatewayIam} makes one. Register every secret used with
 * `context.secrets` so that logs and errors redact it.
 *
 * @example
 * ```ts
 * const sign: ApiGatewayUrlSigner = apiGatewayIam({ region: 'us-east-1', credentials });
 * ```
 */
export type ApiGatewayUrlSigner = (url: string, context: Pick<ConnectContext, 'secrets'>) => Promise<string>;

/**
 * IAM-authorized `$connect`: the URL is SigV4-presigned (service `execute-api`, valid 60 s)
 * afresh for every connect attempt, with credentials fetched from the provider each time, on
 * WebCrypto. A separate export so that apps whose `$connect` is not IAM ship no signer.
 *
 * @example
 * ```ts
 * const backend = apiGatewayWebSocket({ url: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod', iam: apiGatewayIam({ region: 'us-east-1', credentials }) });
 * ```
 */
export function apiGatewayIam(options: { region: string; credentials: CredentialsInput }): ApiGatewayUrlSigner {
  if (options === null || typeof options !== 'object') throw invalidArgument('apiGatewayIam(options)', `must be an object with region and credentials (got ${kindOf(options)})`);
  const { region } = options;
  if (typeof region !== 'string' || !region) throw invalidArgument('apiGatewayIam(options).region', 'must be a non-empty string');
  const credentials = toCredentialsProvider(options.credentials);
  return async (url, { secrets }) => {
    const creds = await credentials();
    secrets.add(creds.secretAccessKey);
    secrets.add(creds.sessionToken);
    return presignUrlAsync({ url }, { service: 'execute-api', region, credentials: creds, expiresIn: 60 });
  };
}
