import { fold, isStopword, stems } from '../../platform/search/normalise.ts';
import { conceptsOfWord, splitAtLexicon } from '../knowledge/kb-text.ts';

/**
 * Groups short texts (a ticket's subject and first message) that describe the same problem.
 * Pure and deterministic, so the thresholds are tested on realistic German and English tickets.
 *
 * - Words go through the search pipeline (fold umlauts and case, Snowball stems: the shorter
 *   of the German and English one); stop words and numbers (ticket numbers, dates, room
 *   numbers) are left out. Words of the knowledge base's German/English IT vocabulary and a
 *   few symptoms become their concept, so "Kennwort" meets "password" and "bricht ab" meets
 *   "keeps dropping".
 * - A rare word one typing error away from a word other texts use ("Druker", "Passwrot") is
 *   read as that word, found through single-deletion variants rather than comparing all pairs.
 * - Each text becomes a TF-IDF vector (subject words count twice); words in more than half of
 *   the texts mean nothing here and are dropped, words only one text has stay in the length, so
 *   "Drucker: Toner bestellen" stays apart from "Drucker druckt nicht".
 * - Texts join the most similar cluster by cosine to its centre when it is at least
 *   `threshold` and they share at least two significant words with it; comparing with the
 *   centre (not with any one member) keeps chains of look-alikes from merging problems.
 */
export interface ClusterInput {
  id: number;
  subject: string;
  body: string;
}

export interface Cluster {
  /** The subject of the member closest to the cluster's centre. */
  label: string;
  ids: number[];
}

export interface ClusterOptions {
  threshold?: number;
  minSize?: number;
}

const SUBJECT_WEIGHT = 2;
const MIN_SHARED_TERMS = 2;
/** Words of the IT vocabulary (printer, VPN, password, locked) say more about the problem than others. */
const CONCEPT_WEIGHT = 2;

/** Extra words that say nothing about the problem in help-desk mail. */
const NOISE = new Set(
  [
    'gruss',
    'grusse',
    'freundlichen',
    'freundliche',
    'viele',
    'vielen',
    'dank',
    'guten',
    'tag',
    'morgen',
    'liebe',
    'lieber',
    'sehr',
    'geehrte',
    'geehrter',
    'damen',
    'herren',
    'hi',
    'dear',
    'regards',
    'best',
    'kind',
    'thank',
    'thanks',
    'team',
    'problem',
    'probleme',
    'issue',
    'frage',
    'anfrage',
    'request',
    'help',
    'hilfe',
    'seit',
    'heute',
    'gestern',
    'today',
    'yesterday',
    'mal',
    'immer',
    'wieder',
    'again',
    'still',
    'get',
    'habe',
    'kann',
    'konnen',
    'geht',
    'gibt',
    'will',
    'would',
    'could',
    'just',
    'all',
    'any',
    'some',
    'meinem',
    'meinen',
    'meiner',
    'ihre',
    'ihrem',
    'your',
    'when',
    'what',
    'since',
    'after',
    'nachdem',
    'beim',
    'dann',
    'jetzt',
    'now',
    'via',
    'neu',
    'neue',
    'neuen',
    'neuer',
    'neues',
    'new',
    'brauchen',
    'brauche',
    'need',
    'fast',
    'ganz',
    'really',
  ].map(fold),
);

function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const token = fold(raw);
    if (token.length < 3 || token.length > 40 || /\d/.test(token) || isStopword(token) || NOISE.has(token)) continue;
    out.push(token);
  }
  return out;
}

function deletions(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) out.push(token.slice(0, i) + token.slice(i + 1));
  return out;
}

