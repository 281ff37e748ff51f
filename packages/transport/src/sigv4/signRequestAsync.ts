import { ChannelKitError } from '../errors/ChannelKitError.js';
import { type Canonicalized, sigv4, toPresignedUrl } from './canonicalRequest.js';
import { toHex, utf8 } from './encoding.js';
import { type SignedRequest, toSignedRequest } from './signRequest.js';
import type { PresignOptions, SigV4Options, SigV4Request } from './types.js';

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
  return toSignedRequest(await signWebCrypto(request, options), options);
}

/**
 * {@link presignUrl} on WebCrypto: the same URL, without bundling the plain-JS SHA-256 (what
 * the Chime and API Gateway backends use to open their sockets).
 *
 * @example
 * ```ts
 * const url = await presignUrlAsync({ url: `wss://${host}/connect?userArn=${encodeURIComponent(userArn)}` }, { service: 'chime', region, credentials, expiresIn: 10 });
 * ```
 */
export async function presignUrlAsync(request: SigV4Request, options: Omit<PresignOptions, 'hasher'>): Promise<string> {
  return toPresignedUrl(await signWebCrypto(request, options, true), options);
}

async function signWebCrypto(request: SigV4Request, options: PresignOptions, presign?: boolean): Promise<Canonicalized> {
  const subtle = globalThis.crypto?.subtle;
  // Browsers expose WebCrypto only in secure contexts: a page served over plain http from a
  // LAN address has no crypto.subtle, and the error has to say so rather than fail obscurely.
  if (!subtle) {
    throw new ChannelKitError('UNSUPPORTED', 'SigV4 signing needs WebCrypto (crypto.subtle), which browsers offer only in secure contexts: serve the app over https:// or from localhost');
  }
  const steps = sigv4(request, options, presign);
  let step = steps.next();
  while (!step.done) {
    const [data, key] = step.value;
    const bytes = utf8(data) as BufferSource;
    step = steps.next(
      key
        ? new Uint8Array(await subtle.sign('HMAC', await subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']), bytes))
        : toHex(new Uint8Array(await subtle.digest('SHA-256', bytes))),
    );
  }
  return step.value;
}
