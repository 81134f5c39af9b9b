import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Executor } from '../../platform/db/database.ts';
import { articleIndexText } from './kb-text.ts';
import { buildVocabulary, type Candidate, type Vocabulary } from './kb-ranker.ts';

/**
 * The article search index: the analysed title (with tags) and body of each article. SQLite
 * keeps them in FTS5 (kb_fts, rowid = article id), PostgreSQL in kb_search (a tsvector with the
 * title weighted A, GIN-indexed, plus the texts for re-ranking). The database finds and
 * pre-ranks the candidates; kb-ranker.ts scores them.
 */
export async function writeArticleIndex(db: Executor, articleId: number, title: string, body: string, tags: string[]): Promise<void> {
  const titleText = articleIndexText([title, ...tags].join('\n'));
  const bodyText = articleIndexText(body);
  if (dialectOf(db) === 'sqlite') {
    await sql`DELETE FROM kb_fts WHERE rowid = ${articleId}`.execute(db);
    await sql`INSERT INTO kb_fts (rowid, title_text, body_text) VALUES (${articleId}, ${titleText}, ${bodyText})`.execute(db);
  } else {
    await sql`INSERT INTO kb_search (article_id, title_text, body_text, doc)
      VALUES (${articleId}, ${titleText}, ${bodyText}, setweight(to_tsvector('simple', ${titleText}), 'A') || setweight(to_tsvector('simple', ${bodyText}), 'B'))
      ON CONFLICT (article_id) DO UPDATE SET title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text, doc = EXCLUDED.doc`.execute(db);
  }
}

/**
 * Up to `limit` candidates containing any of the terms, best first by the database's own
 * ranking (bm25 / ts_rank), among the articles `visible` lets through.
 */
export async function findCandidates(db: Executor, terms: Array<{ term: string; prefix: boolean }>, visible: RawBuilder<SqlBool>, limit: number): Promise<Candidate[]> {
  const safe = terms.filter((t) => /^[\p{L}\p{N}]+$/u.test(t.term));
  if (safe.length === 0) return [];
  let rows: Array<{ id: number; title_text: string; body_text: string }>;
  if (dialectOf(db) === 'sqlite') {
    const match = safe.map((t) => `"${t.term}"${t.prefix ? '*' : ''}`).join(' OR ');
    rows = (
      await sql<{ id: number; title_text: string; body_text: string }>`SELECT kb_articles.id AS id, kb_fts.title_text AS title_text, kb_fts.body_text AS body_text
        FROM kb_fts JOIN kb_articles ON kb_articles.id = kb_fts.rowid
        WHERE kb_fts MATCH ${match} AND ${visible}
        ORDER BY bm25(kb_fts, 3.0, 1.0) LIMIT ${limit}`.execute(db)
    ).rows;
  } else {
    const query = safe.map((t) => `'${t.term}'${t.prefix ? ':*' : ''}`).join(' | ');
    rows = (
      await sql<{ id: number; title_text: string; body_text: string }>`SELECT kb_articles.id AS id, kb_search.title_text AS title_text, kb_search.body_text AS body_text
        FROM kb_search JOIN kb_articles ON kb_articles.id = kb_search.article_id
        WHERE kb_search.doc @@ to_tsquery('simple', ${query}) AND ${visible}
        ORDER BY ts_rank(kb_search.doc, to_tsquery('simple', ${query})) DESC, kb_articles.id LIMIT ${limit}`.execute(db)
    ).rows;
  }
  return rows.map((r) => ({ id: Number(r.id), titleTerms: r.title_text.split(' '), bodyTerms: r.body_text.split(' ') }));
}

/**
 * Document frequencies over every indexed article, rebuilt when the articles change (checked
 * with one small query per request, so several processes stay in step).
 */
const vocabularies = new WeakMap<object, { signature: string; vocabulary: Vocabulary }>();

export async function loadVocabulary(db: Executor): Promise<Vocabulary> {
  const stamp = await db
    .selectFrom('kb_articles')
    .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)`.as('latest'), sql<number | null>`max(id)`.as('top')])
    .executeTakeFirstOrThrow();
  const signature = `${stamp.n}|${stamp.latest}|${stamp.top}`;
  // Keyed by the database's adapter, which its transactions share: a subscriber's transaction
  // (the receipt mail's articles) finds the vocabulary built for the database.
  const key = db.getExecutor().adapter as object;
  const cached = vocabularies.get(key);
  if (cached?.signature === signature) return cached.vocabulary;
  const table = dialectOf(db) === 'sqlite' ? sql`kb_fts` : sql`kb_search`;
  const rows = (await sql<{ title_text: string; body_text: string }>`SELECT title_text, body_text FROM ${table}`.execute(db)).rows;
  const vocabulary = buildVocabulary(rows.map((r) => `${r.title_text} ${r.body_text}`.split(' ').filter(Boolean)));
  vocabularies.set(key, { signature, vocabulary });
  return vocabulary;
}
