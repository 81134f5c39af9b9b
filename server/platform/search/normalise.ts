import snowball from 'snowball-stemmers';
import { remembered } from '../remembered.ts';

/**
 * The one text pipeline for indexing and querying, identical on SQLite and PostgreSQL:
 * fold case, umlauts and ß (so zurücksetzen = zuruecksetzen = zurucksetzen), split into
 * tokens, and stem each token with both the German and the English Snowball stemmer.
 */
const german = snowball.newStemmer('german');
const english = snowball.newStemmer('english');

const MAX_TOKEN = 40;

/** Lower-cases and folds German letters and other diacritics to plain ASCII where possible. */
export function fold(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      // The transliterated spellings ae/oe/ue mean ä/ö/ü; fold them the same way. Applied to
      // index and query alike, so words that merely contain "ue" still meet themselves.
      .replace(/([a-z])(a|o|u)e/g, '$1$2')
  );
}

export function tokenize(text: string): string[] {
  const tokens = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return tokens.filter((t) => t.length <= MAX_TOKEN);
}

/** The distinct stems of one token (German and English agree for most words). */
export function stems(token: string): string[] {
  if (/^\d+$/.test(token)) return [token];
  return stemsOf(token, () => {
    const de = german.stem(token);
    const en = english.stem(token);
    return de === en ? [de] : [de, en];
  });
}
/** Words repeat a lot and the Snowball stemmers are the slowest step of indexing. */
const stemsOf = remembered<string, string[]>(50_000);

/** Text to store in the index: every token's stems, space separated. */
export function indexText(text: string): string {
  const out: string[] = [];
  for (const token of tokenize(text)) out.push(...stems(token));
  return out.join(' ');
}

/** One query word: any of its alternatives may match, as a prefix or as a whole index term. */
export interface QueryTerm {
  alternatives: string[];
  prefix: boolean;
}

/**
 * Frequent German and English words that carry no meaning for "similar tickets" (any-word
 * matching); all-word search keeps them, since requiring them costs nothing.
 */
const STOPWORDS = new Set(
  (
    'der die das den dem des ein eine einer eines einem einen und oder aber nicht kein keine ist sind war wird werden hat haben ' +
    'ich du er sie es wir ihr mein meine mir mich uns bei mit von vom zu zum zur im in an am auf aus fur nach seit um wie was ' +
    'wenn dass noch auch nur schon mehr sehr bitte hallo danke the a an and or but not no is are was were be been has have had ' +
    'i you he she it we they my me our with from to for of on at in by as this that there please hello thanks can cannot do does'
  )
    .split(' ')
    .map((w) => fold(w)),
);

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/**
 * The shortest last word that is expanded as a prefix. A shorter one ("Ordner auf S:", the "t"
 * of "can't") would expand to a large part of the index and take seconds; it is matched as a
 * whole word instead.
 */
export const MIN_PREFIX = 3;

/**
 * A query as terms: every word's German and English stems. Whole words match their stems
 * exactly (the index holds both stems of every word, so inflected forms meet); the last word
 * is matched as a prefix, because it may still be being typed ("Outl" → Outlook), when it has
 * at least MIN_PREFIX letters. Single letters carry no meaning in a query and are left out
 * (single digits stay: "2. Stock"). Returns [] when the text has no searchable word.
 */
export function queryTerms(text: string): QueryTerm[] {
  const all = tokenize(text);
  // Only the word being typed (the last one) is a prefix; where it is too short to search
  // ("Ordner auf S"), the word before it was finished and stays a whole word.
  const typed = all.length - 1;
  const tokens = all
    .map((token, index) => ({ token, last: index === typed }))
    .filter(({ token }) => token.length > 1 || /\d/.test(token))
    .slice(0, 12);
  return tokens.map(({ token, last }) => {
    if (!last || token.length < MIN_PREFIX) return { alternatives: stems(token), prefix: false };
    // The raw token is an alternative too, because the stemmer may cut a prefix shorter than
    // what was typed; alternatives that another one already covers as a prefix are dropped,
    // and none shorter than MIN_PREFIX is expanded.
    const sorted = [...new Set([...stems(token), token])].filter((a) => a.length >= MIN_PREFIX).sort((a, b) => a.length - b.length);
    return { alternatives: sorted.filter((a, i) => !sorted.slice(0, i).some((b) => a.startsWith(b))), prefix: true };
  });
}
