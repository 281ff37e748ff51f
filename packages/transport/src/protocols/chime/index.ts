// Public surface of `@channelkit/transport/chime`.
export { chime, CHIME_LIMITS, type ChimeBackend, type ChimeConfig, type ChimePublishContext } from './chime.js';
export { ChimeMessagingApi, createAppInstanceUser, type ChimePage, type ListMessagesOptions } from './api.js';
export { chimeChannelDirectory, type ChimeChannelEntry, type ChimeChannelList } from './channelList.js';
export { chimeCloseDecision } from './closePolicy.js';
export { CHIME_EVENT_TYPES, messageData, parseChimeEnvelope, type ChimeEvent, type ChimeEventType } from './envelope.js';
export { chimeChannelArn, isAppInstanceArn } from './arns.js';
export { ChimeServiceError, pathSegment } from './signedFetch.js';
export { chimeTime, type ChimeChannel, type ChimeChannelDetails, type ChimeIdentity, type ChimeMembership, type ChimeMessage } from './types.js';
