import { ChannelKitError } from '../../errors/ChannelKitError.js';
import type { AppSyncAuthType } from './auth.js';

/**
 * The Event API settings found in an Amplify configuration.
 *
 * @example
 * ```ts
 * const { httpEndpoint, region, defaultAuthMode, apiKey } = appSyncConfigFromAmplify(outputs);
 * ```
 */
export interface AmplifyEventsSettings {
  httpEndpoint: string;
  region: string;
  defaultAuthMode: AppSyncAuthType;
  apiKey?: string;
}

const FROM_AMPLIFY_MODE: Record<string, AppSyncAuthType> = {
  apiKey: 'API_KEY',
  userPool: 'AMAZON_COGNITO_USER_POOLS',
  oidc: 'OPENID_CONNECT',
  lambda: 'AWS_LAMBDA',
  iam: 'AWS_IAM',
  identityPool: 'AWS_IAM',
};
const MODES = new Set<string>(Object.values(FROM_AMPLIFY_MODE));

/**
 * Reads the Event API settings from either an `amplify_outputs.json` object
 * (`custom.events: { url, aws_region, default_authorization_type, api_key }`) or the
 * resource config of `Amplify.getConfig()` (`API.Events: { endpoint, region, defaultAuthMode,
 * apiKey }`). Pure data in, data out: `aws-amplify` is not imported.
 *
 * @example
 * ```ts
 * import outputs from './amplify_outputs.json';
 * const settings = appSyncConfigFromAmplify(outputs);
 * const client = createClient({ backend: appSyncEvents({ httpEndpoint: settings.httpEndpoint, auth: apiKeyAuth(settings.apiKey!) }) });
 * ```
 */
export function appSyncConfigFromAmplify(config: unknown): AmplifyEventsSettings {
  const c = (config ?? {}) as {
    custom?: { events?: { url?: string; aws_region?: string; default_authorization_type?: string; api_key?: string } };
    API?: { Events?: { endpoint?: string; region?: string; defaultAuthMode?: string; apiKey?: string } };
  };
  const outputs = c.custom?.events;
  const resource = c.API?.Events;
  const endpoint = outputs?.url ?? resource?.endpoint;
  const region = outputs?.aws_region ?? resource?.region;
  const rawMode = outputs?.default_authorization_type ?? resource?.defaultAuthMode;
  if (!endpoint || !region || !rawMode) {
    throw new ChannelKitError(
      'INVALID_ARGUMENT',
      'no Event API in this Amplify config: expected custom.events {url, aws_region, default_authorization_type} (amplify_outputs.json) or API.Events {endpoint, region, defaultAuthMode} (Amplify.getConfig())',
    );
  }
  const mode = FROM_AMPLIFY_MODE[rawMode] ?? (MODES.has(rawMode) ? (rawMode as AppSyncAuthType) : undefined);
  if (!mode) throw new ChannelKitError('INVALID_ARGUMENT', `unsupported Event API auth mode ${JSON.stringify(rawMode)}`);
  const apiKey = outputs?.api_key ?? resource?.apiKey;
  return { httpEndpoint: endpoint, region, defaultAuthMode: mode, ...(apiKey ? { apiKey } : {}) };
}
