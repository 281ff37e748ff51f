import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A monotonic ULID factory: 48-bit millisecond time + 80 random bits, and within one
 * millisecond (or if the clock steps back) the previous id plus one, so ids of one emulator
 * always sort in the order they were made — what `listMessages` paging relies on.
 */
export function ulidFactory(now: () => number = Date.now): () => string {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return () => {
    let time = now();
    if (time <= lastTime) {
      time = lastTime;
      // Increment the 16-digit random part as a base-32 number.
      let i = 15;
      while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
      if (i >= 0) lastRandom[i]! += 1;
    } else {
      lastTime = time;
      lastRandom = [...randomBytes(16)].map((b) => b & 31);
      lastRandom[0]! &= 15; // headroom so increments never overflow
    }
    let t = '';
    let rest = time;
    for (let i = 0; i < 10; i++) {
      t = CROCKFORD[rest % 32] + t;
      rest = Math.floor(rest / 32);
    }
    return t + lastRandom.map((d) => CROCKFORD[d]).join('');
  };
}

/** The millisecond time of a ULID. */
export function ulidTime(id: string): number {
  let ms = 0;
  for (const c of id.slice(0, 10)) ms = ms * 32 + CROCKFORD.indexOf(c);
  return ms;
}
