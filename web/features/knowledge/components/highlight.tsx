import type { ReactNode } from 'react';

type Mark = readonly [number, number];

/** The text cut at the marks (offsets from the server's search), in order, without overlaps. */
export function markSegments(text: string, marks: readonly Mark[]): Array<{ text: string; marked: boolean }> {
  const out: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const [start, end] of [...marks].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, at);
    const to = Math.min(end, text.length);
    if (to <= from) continue;
    if (from > at) out.push({ text: text.slice(at, from), marked: false });
    out.push({ text: text.slice(from, to), marked: true });
    at = to;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

/**
 * Marks the words the search matched, as the server's search found them (stems, umlauts,
 * compound parts, synonyms). Everything stays React text: no HTML is built, so an article
 * cannot inject markup.
 */
export function Highlight({ text, marks }: { text: string; marks: readonly Mark[] | undefined }): ReactNode {
  if (!marks || marks.length === 0) return text;
  return <>{markSegments(text, marks).map((segment, i) => (segment.marked ? <mark key={i}>{segment.text}</mark> : segment.text))}</>;
}
