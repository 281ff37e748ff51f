/**
 * Calls `flush` once per animation frame, however often `schedule` is called in between. Hidden
 * tabs run no animation frames, so a timer (`fallbackMs`, default 100 ms) races the frame and
 * whichever fires first flushes: a tab opened in the background still shows its events. Where
 * there are no frames at all (servers, tests, workers) a microtask flushes.
 *
 * @example
 * ```ts
 * const schedule = frameScheduler(() => notify());
 * for (const e of burst) { push(e); schedule(); } // notify runs once
 * ```
 */
export function frameScheduler(flush: () => void, fallbackMs = 100): () => void {
  let scheduled = false;
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (!scheduled) return;
    scheduled = false;
    // Whichever came second must not flush again, nor keep a timer alive.
    if (frame !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = timer = undefined;
    flush();
  };
  return () => {
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame === 'function') {
      frame = requestAnimationFrame(run);
      timer = setTimeout(run, fallbackMs);
    } else queueMicrotask(run);
  };
}
