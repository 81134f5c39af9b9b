import type { ReactNode } from 'react';

/** Folds case and umlauts like the server's search, keeping the length so that positions map back. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äàáâ]/g, 'a')
    .replace(/[öòóô]/g, 'o')
    .replace(/[üùúû]/g, 'u')
    .replace(/ß/g, 's');
}

/** The words of a search, each at least two characters, longest first. */
export function searchWords(query: string): string[] {
  return [...new Set(fold(query).match(/[\p{L}\p{N}]{2,}/gu) ?? [])].sort((a, b) => b.length - a.length);
}

/**
 * Marks where the search words occur (as word prefixes, as the search matches them while typing).
 * Everything stays React text: no HTML is built, so an article cannot inject markup.
 */
export function Highlight({ text, words }: { text: string; words: string[] }): ReactNode {
  if (words.length === 0) return text;
  const folded = fold(text);
  const parts: ReactNode[] = [];
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const atWordStart = i === 0 || !/[\p{L}\p{N}]/u.test(folded[i - 1]!);
    const word = atWordStart ? words.find((w) => folded.startsWith(w, i)) : undefined;
    if (word) {
      if (i > last) parts.push(text.slice(last, i));
      parts.push(<mark key={i}>{text.slice(i, i + word.length)}</mark>);
      i += word.length;
      last = i;
    } else i++;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

/** Plain text of Markdown around the first search word, for a result's excerpt. */
export function excerpt(markdown: string, words: string[], length = 180): string {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const folded = fold(text);
  const at = Math.min(...words.map((w) => folded.indexOf(w)).filter((n) => n >= 0), Number.MAX_SAFE_INTEGER);
  const start = at === Number.MAX_SAFE_INTEGER ? 0 : Math.max(0, at - 60);
  const slice = text.slice(start, start + length);
  return `${start > 0 ? '… ' : ''}${slice}${start + length < text.length ? ' …' : ''}`;
}
