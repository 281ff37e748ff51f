/**
 * `JSON.stringify` for values that came out of `JSON.parse`, at any depth. The native one
 * recurses on the call stack and throws `RangeError` a few thousand levels down, which
 * `JSON.parse` (iterative in V8) happily produces from a few kilobytes of `[[[[…]]]]`: data a
 * service accepts by its size limit must not cost the emulator an internal error. The native
 * path runs first; only a value that overflows it is serialized again with an explicit stack.
 *
 * @example
 * ```ts
 * const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
 * jsonText(deep).length; // 40_000, where JSON.stringify(deep) throws
 * ```
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value ?? null);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return iterative(value);
  }
}

type Frame = { kind: 'array'; items: unknown[]; i: number } | { kind: 'object'; entries: Array<[string, unknown]>; i: number; wrote: boolean };

/** Same output as JSON.stringify for null, booleans, numbers, strings, arrays and plain objects. */
function iterative(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') return void out.push('null');
    if (typeof v === 'number') return void out.push(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return void out.push(JSON.stringify(typeof v === 'bigint' ? String(v) : v));
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ kind: 'array', items: v, i: 0 });
      return;
    }
    out.push('{');
    stack.push({ kind: 'object', entries: Object.entries(v as Record<string, unknown>), i: 0, wrote: false });
  };
  open(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if (top.kind === 'array') {
      if (top.i >= top.items.length) {
        stack.pop();
        out.push(']');
        continue;
      }
      if (top.i > 0) out.push(',');
      open(top.items[top.i++]);
      continue;
    }
    // Objects skip members JSON.stringify skips (undefined, functions, symbols).
    let entry: [string, unknown] | undefined;
    while (top.i < top.entries.length) {
      const candidate = top.entries[top.i++] as [string, unknown];
      const v = candidate[1];
      if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') {
        entry = candidate;
        break;
      }
    }
    if (!entry) {
      stack.pop();
      out.push('}');
      continue;
    }
    if (top.wrote) out.push(',');
    top.wrote = true;
    out.push(JSON.stringify(entry[0]), ':');
    open(entry[1]);
  }
  return out.join('');
}
