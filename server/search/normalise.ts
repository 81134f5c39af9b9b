import snowball from 'snowball-stemmers';

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
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // The transliterated spellings ae/oe/ue mean ä/ö/ü; fold them the same way. Applied to
    // index and query alike, so words that merely contain "ue" still meet themselves.
    .replace(/([a-z])(a|o|u)e/g, '$1$2');
}

export function tokenize(text: string): string[] {
  const tokens = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return tokens.filter((t) => t.length <= MAX_TOKEN);
}

/** The distinct stems of one token (German and English agree for most words). */
export function stems(token: string): string[] {
  if (/^\d+$/.test(token)) return [token];
  const de = german.stem(token);
  const en = english.stem(token);
  return de === en ? [de] : [de, en];
}

/** Text to store in the index: every token's stems, space separated. */
export function indexText(text: string): string {
  const out: string[] = [];
  for (const token of tokenize(text)) out.push(...stems(token));
  return out.join(' ');
}

/**
 * A query as groups of alternatives: every group must match (AND), any stem within a group
 * may match (OR). Each stem is matched as a prefix, which serves typing ("Outl" → Outlook)
 * and inflected forms alike. Returns [] when the text has no searchable token.
 */
export function queryTerms(text: string): string[][] {
  const groups: string[][] = [];
  for (const token of tokenize(text).slice(0, 12)) {
    // Prefix stems for short tokens still help while typing; the raw token is kept as an
    // alternative because the stemmer may cut a prefix shorter than what was typed.
    const alternatives = new Set<string>([...stems(token), token]);
    // Drop alternatives that another alternative already covers as a prefix.
    const sorted = [...alternatives].sort((a, b) => a.length - b.length);
    const kept = sorted.filter((a, i) => !sorted.slice(0, i).some((b) => a.startsWith(b)));
    groups.push(kept);
  }
  return groups;
}
