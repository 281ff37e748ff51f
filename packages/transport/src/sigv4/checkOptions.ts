import { ChannelKitError } from '../errors/ChannelKitError.js';
import type { SigV4Options } from './types.js';

/** Rejects options that would produce a signature AWS can only answer with a vague 403. */
export function checkOptions(options: SigV4Options): void {
  const { service, region, credentials } = options;
  if (!service || /[\s/]/.test(service)) {
    throw new ChannelKitError('INVALID_ARGUMENT', `SigV4 service ${JSON.stringify(service)} must be a non-empty name without "/" or spaces`);
  }
  if (!region || /[\s/]/.test(region)) {
    throw new ChannelKitError('INVALID_ARGUMENT', `SigV4 region ${JSON.stringify(region)} must be a non-empty name without "/" or spaces`);
  }
  if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
    throw new ChannelKitError('AUTH_FAILED', 'SigV4 credentials need an accessKeyId and a secretAccessKey');
  }
}
