/**
 * AppSync Events publish limits (AWS docs and service quotas). Byte limits are taken in
 * decimal units (240 KB = 240,000 bytes, 1.2 MB = 1,200,000 bytes): the conservative reading,
 * so that nothing this client sends is refused for size by the service.
 *
 * @example
 * ```ts
 * if (events.length > APPSYNC_LIMITS.eventsPerPublish) splitIntoRequests('/default/a', encoded);
 * ```
 */
export const APPSYNC_LIMITS = Object.freeze({
  eventsPerPublish: 5,
  eventBytes: 240_000,
  requestBytes: 1_200_000,
});
