// Public surface of `@channelkit/transport/chime`.

export { ChimeMessagingApi, type ChimePage, createAppInstanceUser, type ListMessagesOptions } from './api.js';
export { chimeChannelArn, isAppInstanceArn } from './arns.js';
export { type ChimeChannelEntry, type ChimeChannelList, chimeChannelDirectory } from './channelList.js';
export { CHIME_LIMITS, type ChimeBackend, type ChimeConfig, type ChimePublishContext, chime } from './chime.js';
export { chimeCloseDecision } from './closePolicy.js';
export { CHIME_EVENT_TYPES, type ChimeEvent, type ChimeEventType, messageData, parseChimeEnvelope } from './envelope.js';
export { ChimeServiceError, pathSegment } from './signedFetch.js';
export { type ChimeChannel, type ChimeChannelDetails, type ChimeIdentity, type ChimeMembership, type ChimeMessage, chimeTime } from './types.js';
