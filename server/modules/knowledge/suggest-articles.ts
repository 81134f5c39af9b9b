import type { Executor } from '../../platform/db/database.ts';
import { withSearchBudget } from '../../platform/search/search-budget.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { findCandidates, loadVocabulary } from './kb-index.ts';
import { candidateTerms, passesThreshold, requestUnits, type Scored, scoreCandidate } from './kb-ranker.ts';
import { visibleArticles } from './knowledge.policy.ts';
import { loadArticlesByIds } from './knowledge.queries.ts';
import type { ArticleRow } from './knowledge.presenter.ts';

/** How many database candidates are re-ranked: enough for recall, few enough to stay fast at 10,000 articles. */
const CANDIDATES = 80;

export interface RankedArticles {
  rows: ArticleRow[];
  scores: Map<number, number>;
}

/**
 * Articles the caller may see that answer a request text, best first, one per translation
 * group (the caller's language first when both match equally well). `suggest` applies the score
 * threshold and takes only published articles; a search (`suggest: false`) lists every match.
 */
export async function rankArticles(
  db: Executor,
  actor: Actor | null,
  text: string,
  options: { limit: number; suggest: boolean; locale?: string | undefined; filter?: (row: ArticleRow) => boolean },
): Promise<RankedArticles> {
  // The index is read under the search time budget (the vocabulary comes from it, too).
  const found = await withSearchBudget(db, async (trx) => {
    const vocabulary = await loadVocabulary(trx);
    // No article at all (a new installation, the receipt of every new ticket): nothing to analyse.
    const units = vocabulary.size === 0 ? [] : requestUnits(vocabulary, text);
    if (units.length === 0) return undefined;
    return { vocabulary, units, candidates: await findCandidates(trx, candidateTerms(units), visibleArticles(actor, { publishedOnly: options.suggest }), CANDIDATES) };
  });
  if (!found) return { rows: [], scores: new Map() };
  const { vocabulary, units, candidates } = found;
  let scored: Scored[] = candidates.map((c) => scoreCandidate(vocabulary, units, c)).filter((s) => s.score > 0);
  if (options.suggest) scored = scored.filter((s) => passesThreshold(vocabulary, s));
  scored.sort((a, b) => b.score - a.score || a.id - b.id);
  const rows = await loadArticlesByIds(
    db,
    scored.map((s) => s.id),
  );
  const scoreOf = new Map(scored.map((s) => [s.id, s.score]));
  const locale = options.locale ?? actor?.locale ?? undefined;
  const best = new Map<number, ArticleRow>();
  for (const row of rows) {
    if (options.filter && !options.filter(row)) continue;
    const group = row.translation_of ?? row.id;
    const kept = best.get(group);
    // Translations say the same: keep the better match, or the reader's language on a near tie.
    if (!kept || preferred(row, kept, scoreOf, locale)) best.set(group, row);
  }
  const ordered = [...best.values()].sort((a, b) => scoreOf.get(b.id)! - scoreOf.get(a.id)! || a.id - b.id).slice(0, options.limit);
  return { rows: ordered, scores: scoreOf };
}

function preferred(row: ArticleRow, kept: ArticleRow, scoreOf: Map<number, number>, locale: string | undefined): boolean {
  const a = scoreOf.get(row.id)!;
  const b = scoreOf.get(kept.id)!;
  if (locale && row.locale !== kept.locale && Math.abs(a - b) <= 0.25 * Math.max(a, b)) return row.locale === locale;
  return a > b;
}

/**
 * Suggestions for someone not signed in, such as the receipt mail of a new ticket: published
 * public articles only, above the score threshold, one per translation group.
 */
export async function suggestPublicArticles(db: Executor, text: string, options: { limit: number; locale: string }): Promise<Array<{ title: string; slug: string }>> {
  const ranked = await rankArticles(db, null, text, { limit: options.limit, suggest: true, locale: options.locale });
  return ranked.rows.map((r) => ({ title: r.title, slug: r.slug }));
}

/**
 * True when no article is indexed at all (a new installation): nothing can be suggested, and a
 * caller with many requests (the receipts of a chunk of new tickets) asks once instead of each.
 */
export async function knowledgeIndexEmpty(db: Executor): Promise<boolean> {
  return (await loadVocabulary(db)).size === 0;
}