/** Maps a rare word (one text) to a common one at most one edit away: deletion, insertion, substitution, swap of neighbours. */
function typoFixes(documentFrequency: Map<string, number>): Map<string, string> {
  const common = [...documentFrequency.entries()].filter(([t, n]) => n >= 2 && t.length >= 4);
  const byVariant = new Map<string, string>();
  const prefer = (variant: string, token: string) => {
    const seen = byVariant.get(variant);
    if (!seen || (documentFrequency.get(token) ?? 0) > (documentFrequency.get(seen) ?? 0)) byVariant.set(variant, token);
  };
  for (const [token] of common) {
    prefer(token, token);
    for (const d of deletions(token)) prefer(d, token);
  }
  const fixes = new Map<string, string>();
  for (const [token, n] of documentFrequency) {
    if (n !== 1 || token.length < 5) continue;
    const candidates = [byVariant.get(token), ...deletions(token).map((d) => byVariant.get(d))];
    const best = candidates.find((c): c is string => c !== undefined && c !== token && Math.abs(c.length - token.length) <= 1);
    if (best) fixes.set(token, best);
  }
  return fixes;
}

/** One term per word: the shorter of its German and English stems (Drucker, drucken → druck; printer, printing → print). */
function termOf(token: string): string {
  return stems(token).reduce((a, b) => (b.length < a.length ? b : a));
}

/**
 * What goes wrong, in German and English: the knowledge base's vocabulary names the things
 * (VPN, printer, password); tickets about the same thing differ by the symptom, and the same
 * symptom is said in many ways ("bricht ab", "trennt sich", "keeps dropping").
 */
const SYMPTOM_LINES: Array<[string, string]> = [
  ['disconnect', 'bricht abbruch abbrechen abgebrochen trennt getrennt trennen unterbrochen unterbrechung drop drops dropping dropped disconnect disconnects disconnected disconnecting'],
  ['slow', 'langsam lahm trage slow sluggish'],
  ['crash', 'absturz sturzt abgesturzt crash crashes crashed friert eingefroren freezes frozen'],
  ['start', 'startet starten start starts starting'],
  ['error', 'fehler fehlermeldung error errors'],
];
const SYMPTOMS = new Map(SYMPTOM_LINES.flatMap(([concept, words]) => words.split(' ').map((w) => [fold(w), `symptom-${concept}`] as const)));

/**
 * A word's terms: its concept in the knowledge base's German/English IT vocabulary where it has
 * one (Kennwort, Passwort, password → password; Verbindung, connection → network), also for a
 * compound's known part (Druckerwarteschlange, Verbindungsabbruch), else its stem.
 */
function termsOf(token: string): string[] {
  const symptom = SYMPTOMS.get(token);
  if (symptom) return [`=${symptom}`];
  const concepts = conceptsOfWord(token);
  if (concepts.length > 0) return concepts.map((c) => `=${c}`);
  const parts = splitAtLexicon(token);
  if (parts.length > 0) return parts.flatMap((part) => (conceptsOfWord(part).length > 0 ? conceptsOfWord(part).map((c) => `=${c}`) : [termOf(part)]));
  return [termOf(token)];
}

type Vector = Map<string, number>;

function norm(v: Vector): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
}

