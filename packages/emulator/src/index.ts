// Public surface of `@channelkit/emulator`.
export { startEmulator, type EmulatorEndpoints, type EmulatorOptions, type RunningEmulator } from './startEmulator.js';
export type { Fault } from './core/FaultController.js';
export type { Backend, ConnectionInfo } from './core/ConnectionRegistry.js';
export type { AppSyncEmulatorOptions, AuthMode, NamespaceOptions, PublishVerdict } from './appsync/options.js';
export { signJwt, verifyJwt } from './appsync/jwt.js';
export { verifySigV4, type ReceivedRequest, type VerifyFailure, type VerifyOptions } from './sigv4/verifySigV4.js';
export { AppSyncServer, type AppSyncAddress } from './appsync/AppSyncServer.js';
export { ApiGatewayServer, type ApiGatewayAddress } from './apigw/ApiGatewayServer.js';
export { channelRouter } from './apigw/channelRouter.js';
export type { ApiGatewayEmulatorOptions, ApiGatewayEvent, HandlerResult, ManagementApi, RouteHandler } from './apigw/options.js';
