// Public surface of `@channelkit/transport/apigw` (client side; the @connections client is in `/server`).
export { APIGW_LIMITS, apiGatewayWebSocket, decodeApiGatewayFrame, DEFAULT_ROUTES, type ApiGatewayWebSocketOptions } from './apiGatewayWebSocket.js';
export { API_GATEWAY_DEFAULT_CHANNEL, apiGatewayChannel, MAX_CHANNEL_LENGTH } from './apiGatewayChannels.js';
export { apiGatewayIam, type ApiGatewayUrlSigner } from './iam.js';
