// Public surface of `@channelkit/transport/amplify` (imports aws-amplify; optional).
export { amplifyAuth, type AmplifyAuthOptions, type AmplifyAuthSession } from './amplifyAuth.js';
