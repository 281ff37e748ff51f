import type { ReactNode } from 'react';

// http(s) URLs only: `javascript:`, `data:` and every other scheme stay plain text.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Bidi controls (U+202A–U+202E, U+2066–U+2069) can reorder what follows them on screen
// (Trojan Source); they are shown as visible escapes instead.
const BIDI_RE = /[\u202A-\u202E\u2066-\u2069]/g;

/** Cap on rendered characters: a 1 MB message must not freeze layout (the rest is elided). */
export const MAX_RENDERED_CHARS = 20_000;

function clean(text: string): string {
  return text.replace(BIDI_RE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Untrusted text rendered as React text nodes, with http(s) URLs as links
 * (`rel="noopener noreferrer"`, new tab). Nothing is parsed as HTML.
 *
 * @example
 * ```tsx
 * <RichText text="see https://example.com <script>alert(1)</script>" />
 * ```
 */
export function RichText({ text }: { text: string }): ReactNode {
  const shown = clean(text.length > MAX_RENDERED_CHARS ? `${text.slice(0, MAX_RENDERED_CHARS)}…` : text);
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of shown.matchAll(URL_RE)) {
    // Trailing punctuation belongs to the sentence, not the URL.
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    const at = m.index ?? 0;
    if (at > last) parts.push(shown.slice(last, at));
    let safe = false;
    try {
      safe = /^https?:$/.test(new URL(url).protocol);
    } catch {
      safe = false;
    }
    parts.push(
      safe ? (
        <a key={at} href={url} target="_blank" rel="noopener noreferrer" className="ck-link">
          {url}
        </a>
      ) : (
        url
      ),
    );
    last = at + url.length;
  }
  if (last < shown.length) parts.push(shown.slice(last));
  return <>{parts}</>;
}
