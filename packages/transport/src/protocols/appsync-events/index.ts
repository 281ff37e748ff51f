// Public surface of `@channelkit/transport/appsync-events`.

export { type AmplifyEventsSettings, appSyncConfigFromAmplify } from './amplifyConfig.js';
export { type AppSyncErrorItem, appSyncError } from './appSyncErrors.js';
export { type AppSyncEventsConfig, type AppSyncPublishContext, appSyncAuthFor, appSyncEvents } from './appSyncEvents.js';
export { type AppSyncAuth, type AppSyncAuthRequest, type AppSyncAuthType, apiKeyAuth, type IamAuthOptions, iamAuth, lambdaAuth, oidcAuth, type TokenProvider, userPoolAuth } from './auth.js';
export { appSyncChannel, channelMatches, MAX_SEGMENT_LENGTH, MAX_SEGMENTS } from './channelPath.js';
export { type AppSyncPublishResult, decodeAppSyncFrame, publishResult } from './codec.js';
export { type AppSyncEndpoints, resolveAppSyncEndpoints } from './endpoints.js';
export { postEvents } from './httpPublish.js';
export { APPSYNC_LIMITS } from './limits.js';
export { encodeEvents, splitIntoRequests } from './publishBatches.js';
