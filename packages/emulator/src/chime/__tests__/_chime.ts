// Raw, signed Chime REST calls against the emulator (what the attack and validation tables
// send): any signer, any bearer, the bearer signed or added after signing.
import { signRequest } from '@channelkit/transport/sigv4';
import { httpRequest } from '../../core/__tests__/_wire.js';
import type { RunningEmulator } from '../../startEmulator.js';

export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface Answer {
  status: number;
  errorType: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the emulator sent and assert on it
  json: any;
  text: string;
}

export interface CallOptions {
  bearer?: string;
  body?: unknown;
  /** Adds the bearer after signing (a captured request with its bearer swapped). */
  unsignedBearer?: boolean;
  /** Rewrites the Authorization header after signing. */
  tamper?: (authorization: string) => string;
}

/** One signed REST call; `path` is already encoded (ARNs with encodeURIComponent). */
export async function call(e: RunningEmulator, creds: Creds, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const c = e.endpoints.chime;
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = body !== undefined ? { 'content-type': 'application/json' } : {};
  if (options.bearer !== undefined && !options.unsignedBearer) headers['x-amz-chime-bearer'] = options.bearer;
  const signed = signRequest({ url: `${c.endpoint}${path}`, method, headers, ...(body !== undefined ? { body } : {}) }, { service: 'chime', region: c.region, credentials: creds });
  const sent: Record<string, string> = { ...(signed.headers as Record<string, string>) };
  if (options.unsignedBearer && options.bearer !== undefined) sent['x-amz-chime-bearer'] = options.bearer;
  if (options.tamper) sent.authorization = options.tamper(sent.authorization ?? '');
  const res = await httpRequest(signed.url, { method, headers: sent, ...(body !== undefined ? { body } : {}) });
  const errorType = res.headers['x-amzn-errortype'];
  return { status: res.status, errorType: typeof errorType === 'string' ? errorType : undefined, json: res.json, text: res.text };
}

export const enc = encodeURIComponent;
