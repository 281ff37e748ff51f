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
  readonly failed: ReadonlyArray<{ readonly index: number; readonly code: string; readonly message: string }>;
}

/** Mutable builder of a {@link PublishResult}: merges per-request results at their offsets. */
export function mergePublishResults(parts: ReadonlyArray<{ result: PublishResult; offset: number }>): PublishResult {
  const successful: Array<{ index: number; id?: string }> = [];
  const failed: Array<{ index: number; code: string; message: string }> = [];
  for (const { result, offset } of parts) {
    for (const s of result.successful) successful.push(s.id === undefined ? { index: s.index + offset } : { index: s.index + offset, id: s.id });
    for (const f of result.failed) failed.push({ index: f.index + offset, code: f.code, message: f.message });
  }
  return { successful, failed };
}

/** Every event of a request of `count` events accepted (backends without per-event results). */
export function allSuccessful(count: number): PublishResult {
  return { successful: Array.from({ length: count }, (_, index) => ({ index })), failed: [] };
}
