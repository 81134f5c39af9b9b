import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { QueryTerm } from '../../platform/search/normalise.ts';
import { newestIndexed } from './pg-narrowing.ts';

/**
 * The list of the words in the ticket search documents (table ticket_search_words), so that a
 * prefix being typed is looked up as the whole words that begin with it, as a search engine
 * expands a prefix through its term dictionary.
 * - PostgreSQL: left as a prefix (`druck:*`), the GIN index collects every posting of every word
 *   under it before it intersects them with the other words or a requester's scope (58 ms for
 *   the 117,000 postings under "druck" at 1,000,000 tickets, even where nothing matches); the
 *   seven words under it, looked up whole, took 18 ms.
 * - SQLite: FTS5 reads a prefix of three or four letters from its prefix indexes as one term,
 *   newest first, and stops after a page. A longer prefix has no index: FTS5 merges the postings
 *   of every word under it into one list before it returns the first match
 *   (SQLITE_PREFIX_INDEXES in ticket-index.ts). On a synthetic index of 200,000 documents, a
 *   page for "druck*" took 9.2–10.3 ms, for its six words ORed 0.2 ms, and for "druc*" 0.1 ms;
 *   the merge grows with the table.
 *
 * The list is written with the document (indexNewTicket, appendToTicketIndex: on PostgreSQL in
 * the same statement, on SQLite those of its words that its transaction has not written yet)
 * or, after bulk writes, from the documents of a range of tickets; a word of an anonymised
 * ticket that no document holds any more is taken out (pruneSearchWords).
 * Words starting with a digit (numbers, codes: many, and rarely typed as prefixes) and the scope
 * words (ß…) are not kept; a prefix starting with a digit stays a prefix. Words in the list that
 * no document holds any more only make the expanded query longer, never wrong.
 */

/** The SQL test for a word the list keeps (the migration 2026-11-30T2359l holds a frozen copy). */
const KEPT = sql`!~ '^[0-9ß]'`;
/** Whether the list keeps a word (and so whether a prefix can be looked up in it). */
export const inWordList = (word: string) => !/^[0-9ß]/.test(word);

/** A prefix with more words than this stays a prefix: the expanded query would cost as much. */
export const MAX_EXPANSION = 64;

/** An INSERT of the words of a tsvector expression (sorted: concurrent writers lock in one order). */
export function insertWordsOf(vector: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`INSERT INTO ticket_search_words (word) SELECT DISTINCT w FROM unnest(tsvector_to_array(${vector})) AS w WHERE w ${KEPT} ORDER BY 1 ON CONFLICT DO NOTHING`;
}

/**
 * Records the words of search documents just written in bulk (bulk loads, rebuilds), their texts
 * in the index's form: on PostgreSQL read from the documents of the range of tickets they span,
 * on SQLite taken from the texts (recordWordsOf).
 */
export async function recordSearchWords(db: Executor, docs: Array<{ id: number; pub: string; internal: string }>): Promise<void> {
  if (docs.length === 0) return;
  if (dialectOf(db) === 'sqlite')
    return recordWordsOf(
      db,
      docs.flatMap((doc) => [doc.pub, doc.internal]),
    );
  const ids = docs.map((doc) => doc.id);
  await sql`INSERT INTO ticket_search_words (word)
    SELECT DISTINCT w FROM ticket_search, unnest(tsvector_to_array(public_doc || internal_doc)) AS w
    WHERE ticket_id BETWEEN ${Math.min(...ids)} AND ${Math.max(...ids)} AND w ${KEPT} ORDER BY 1 ON CONFLICT DO NOTHING`.execute(db);
}

/** The words SQLite's list has written in a transaction so far (recordWordsOf). */
const writtenIn = new WeakMap<object, Set<string>>();

/**
 * SQLite: records the words of documents as they are indexed (indexNewTicket, recordSearchWords),
 * `texts` in the index's form (indexText). Those of them that the same transaction
 * recorded already are left out, so a group-commit batch of tickets about the same things writes
 * each word once. Written at once rather than with the full-text writes at the batch's end: a
 * statement after those could make FTS5 write its pending entries out early
 * (platform/db/before-commit.ts).
 */
export async function recordWordsOf(db: Executor, texts: string[]): Promise<void> {
  const written = db.isTransaction ? (writtenIn.get(db) ?? new Set<string>()) : new Set<string>();
  if (db.isTransaction) writtenIn.set(db, written);
  const fresh = new Set<string>();
  for (const text of texts) for (const word of text.split(' ')) if (word && inWordList(word) && !written.has(word)) fresh.add(word);
  if (fresh.size === 0) return;
  await sql`INSERT OR IGNORE INTO ticket_search_words (word) SELECT value FROM json_each(${JSON.stringify([...fresh])})`.execute(db);
  for (const word of fresh) written.add(word);
}

/**
 * After a ticket's document was written anew (anonymising): takes out those of its former words
 * that it lost and no other search document holds. One statement per lost word, with the word
 * in its text: planned for that word, a common one is found by reading a few rows and a rare one
 * through the GIN index. Planned for any word (one statement for all), each took a bitmap of all
 * its postings: 5.4 s for the 83 words of one ticket at 1,000,000 tickets, 23 ms this way.
 */
