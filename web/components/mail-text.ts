/**
 * Text that came by mail is shown as its sender wrote it: never as Markdown or HTML (a customer
 * must not be able to style their mail like our internal notes, or hide a link behind any text).
 * Only web and mail addresses become links, each showing its own address.
 */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\b(https?:\/\/[^\s<>"']+|mailto:[^\s<>"']+|www\.[^\s<>"']+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?)\]}'"»]+$/;

function hrefOf(link: string): string | undefined {
  if (/^https?:\/\//i.test(link)) return link;
  if (/^mailto:/i.test(link)) return link;
  if (/^www\./i.test(link)) return `https://${link}`;
  if (link.includes('@')) return `mailto:${link}`;
  return undefined;
}

export function linkifyText(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const raw = match[0];
    const link = raw.replace(TRAILING, '');
    const start = match.index;
    const href = link ? hrefOf(link) : undefined;
    if (!href) continue;
    if (start > at) segments.push({ kind: 'text', text: text.slice(at, start) });
    segments.push({ kind: 'link', text: link, href });
    at = start + link.length;
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) });
  return segments;
}