export function clusterTexts(inputs: ClusterInput[], options: ClusterOptions = {}): Cluster[] {
  const threshold = options.threshold ?? 0.5;
  const minSize = options.minSize ?? 2;
  const docs = inputs.map((input) => ({ input, subject: words(input.subject), body: words(input.body) }));

  const tokenFrequency = new Map<string, number>();
  for (const d of docs) for (const t of new Set([...d.subject, ...d.body])) tokenFrequency.set(t, (tokenFrequency.get(t) ?? 0) + 1);
  const fixes = typoFixes(tokenFrequency);

  // Terms: the stems of the (corrected) words; counted per text.
  const termCounts = docs.map((d) => {
    const counts = new Map<string, number>();
    const add = (tokens: string[], weight: number) => {
      for (const t of tokens) for (const term of termsOf(fixes.get(t) ?? t)) counts.set(term, (counts.get(term) ?? 0) + weight);
    };
    add(d.subject, SUBJECT_WEIGHT);
    add(d.body, 1);
    return counts;
  });
  const df = new Map<string, number>();
  for (const counts of termCounts) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  const tooCommon = (term: string) => n >= 10 && (df.get(term) ?? 0) > n / 2;

  const vectors: Vector[] = termCounts.map((counts) => {
    const v: Vector = new Map();
    for (const [term, count] of counts) {
      if (tooCommon(term)) continue;
      const vocabulary = term.startsWith('=') ? CONCEPT_WEIGHT : 1;
      v.set(term, vocabulary * (1 + Math.log(count)) * Math.log(1 + n / (df.get(term) ?? 1)));
    }
    const length = norm(v) || 1;
    for (const [term, w] of v) v.set(term, w / length);
    return v;
  });

  // Leader clustering against centres (sums of member vectors), oldest text first.
  interface Group {
    sum: Vector;
    members: number[];
  }
  const groups: Group[] = [];
  const groupsWithTerm = new Map<string, Set<number>>();
  const order = docs.map((_, i) => i).sort((a, b) => (docs[a]?.input.id ?? 0) - (docs[b]?.input.id ?? 0));
  for (const i of order) {
    const v = vectors[i] ?? new Map<string, number>();
    const dots = new Map<number, { dot: number; shared: number }>();
    for (const [term, w] of v) {
      for (const g of groupsWithTerm.get(term) ?? []) {
        const group = groups[g];
        if (!group) continue;
        const acc = dots.get(g) ?? { dot: 0, shared: 0 };
        acc.dot += w * (group.sum.get(term) ?? 0);
        if ((df.get(term) ?? 0) >= 2) acc.shared += 1;
        dots.set(g, acc);
      }
    }
    let best = -1;
    let bestScore = 0;
    for (const [g, acc] of dots) {
      const group = groups[g];
      if (!group || acc.shared < MIN_SHARED_TERMS) continue;
      const score = acc.dot / (norm(group.sum) || 1);
      if (score >= threshold && score > bestScore) {
        best = g;
        bestScore = score;
      }
    }
    if (best < 0) {
      best = groups.length;
      groups.push({ sum: new Map(), members: [] });
    }
    const group = groups[best] as Group;
    group.members.push(i);
    for (const [term, w] of v) {
      group.sum.set(term, (group.sum.get(term) ?? 0) + w);
      let set = groupsWithTerm.get(term);
      if (!set) groupsWithTerm.set(term, (set = new Set()));
      set.add(best);
    }
  }

  // A second pass: clusters that grew apart only because of the order the texts came in (same
  // problem, differently worded first tickets) join when their centres are as similar.
  const big = groups.filter((g) => g.members.length >= minSize).sort((a, b) => b.members.length - a.members.length);
  for (let a = 0; a < big.length; a++) {
    const into = big[a] as Group;
    for (let b = a + 1; b < big.length; b++) {
      const from = big[b] as Group;
      if (from.members.length === 0 || into.members.length === 0) continue;
      let dot = 0;
      let shared = 0;
      for (const [term, w] of from.sum) {
        const other = into.sum.get(term);
        if (other === undefined) continue;
        dot += w * other;
        if ((df.get(term) ?? 0) >= 2) shared += 1;
      }
      if (shared < MIN_SHARED_TERMS || dot / ((norm(into.sum) || 1) * (norm(from.sum) || 1)) < threshold) continue;
      into.members.push(...from.members);
      for (const [term, w] of from.sum) into.sum.set(term, (into.sum.get(term) ?? 0) + w);
      from.members = [];
    }
  }

  const clusters: Cluster[] = [];
  for (const group of groups) {
    if (group.members.length < minSize) continue;
    const centreLength = norm(group.sum) || 1;
    let representative = group.members[0] as number;
    let closest = -1;
    for (const m of group.members) {
      let dot = 0;
      for (const [term, w] of vectors[m] ?? []) dot += w * (group.sum.get(term) ?? 0);
      if (dot / centreLength > closest) {
        closest = dot / centreLength;
        representative = m;
      }
    }
    const ids = group.members.map((m) => docs[m]?.input.id ?? 0).sort((a, b) => b - a);
    clusters.push({ label: docs[representative]?.input.subject.trim() ?? '', ids });
  }
  return clusters.sort((a, b) => b.ids.length - a.ids.length || (b.ids[0] ?? 0) - (a.ids[0] ?? 0));
}
