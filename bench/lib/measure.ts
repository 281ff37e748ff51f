/** One line of the benchmark table. */
export interface Row {
  benchmark: string;
  ours: string;
  anchor: string;
  ratio: string;
  target: string;
  ok: boolean;
}

/**
 * Runs `ours` and `anchor` in alternating rounds (so drift on a shared, noisy machine hits both
 * alike) and returns each one's median operations per second.
 */
export async function compareThroughput(
  ours: (n: number) => void | Promise<void>,
  anchor: (n: number) => void | Promise<void>,
  { ops, rounds }: { ops: number; rounds: number },
): Promise<{ ours: number; anchor: number }> {
  await ours(Math.ceil(ops / 10));
  await anchor(Math.ceil(ops / 10));
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [fn, out] of r % 2
      ? ([
          [anchor, b],
          [ours, a],
        ] as const)
      : ([
          [ours, a],
          [anchor, b],
        ] as const)) {
      const t0 = performance.now();
      await fn(ops);
      out.push(ops / ((performance.now() - t0) / 1000));
    }
  }
  return { ours: median(a), anchor: median(b) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmtOps = (n: number) => `${Math.round(n).toLocaleString('en-US')} ops/s`;
export const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
