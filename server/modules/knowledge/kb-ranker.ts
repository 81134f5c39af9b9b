import { stems } from '../../platform/search/normalise.ts';
import { analyse, CONCEPT_PREFIX, isKbStopword } from './kb-text.ts';

/**
 * Ranking of knowledge articles for a request, after the database found the candidates.
 * A request is a list of units (one per meaningful word, one per recognised phrase); a unit
 * counts once for an article, with its best alternative (stem, synonym concept, compound part,
 * typo correction), weighted by how rare that term is among the articles, and more when it
 * is in the title. So "Drucker druckt" does not count the German and English stem of the same
 * word twice, and a word shared by every article adds almost nothing.
 */

export const TITLE_BOOST = 0.7;
/**
 * The least score an article must reach, as a share of the weight of the rarest possible word
 * (so the threshold means the same in a knowledge base of 5 articles and of 10,000), and the
 * least share of the request's weight it must match.
 */
export const MIN_SCORE_SHARE = 0.66;
export const MIN_COVERAGE = 0.4;
/**
 * A request word nothing in the knowledge base knows weighs like the rarest word: it is
 * probably what the request is about ("Kaffeemaschine"), so it dilutes the coverage.
 */
const unknownWeight = (vocabulary: Vocabulary) => Math.log(1 + (vocabulary.size + 1) / 0.5);

const FACTOR = { stem: 1, concept: 0.9, part: 0.6, fuzzy: 0.75 } as const;

export interface Vocabulary {
  /** Number of indexed articles. */
  size: number;
  /** Term → number of articles containing it. */
  df: Map<string, number>;
  /** Plain (non-concept) terms by length, for typo correction. */
  byLength: Map<number, string[]>;
}

export function buildVocabulary(documents: Iterable<string[]>): Vocabulary {
  const df = new Map<string, number>();
  let size = 0;
  for (const terms of documents) {
    size++;
    for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const byLength = new Map<number, string[]>();
  for (const term of df.keys()) {
    if (term.startsWith(CONCEPT_PREFIX) || /\d/.test(term)) continue;
    const list = byLength.get(term.length);
    if (list) list.push(term);
    else byLength.set(term.length, [term]);
  }
  return { size, df, byLength };
}

export function idf(vocabulary: Vocabulary, term: string): number {
  const df = vocabulary.df.get(term) ?? 0;
  return Math.log(1 + (vocabulary.size + 1) / (df + 0.5));
}

export interface Unit {
  /** Alternative term → factor (how much a match on it counts). */
  alternatives: Map<string, number>;
  /** The last word while typing: its stems also match as prefixes. */
  prefix: boolean;
  /** Weight of a full match (without title boost); the weight of an unseen word when nothing knows it. */
  mass: number;
}

function put(map: Map<string, number>, term: string, factor: number): void {
  if ((map.get(term) ?? 0) < factor) map.set(term, factor);
}

/** The request as weighted units; [] when it holds nothing to search for. */
export function requestUnits(vocabulary: Vocabulary, text: string): Unit[] {
  const { words, phraseConcepts } = analyse(text);
  const typing = !/[\s.,;:!?)]$/.test(text);
  const units: Unit[] = [];
  words.forEach((word, index) => {
    if (word.inPhrase || isKbStopword(word.token) || word.token.length < 2) return;
    const alternatives = new Map<string, number>();
    for (const s of word.stems) put(alternatives, s, FACTOR.stem);
    for (const c of word.concepts) put(alternatives, c, FACTOR.concept);
    for (const p of word.parts) put(alternatives, p, FACTOR.part);
    const known = [...alternatives.keys()].some((a) => vocabulary.df.has(a));
    if (!known) {
      for (const part of splitAtVocabulary(vocabulary, word.token)) for (const s of stems(part)) put(alternatives, s, FACTOR.part);
      const corrected = correctTypo(vocabulary, word.stems);
      if (corrected) put(alternatives, corrected, FACTOR.fuzzy);
    }
    const prefix = typing && index === words.length - 1 && word.token.length >= 3;
    if (prefix) put(alternatives, word.token, FACTOR.stem);
    // A word still being typed that starts some article word is not unknown, only unfinished.
    const unfinished = prefix && !known && [...vocabulary.df.keys()].some((t) => t.startsWith(word.token));
    units.push({ alternatives, prefix, mass: unfinished ? idf(vocabulary, '') / 2 : unitMass(vocabulary, alternatives) });
  });
  for (const concept of phraseConcepts) {
    const alternatives = new Map([[concept, FACTOR.concept]]);
    units.push({ alternatives, prefix: false, mass: unitMass(vocabulary, alternatives) });
  }
  return units;
}

