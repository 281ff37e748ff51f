import { ChannelKitError } from '@channelkit/transport';

/**
 * A typed error (code `UNSUPPORTED`) for a feature the backend does not have (storage on
 * AppSync Events …); `details` name the feature and the backend.
 *
 * @example
 * ```ts
 * if (!room.storage) setError(unsupported('storage', client.backend));
 * ```
 */
export function unsupported(feature: string, backend: string): ChannelKitError {
  return new ChannelKitError('UNSUPPORTED', `${backend} has no ${feature}`, { details: { feature, backend } });
}