export async function pruneSearchWords(db: Executor, ticketId: number, formerWords: string[]): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const still = new Set(await wordsOfDocument(db, ticketId));
  for (const word of new Set(formerWords)) {
    if (!inWordList(word) || still.has(word)) continue;
    const heldElsewhere = sqlite
      ? sql`SELECT 1 FROM ticket_fts WHERE ticket_fts MATCH ${`"${word}"`}`
      : sql`SELECT 1 FROM ticket_search WHERE (public_doc || internal_doc) @@ ${sql.lit(lexeme(word))}::tsquery`;
    await sql`DELETE FROM ticket_search_words WHERE word = ${word} AND NOT EXISTS (${heldElsewhere})`.execute(db);
  }
}

/** The words of a ticket's search documents, public and internal (none without a document). */
export async function wordsOfDocument(db: Executor, ticketId: number): Promise<string[]> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ text: string }>`SELECT public_text || ' ' || internal_text AS text FROM ticket_fts WHERE rowid = ${ticketId}`.execute(db);
    return rows[0]?.text.split(' ') ?? [];
  }
  const { rows } = await sql<{ words: string[] }>`SELECT tsvector_to_array(public_doc || internal_doc) AS words FROM ticket_search WHERE ticket_id = ${ticketId}`.execute(db);
  return rows[0]?.words ?? [];
}

/** A word as a tsquery operand. */
export function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * SQLite: the words that begin with each prefix, at most MAX_EXPANSION + 1 of each (more means
 * too many to expand), read in one statement.
 */
export async function wordsBeginningWith(db: Executor, prefixes: string[]): Promise<Map<string, string[]>> {
  const words = new Map<string, string[]>(prefixes.map((p) => [p, []]));
  if (prefixes.length === 0) return words;
  // U+10FFFF after the prefix: in byte order the end of the range of words beginning with it.
  const ranges = prefixes.map(
    (prefix) => sql`SELECT * FROM (SELECT ${prefix} AS prefix, word FROM ticket_search_words WHERE word >= ${prefix} AND word < ${`${prefix}\u{10FFFF}`} ORDER BY word LIMIT ${MAX_EXPANSION + 1})`,
  );
  const { rows } = await sql<{ prefix: string; word: string }>`${sql.join(ranges, sql` UNION ALL `)}`.execute(db);
  for (const row of rows) words.get(row.prefix)!.push(row.word);
  return words;
}

/**
 * The terms' tsquery operands: a prefix alternative becomes the words that begin with it, where
 * there are at most MAX_EXPANSION; none means no document holds such a word (the operand is
 * then the alternative as a whole word, which matches nothing either). One query for all prefixes.
 */
export async function expandedTermQueries(db: Executor, terms: QueryTerm[]): Promise<string[]> {
  return (await expandTerms(db, terms, false)).termQueries;
}

/**
 * The terms' operands (expandedTermQueries) and, where `withNewest`, the newest ticket in the
 * search index (newestIndexed) read in the same statement: a round trip less for a search that
 * sizes its narrowing by the table.
 */
export async function expandTerms(db: Executor, terms: QueryTerm[], withNewest: boolean): Promise<{ termQueries: string[]; newest?: number }> {
  const prefixes = [...new Set(terms.flatMap((t) => (t.prefix ? t.alternatives.filter(inWordList) : [])))];
  const words = new Map<string, string[]>(prefixes.map((p) => [p, []]));
  let newest: number | undefined;
  if (prefixes.length > 0) {
    // U+10FFFF after the prefix: under "C" collation the end of the range of words beginning with it.
    const expanded = sql`SELECT p.prefix, w.word FROM unnest(${prefixes}::text[]) AS p(prefix)
      CROSS JOIN LATERAL (SELECT word FROM ticket_search_words WHERE word >= p.prefix COLLATE "C" AND word < (p.prefix || chr(1114111)) COLLATE "C"
        ORDER BY word LIMIT ${MAX_EXPANSION + 1}) AS w`;
    const { rows } = withNewest
      ? await sql<{ newest: number | null; prefix: string | null; word: string | null }>`SELECT n.newest, e.prefix, e.word
          FROM (SELECT max(ticket_id) AS newest FROM ticket_search) AS n LEFT JOIN LATERAL (${expanded}) AS e ON true`.execute(db)
      : await sql<{ newest?: undefined; prefix: string; word: string }>`${expanded}`.execute(db);
    for (const row of rows) {
      if (withNewest) newest = Number(row.newest ?? 0);
      if (row.prefix !== null && row.word !== null) words.get(row.prefix)!.push(row.word);
    }
  } else if (withNewest) {
    newest = await newestIndexed(db);
  }
  const termQueries = terms.map((t) => {
    const operands = t.alternatives.flatMap((a) => {
      if (!t.prefix) return [lexeme(a)];
      const found = words.get(a);
      if (!found || found.length > MAX_EXPANSION) return [`${lexeme(a)}:*`];
      return found.length === 0 ? [lexeme(a)] : found.map(lexeme);
    });
    return `(${[...new Set(operands)].join(' | ')})`;
  });
  return { termQueries, newest };
}