function unitMass(vocabulary: Vocabulary, alternatives: Map<string, number>): number {
  let best = 0;
  for (const [term, factor] of alternatives) if (vocabulary.df.has(term)) best = Math.max(best, factor * idf(vocabulary, term));
  return best > 0 ? best : unknownWeight(vocabulary);
}

/** A German compound the articles do not contain, split into two words they do ("Kalenderfreigabe"). */
function splitAtVocabulary(vocabulary: Vocabulary, token: string): string[] {
  const knows = (part: string) => stems(part).some((s) => vocabulary.df.has(s));
  let best: string[] = [];
  for (let cut = 4; cut <= token.length - 4; cut++) {
    const head = token.slice(0, cut);
    let tail = token.slice(cut);
    if (!knows(tail) && /^s./.test(tail)) tail = tail.slice(1);
    if (tail.length >= 4 && knows(head) && knows(tail) && Math.min(head.length, tail.length) > Math.min(...best.map((b) => b.length), 0)) best = [head, tail];
  }
  return best;
}

/** The most frequent article term within one or two edits of a stem (transpositions count one). */
function correctTypo(vocabulary: Vocabulary, wordStems: string[]): string | undefined {
  let best: { term: string; distance: number; df: number } | undefined;
  for (const stem of wordStems) {
    if (stem.length < 5) continue;
    const max = stem.length >= 8 ? 2 : 1;
    for (let len = stem.length - max; len <= stem.length + max; len++) {
      for (const term of vocabulary.byLength.get(len) ?? []) {
        if (term[0] !== stem[0] && term[1] !== stem[1]) continue;
        const d = editDistance(stem, term, max);
        if (d > max) continue;
        const df = vocabulary.df.get(term) ?? 0;
        if (!best || d < best.distance || (d === best.distance && df > best.df)) best = { term, distance: d, df };
      }
    }
  }
  return best?.term;
}

/** Optimal-string-alignment distance, giving up (max + 1) once it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

export interface Candidate {
  id: number;
  titleTerms: string[];
  bodyTerms: string[];
}

export interface Scored {
  id: number;
  score: number;
  coverage: number;
}

/** Scores one article for the request; coverage is the share of the request's weight it matched. */
export function scoreCandidate(vocabulary: Vocabulary, units: Unit[], candidate: Candidate): Scored {
  const title = new Set(candidate.titleTerms);
  const body = new Set(candidate.bodyTerms);
  let score = 0;
  let matched = 0;
  let mass = 0;
  for (const unit of units) {
    mass += unit.mass;
    let best = 0;
    let bestPlain = 0;
    for (const [term, factor] of unit.alternatives) {
      const inTitle = title.has(term) || (unit.prefix && hasPrefix(candidate.titleTerms, term));
      const inBody = inTitle || body.has(term) || (unit.prefix && hasPrefix(candidate.bodyTerms, term));
      if (!inBody) continue;
      const weight = factor * idf(vocabulary, vocabulary.df.has(term) ? term : prefixTerm(candidate, term));
      best = Math.max(best, weight * (inTitle ? 1 + TITLE_BOOST : 1));
      bestPlain = Math.max(bestPlain, weight);
    }
    score += best;
    matched += Math.min(bestPlain, unit.mass);
  }
  return { id: candidate.id, score, coverage: mass > 0 ? matched / mass : 0 };
}

function hasPrefix(terms: string[], prefix: string): boolean {
  return prefix.length >= 3 && terms.some((t) => t.startsWith(prefix));
}

function prefixTerm(candidate: Candidate, prefix: string): string {
  return candidate.titleTerms.find((t) => t.startsWith(prefix)) ?? candidate.bodyTerms.find((t) => t.startsWith(prefix)) ?? prefix;
}

export function passesThreshold(vocabulary: Vocabulary, scored: Scored): boolean {
  return scored.score >= MIN_SCORE_SHARE * unknownWeight(vocabulary) && scored.coverage >= MIN_COVERAGE;
}

/** Every alternative of every unit: what the database is asked for (any of them). */
export function candidateTerms(units: Unit[]): Array<{ term: string; prefix: boolean }> {
  const out = new Map<string, boolean>();
  for (const unit of units) for (const term of unit.alternatives.keys()) out.set(term, (out.get(term) ?? false) || (unit.prefix && !term.startsWith(CONCEPT_PREFIX) && term.length >= 3));
  return [...out].map(([term, prefix]) => ({ term, prefix }));
}
