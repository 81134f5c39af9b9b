import { fold, isStopword, stems, tokenize } from '../../platform/search/normalise.ts';
import { SYNONYM_LINES } from './synonyms.de-en.ts';

/**
 * The knowledge base's text analysis, on top of the shared pipeline (fold, tokenise, German
 * and English Snowball stems): every word also yields the synonym concepts it belongs to
 * (synonyms.de-en.ts), directly, through a phrase ("geht nicht mehr") or as the head or tail
 * of a German compound ("Druckerwarteschlange" → printer + queue). Articles are indexed and
 * requests are analysed with the same functions, so both sides meet in the same terms.
 */
export const CONCEPT_PREFIX = 'zq';
const MIN_COMPOUND_PART = 4;

interface Lexicon {
  /** Folded single word → concepts. */
  words: Map<string, string[]>;
  /** Stem of a single word → concepts (inflected forms: "druckt" → print). */
  stems: Map<string, string[]>;
  /** Phrases as per-token stem lists. */
  phrases: Array<{ tokens: string[][]; concept: string }>;
}

function add(map: Map<string, string[]>, key: string, concept: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [concept]);
  else if (!list.includes(concept)) list.push(concept);
}

function buildLexicon(lines: string): Lexicon {
  const lexicon: Lexicon = { words: new Map(), stems: new Map(), phrases: [] };
  for (const line of lines.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const concept =
      CONCEPT_PREFIX +
      line
        .slice(0, colon)
        .trim()
        .replace(/[^a-z0-9]/g, '');
    for (const term of line.slice(colon + 1).split(',')) {
      const tokens = tokenize(term);
      if (tokens.length === 1) {
        add(lexicon.words, tokens[0]!, concept);
        for (const stem of stems(tokens[0]!)) add(lexicon.stems, stem, concept);
      } else if (tokens.length > 1) {
        lexicon.phrases.push({ tokens: tokens.map((t) => stems(t)), concept });
      }
    }
  }
  return lexicon;
}

const LEXICON = buildLexicon(SYNONYM_LINES);

/** How many words and phrases the synonym list holds (reported by the evaluation). */
export function lexiconSize(): { words: number; phrases: number } {
  return { words: LEXICON.words.size, phrases: LEXICON.phrases.length };
}

export function conceptsOfWord(token: string): string[] {
  const direct = LEXICON.words.get(token);
  if (direct) return direct;
  const out: string[] = [];
  for (const stem of stems(token)) for (const c of LEXICON.stems.get(stem) ?? []) if (!out.includes(c)) out.push(c);
  return out;
}

export function isLexiconWord(token: string): boolean {
  return LEXICON.words.has(token);
}

/**
 * Splits a German compound at a known word: the longest head or tail of at least four letters
 * that the synonym list knows (a linking s or n between the parts is dropped). Returns the
 * parts, or [] when none is known.
 */
export function splitAtLexicon(token: string): string[] {
  if (token.length < MIN_COMPOUND_PART * 2 - 1) return [];
  for (let cut = MIN_COMPOUND_PART; cut <= token.length - MIN_COMPOUND_PART + 1; cut++) {
    const tail = token.slice(cut);
    if (tail.length >= MIN_COMPOUND_PART && LEXICON.words.has(tail)) return [stripLink(token.slice(0, cut)), tail];
  }
  for (let cut = token.length - MIN_COMPOUND_PART + 1; cut >= MIN_COMPOUND_PART; cut--) {
    const head = token.slice(0, cut);
    if (LEXICON.words.has(head)) return [head, stripLink(token.slice(cut))];
  }
  return [];
}

function stripLink(part: string): string {
  return part.length > MIN_COMPOUND_PART && /[sn]$/.test(part) ? part.slice(0, -1) : part;
}

export interface AnalysedWord {
  token: string;
  stems: string[];
  concepts: string[];
  /** Stems and concepts of compound parts (weaker evidence than the word itself). */
  parts: string[];
  /** True when a phrase (with its own concept) already covers this word. */
  inPhrase: boolean;
}

