// Static data for the stories (a copy of test/ui/_fixtures.ts semantics: fixed clock, so
// screenshots do not depend on when they run).
import type { ChatMessage, Member } from '@channelkit/ui';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const PEOPLE: Member[] = [
  { id: 'ana', name: 'Ana Lima' },
  { id: 'bo', name: 'Bo Chen' },
  { id: 'cy', name: 'Cy Okafor' },
  { id: 'dee', name: 'Dee Park' },
  { id: 'eli', name: 'Eli Novak' },
  { id: 'fay', name: 'Fay Ruiz' },
];

/** `n` messages, one a minute, alternating senders in runs of three, crossing days. */
export function conversation(n: number, start = T0): ChatMessage[] {
  return Array.from({ length: n }, (_, i) => {
    const who = PEOPLE[Math.floor(i / 3) % 3]!;
    return {
      id: `m${i}`,
      text: `Message ${i}${i % 7 === 0 ? ' — a longer one that wraps onto a second line to show how text flows in a bubble' : ''}`,
      sender: who,
      at: start + i * 60_000 * (i % 50 === 0 ? 600 : 1),
      status: 'delivered' as const,
    };
  });
}

/** Hostile message texts: all must render as inert text. */
export const XSS = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">',
  'javascript:window.__pwned=1',
  '[click](javascript:alert(1)) data:text/html,<script>alert(1)</script>',
  '<a href="javascript:alert(1)" onclick="window.__pwned=1">x</a>',
  'bidi \u202Eevil\u202C override \u2066isolate\u2069',
  'https://example.com/ok?q=1 and http://a.test/b.',
];
