import type { WebSocketConstructor } from '@channelkit/transport';

/**
 * Counters for the bad-argument tables: a bad call must fail before any socket is opened or
 * any request is made, so these refuse loudly and count every attempt.
 */
export const attempts = { sockets: 0, fetches: 0 };

/** A WebSocket class that counts and refuses every construction. */
export const RecordingWebSocket = class {
  constructor() {
    attempts.sockets++;
    throw new Error('no socket may be opened by a bad call');
  }
} as unknown as WebSocketConstructor;

/** A fetch that counts and refuses every request. */
export const recordingFetch: typeof fetch = async () => {
  attempts.fetches++;
  throw new Error('no request may be made by a bad call');
};
