// Public surface of `@channelkit/emulator`.
export { startEmulator, type EmulatorEndpoints, type EmulatorOptions, type RunningEmulator } from './startEmulator.js';
export type { Fault } from './core/FaultController.js';
export type { Backend, ConnectionInfo } from './core/ConnectionRegistry.js';
export type { AdminRoute } from './core/AdminRoute.js';
export type { BackendContext, BackendPlugin, ListenAddress } from './core/BackendPlugin.js';
export type { AppSyncEmulatorOptions, AuthMode, NamespaceOptions, PublishVerdict } from './appsync/options.js';
export { type JwtKey, signJwt, verifyJwt } from './core/jwt.js';
export { verifySigV4, type ReceivedRequest, type VerifyFailure, type VerifyOptions } from './sigv4/verifySigV4.js';
export type { AppSyncAddress } from './appsync/AppSyncServer.js';
export { appSyncPlugin, type AppSyncEndpoints } from './appsync/appSyncPlugin.js';
export type { ApiGatewayAddress } from './apigw/ApiGatewayServer.js';
export { apiGatewayPlugin, type ApiGatewayEndpoints } from './apigw/apiGatewayPlugin.js';
export type { ApiGatewayEmulatorOptions, ApiGatewayEvent, HandlerResult, LambdaHandler, ManagementApi, RouteHandler } from './apigw/options.js';
export { hotsockPlugin, type HotsockEndpoints } from './hotsock/hotsockPlugin.js';
export type { HotsockEmulatorOptions } from './hotsock/options.js';
export type { HotsockServer } from './hotsock/HotsockServer.js';
export { chimePlugin, type ChimeEndpoints } from './chime/chimePlugin.js';
export type { ChimeEmulatorOptions, ChimeServer } from './chime/ChimeServer.js';