export interface AnalysedText {
  words: AnalysedWord[];
  phraseConcepts: string[];
}

export function analyse(text: string): AnalysedText {
  const tokens = tokenize(text);
  const words: AnalysedWord[] = tokens.map((token) => {
    const wordStems = stems(token);
    const concepts = conceptsOfWord(token);
    const parts: string[] = [];
    if (concepts.length === 0 && !/^\d+$/.test(token)) {
      for (const part of splitAtLexicon(token)) {
        parts.push(...stems(part));
        for (const c of conceptsOfWord(part)) if (!parts.includes(c)) parts.push(c);
      }
    }
    return { token, stems: wordStems, concepts, parts, inPhrase: false };
  });
  const phraseConcepts: string[] = [];
  for (const span of phraseSpans(words.map((w) => w.stems))) {
    if (!phraseConcepts.includes(span.concept)) phraseConcepts.push(span.concept);
    for (let j = span.start; j < span.end; j++) words[j]!.inPhrase = true;
  }
  return { words, phraseConcepts };
}

/** Phrases by each stem their first word may have, so a text is scanned once, not once per phrase. */
const PHRASES_BY_FIRST_STEM = new Map<string, number[]>();
LEXICON.phrases.forEach((phrase, index) => {
  for (const stem of phrase.tokens[0]!) {
    const list = PHRASES_BY_FIRST_STEM.get(stem);
    if (!list) PHRASES_BY_FIRST_STEM.set(stem, [index]);
    else if (!list.includes(index)) list.push(index);
  }
});

/**
 * Where the synonym list's phrases occur in a sequence of words (given by their stems):
 * [start, end) word indexes, in the list's order of phrases, then by position.
 */
export function phraseSpans(wordStems: string[][]): Array<{ start: number; end: number; concept: string }> {
  const found: Array<{ phrase: number; start: number }> = [];
  wordStems.forEach((first, start) => {
    const candidates = new Set(first.flatMap((stem) => PHRASES_BY_FIRST_STEM.get(stem) ?? []));
    for (const index of candidates) {
      const tokens = LEXICON.phrases[index]!.tokens;
      if (start + tokens.length > wordStems.length) continue;
      let hit = true;
      for (let j = 1; j < tokens.length && hit; j++) hit = tokens[j]!.some((s) => wordStems[start + j]!.includes(s));
      if (hit) found.push({ phrase: index, start });
    }
  });
  found.sort((a, b) => a.phrase - b.phrase || a.start - b.start);
  return found.map(({ phrase, start }) => ({ start, end: start + LEXICON.phrases[phrase]!.tokens.length, concept: LEXICON.phrases[phrase]!.concept }));
}

/** The index terms of a text: stems, concepts and compound parts, space separated. */
export function articleIndexText(text: string): string {
  const { words, phraseConcepts } = analyse(text);
  const out = new Set<string>();
  for (const w of words) {
    for (const s of w.stems) out.add(s);
    for (const c of w.concepts) out.add(c);
    for (const p of w.parts) out.add(p);
  }
  for (const c of phraseConcepts) out.add(c);
  return [...out].join(' ');
}

/** Words that say nothing about the problem, on top of the shared stopwords. */
const KB_STOPWORDS = new Set(
  (
    'geht gehts ging hat habe hab hast kann kannst konnen könnte koennte mochte will wollte muss sollte gibt immer seit heute gestern morgen ' +
    'jetzt leider irgendwie einfach mal ganz wieder bzw usw etc ok okay hi hey help hilfe dringend urgent how why what where when who which ' +
    'wie warum wieso weshalb wo wer welche welcher get got getting still any some all just now today again keep keeps anymore my mine your ' +
    'man ihn ihm ihnen sich dies diese dieser dieses dann denn doch so da hier the an when after before since because weil nach vor ' +
    'am is ist bin sein being im on'
  )
    .split(' ')
    .map((w) => fold(w)),
);

export function isKbStopword(token: string): boolean {
  return isStopword(token) || KB_STOPWORDS.has(token);
}
