/**
 * The outcome of one publish call, the same shape on every backend. Indices refer to the
 * events as the caller passed them, even when the client split them into several requests.
 * Backends that do not acknowledge publishes report every event as successful once written.
 *
 * @example
 * ```ts
 * const { successful, failed } = await room.publish(a, b, c);
 * for (const f of failed) console.warn(`event ${f.index} refused: ${f.code} ${f.message}`);
 * const firstId = successful[0]?.id; // server-assigned where the backend has ids
 * ```
 */
export interface PublishResult {
  readonly successful: ReadonlyArray<{ readonly index: number; readonly id?: string }>;
  readonly failed: ReadonlyArray<{ readonly index: number; readonly id?: string; readonly code: string; readonly message: string }>;
}

/**
 * Merges per-request results, shifting each request's indices by its offset in the caller's list.
 *
 * @example
 * ```ts
 * mergePublishResults([{ result: first, offset: 0 }, { result: second, offset: 5 }]);
 * ```
 */
export function mergePublishResults(parts: ReadonlyArray<{ result: PublishResult; offset: number }>): PublishResult {
  const successful: Array<{ index: number; id?: string }> = [];
  const failed: Array<{ index: number; id?: string; code: string; message: string }> = [];
  for (const { result, offset } of parts) {
    for (const s of result.successful) successful.push(s.id === undefined ? { index: s.index + offset } : { index: s.index + offset, id: s.id });
    for (const f of result.failed)
      failed.push(f.id === undefined ? { index: f.index + offset, code: f.code, message: f.message } : { index: f.index + offset, id: f.id, code: f.code, message: f.message });
  }
  return { successful, failed };
}

/**
 * Every event of a request of `count` events accepted (backends without per-event results).
 *
 * @example
 * ```ts
 * publishResult: (_detail, count) => allSuccessful(count),
 * ```
 */
export function allSuccessful(count: number): PublishResult {
  return { successful: Array.from({ length: count }, (_, index) => ({ index })), failed: [] };
}
