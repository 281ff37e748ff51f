// Public surface of `@channelkit/transport/appsync-events`.
export { appSyncAuthFor, appSyncEvents, type AppSyncEventsConfig, type AppSyncPublishContext } from './appSyncEvents.js';
export { apiKeyAuth, iamAuth, lambdaAuth, oidcAuth, userPoolAuth, type AppSyncAuth, type AppSyncAuthRequest, type AppSyncAuthType, type IamAuthOptions, type TokenProvider } from './auth.js';
export { appSyncChannel, channelMatches, MAX_SEGMENTS, MAX_SEGMENT_LENGTH } from './channelPath.js';
export { decodeAppSyncFrame, publishResult, type AppSyncPublishResult } from './codec.js';
export { appSyncError, type AppSyncErrorItem } from './appSyncErrors.js';
export { resolveAppSyncEndpoints, type AppSyncEndpoints } from './endpoints.js';
export { APPSYNC_LIMITS } from './limits.js';
export { encodeEvents, splitIntoRequests } from './publishBatches.js';
export { appSyncConfigFromAmplify, type AmplifyEventsSettings } from './amplifyConfig.js';
export { postEvents } from './httpPublish.js';
