// Public surface of `@channelkit/emulator`.

export type { ApiGatewayAddress } from './apigw/ApiGatewayServer.js';
export { type ApiGatewayEndpoints, apiGatewayPlugin } from './apigw/apiGatewayPlugin.js';
export { channelRouter } from './apigw/channelRouter.js';
export type { ApiGatewayEmulatorOptions, ApiGatewayEvent, HandlerResult, ManagementApi, RouteHandler } from './apigw/options.js';
export type { AppSyncAddress } from './appsync/AppSyncServer.js';
export { type AppSyncEndpoints, appSyncPlugin } from './appsync/appSyncPlugin.js';
export type { AppSyncEmulatorOptions, AuthMode, NamespaceOptions, PublishVerdict } from './appsync/options.js';
export type { ChimeEmulatorOptions, ChimeServer } from './chime/ChimeServer.js';
export { type ChimeEndpoints, chimePlugin } from './chime/chimePlugin.js';
export type { AdminRoute } from './core/AdminRoute.js';
export type { BackendContext, BackendPlugin, ListenAddress } from './core/BackendPlugin.js';
export type { Backend, ConnectionInfo } from './core/ConnectionRegistry.js';
export type { Fault } from './core/FaultController.js';
export { type JwtKey, signJwt, verifyJwt } from './core/jwt.js';
export type { HotsockServer } from './hotsock/HotsockServer.js';
export { type HotsockEndpoints, hotsockPlugin } from './hotsock/hotsockPlugin.js';
export type { HotsockEmulatorOptions } from './hotsock/options.js';
export { type ReceivedRequest, type VerifyFailure, type VerifyOptions, verifySigV4 } from './sigv4/verifySigV4.js';
export { type EmulatorEndpoints, type EmulatorOptions, type RunningEmulator, startEmulator } from './startEmulator.js';
