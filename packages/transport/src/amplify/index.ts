// Public surface of `@channelkit/transport/amplify` (imports aws-amplify; optional).
export { type AmplifyAuthOptions, type AmplifyAuthSession, amplifyAuth } from './amplifyAuth.js';
