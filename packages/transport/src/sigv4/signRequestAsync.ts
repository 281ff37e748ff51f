import { ChannelKitError } from '../errors/ChannelKitError.js';
import { beginCanonical, finishCanonical, rememberKey, signingKeys } from './canonicalRequest.js';
import { toHex, utf8 } from './encoding.js';
import { type SignedRequest, toSignedRequest } from './signRequest.js';
import type { SigV4Options, SigV4Request } from './types.js';

/**
 * {@link signRequest} on WebCrypto (`crypto.subtle`, in every browser, Node ≥ 20, Lambda and
 * edge runtimes) instead of the bundled plain-JS SHA-256: for code that is async anyway, such
 * as HTTP clients on servers, it keeps the pure hash out of the bundle. Same signatures.
 *
 * @example
 * ```ts
 * const signed = await signRequestAsync({ url, method: 'POST', body }, { service: 'execute-api', region, credentials });
 * await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
 * ```
 */
export async function signRequestAsync(request: SigV4Request, options: Omit<SigV4Options, 'hasher'>): Promise<SignedRequest> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new ChannelKitError('INVALID_ARGUMENT', 'no crypto.subtle: use signRequest');
  const digest = async (data: string | Uint8Array) => toHex(new Uint8Array(await subtle.digest('SHA-256', utf8(data) as BufferSource)));
  const hmac = async (key: Uint8Array, data: string) =>
    new Uint8Array(await subtle.sign('HMAC', await subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), utf8(data) as BufferSource));
  const draft = beginCanonical(request, options);
  const hash = 'literal' in draft.payload ? draft.payload.literal : await digest(draft.payload.body);
  const parts = finishCanonical(draft, options, hash, undefined);
  const stringToSign = `AWS4-HMAC-SHA256\n${draft.date}\n${draft.scope}\n${await digest(parts.canonicalRequest)}`;
  let key = signingKeys.get(draft.keyId);
  if (!key) {
    key = utf8(`AWS4${draft.secret}`);
    for (const part of [draft.day, options.region, options.service, 'aws4_request']) key = await hmac(key, part);
    rememberKey(draft.keyId, key);
  }
  const signature = toHex(await hmac(key, stringToSign));
  return toSignedRequest({ ...parts, req: draft.req, date: draft.date, credential: draft.credential, stringToSign, signature }, options);
}
