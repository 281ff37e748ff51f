// Public surface of `@channelkit/transport/apigw` (client side; the @connections client is in `/server`).

export { API_GATEWAY_DEFAULT_CHANNEL, apiGatewayChannel, MAX_CHANNEL_LENGTH } from './apiGatewayChannels.js';
export { APIGW_LIMITS, type ApiGatewayWebSocketOptions, apiGatewayWebSocket, DEFAULT_ROUTES, decodeApiGatewayFrame } from './apiGatewayWebSocket.js';
export { type ApiGatewayUrlSigner, apiGatewayIam } from './iam.js';
