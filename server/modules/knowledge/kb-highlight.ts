import { stems, tokenize } from '../../platform/search/normalise.ts';
import { analyse, conceptsOfWord, isKbStopword, phraseSpans, splitAtLexicon } from './kb-text.ts';
import type { ArticleHighlightDto } from '../../../shared/contracts/knowledge.ts';

/**
 * Search highlights that follow the search itself: a word of an article is marked when the
 * search would match it — the same stem ("Druckers" for "Drucker"), the same folded spelling
 * ("Passwörter" for "passworter"), a part of a compound ("Postfach" for "Sammelpostfach" and
 * the other way round), a synonym from the list ("Kennwort" for "Passwort", also through a
 * phrase), or, for the word still being typed, a word it starts. Marks are [start, end) offsets
 * into the original text, which the web app renders as text with <mark>, never as HTML.
 */

type Mark = [number, number];

/** At least this long to count as one part of a compound, and what is left of it besides. */
const MIN_PART = 4;

export interface HighlightQuery {
  /** Stems of the query words and of their compound parts. */
  stems: Set<string>;
  /** Synonym concepts of the words, their parts and the phrases the query holds. */
  concepts: Set<string>;
  /** Folded query words long enough to be compounds (matched head or tail against words). */
  words: string[];
  /** The last word while it is being typed, and its stems: words starting with one match. */
  prefixes: string[];
  /** Words already decided for this search (words repeat a lot across results). */
  decided: Map<string, boolean>;
}

export function highlightQuery(text: string): HighlightQuery {
  const { words, phraseConcepts } = analyse(text);
  const query: HighlightQuery = { stems: new Set(), concepts: new Set(phraseConcepts), words: [], prefixes: [], decided: new Map() };
  const typing = !/[\s.,;:!?)]$/.test(text);
  words.forEach((word, index) => {
    if (isKbStopword(word.token) || word.token.length < 2) return;
    for (const stem of word.stems) query.stems.add(stem);
    for (const concept of word.concepts) query.concepts.add(concept);
    // Split even when the whole word is in the synonym list: "Sammelpostfach" also marks "Postfach".
    for (const part of splitAtLexicon(word.token)) {
      for (const stem of stems(part)) query.stems.add(stem);
      for (const concept of conceptsOfWord(part)) query.concepts.add(concept);
    }
    query.words.push(word.token);
    if (typing && index === words.length - 1 && word.token.length >= 3) query.prefixes.push(...new Set([word.token, ...word.stems.filter((s) => s.length >= 3)]));
  });
  return query;
}

/** True when the search matches this (folded) word of an article. */
function matchesWord(query: HighlightQuery, token: string): boolean {
  let decided = query.decided.get(token);
  if (decided === undefined) {
    decided = decideWord(query, token);
    if (query.decided.size < 20_000) query.decided.set(token, decided);
  }
  return decided;
}

function decideWord(query: HighlightQuery, token: string): boolean {
  if (token.length < 2 || isKbStopword(token)) return false;
  const tokenStems = stems(token);
  if (tokenStems.some((s) => query.stems.has(s))) return true;
  if (conceptsOfWord(token).some((c) => query.concepts.has(c))) return true;
  if (query.prefixes.some((p) => token.startsWith(p) || tokenStems.some((s) => s.startsWith(p)))) return true;
  for (const part of splitAtLexicon(token)) {
    if (stems(part).some((s) => query.stems.has(s)) || conceptsOfWord(part).some((c) => query.concepts.has(c))) return true;
  }
  return query.words.some((word) => isCompoundPart(token, word) || isCompoundPart(word, token));
}

/** `part` is the head or the tail of the compound `whole` ("Kalender" of "Kalenderfreigabe"), a linking s allowed. */
function isCompoundPart(part: string, whole: string): boolean {
  if (part.length < MIN_PART || whole.length < part.length + MIN_PART) return false;
  if (whole.startsWith(part)) return true;
  return whole.endsWith(part) && whole.length - part.length >= MIN_PART;
}

/** The words of a text (letters, digits and combining marks) with their offsets and folded tokens. */
function wordsOf(text: string): Array<{ start: number; end: number; tokens: string[] }> {
  const found: Array<{ start: number; end: number; tokens: string[] }> = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) found.push({ start: match.index, end: match.index + match[0].length, tokens: tokenize(match[0]) });
  return found;
}

/** The marks of a text for a search: every word (letters and digits) the search matches. */
export function markText(query: HighlightQuery, text: string): Mark[] {
  const found = wordsOf(text);
  const marked = found.map((w) => w.tokens.some((token) => matchesWord(query, token)));
  if (query.concepts.size > 0) {
    for (const span of phraseSpans(found.map((w) => w.tokens.flatMap((t) => stems(t))))) {
      if (query.concepts.has(span.concept)) for (let i = span.start; i < span.end; i++) marked[i] = true;
    }
  }
  return found.filter((_, i) => marked[i]).map((w): Mark => [w.start, w.end]);
}

/** Where the first word the search matches begins (phrases aside), or -1; stops at the first. */
function firstMatch(query: HighlightQuery, text: string): number {
  for (const word of wordsOf(text)) if (word.tokens.some((token) => matchesWord(query, token))) return word.start;
  return -1;
}

/** Markdown as the plain text a reader sees (images, link targets and markup left out). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[#>*_`~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A search result's highlights: the title's marks, and about `length` characters of the body
 * around its first match (its start when nothing in it matches) with their marks.
 */
export function highlightArticle(query: HighlightQuery, article: { title: string; body: string }, length = 180): ArticleHighlightDto {
  const text = plainText(article.body);
  // The excerpt's place is looked for in the first 20,000 characters: a long article costs no more.
  const first = firstMatch(query, text.slice(0, 20_000));
  let start = first > 0 ? Math.max(0, first - 60) : 0;
  // Begin and end at word boundaries.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + length);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  const lead = start > 0 ? '… ' : '';
  const excerpt = `${lead}${text.slice(start, end)}${end < text.length ? ' …' : ''}`;
  return { title: markText(query, article.title), excerpt, excerptMarks: markText(query, excerpt) };
}
