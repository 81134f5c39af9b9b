import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { QueryTerm } from '../../platform/search/normalise.ts';
import { newestIndexed } from './pg-narrowing.ts';

/**
 * PostgreSQL's list of the words in the ticket search documents (table ticket_search_words), so
 * that a prefix being typed is looked up as the whole words that begin with it, as a search
 * engine expands a prefix through its term dictionary. Left as a prefix (`druck:*`), the GIN
 * index collects every posting of every word under it before it intersects them with the other
 * words or a requester's scope (58 ms for the 117,000 postings under "druck" at 1,000,000
 * tickets, even where nothing matches); the seven words under it, looked up whole, took 18 ms.
 *
 * The list is written in the same statement as the document (indexNewTicket,
 * appendToTicketIndex) or, after bulk writes, from the documents of a range of tickets; a word
 * of an anonymised ticket that no document holds any more is taken out (pruneSearchWords).
 * Words starting with a digit (numbers, codes: many, and rarely typed as prefixes) and the scope
 * words (ß…) are not kept; a prefix starting with a digit stays a prefix. Words in the list that
 * no document holds any more only make the expanded query longer, never wrong.
 */

/** The SQL test for a word the list keeps (the migration 2026-11-30T2359l holds a frozen copy). */
const KEPT = sql`!~ '^[0-9ß]'`;
const kept = (word: string) => !/^[0-9ß]/.test(word);

/** A prefix with more words than this stays a prefix: the expanded query would cost as much. */
export const MAX_EXPANSION = 64;

/** An INSERT of the words of a tsvector expression (sorted: concurrent writers lock in one order). */
export function insertWordsOf(vector: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`INSERT INTO ticket_search_words (word) SELECT DISTINCT w FROM unnest(tsvector_to_array(${vector})) AS w WHERE w ${KEPT} ORDER BY 1 ON CONFLICT DO NOTHING`;
}

/** Records the words of the search documents of tickets fromId..toId (bulk loads, rebuilds). */
export async function recordSearchWords(db: Executor, fromId: number, toId: number): Promise<void> {
  await sql`INSERT INTO ticket_search_words (word)
    SELECT DISTINCT w FROM ticket_search, unnest(tsvector_to_array(public_doc || internal_doc)) AS w
    WHERE ticket_id BETWEEN ${fromId} AND ${toId} AND w ${KEPT} ORDER BY 1 ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * After a ticket's document was written anew (anonymising): takes out those of its former words
 * that it lost and no other search document holds. One statement per lost word, with the word
 * in its text: planned for that word, a common one is found by reading a few rows and a rare one
 * through the GIN index. Planned for any word (one statement for all), each took a bitmap of all
 * its postings: 5.4 s for the 83 words of one ticket at 1,000,000 tickets, 23 ms this way.
 */
export async function pruneSearchWords(db: Executor, ticketId: number, formerWords: string[]): Promise<void> {
  const { rows } = await sql<{ words: string[] }>`SELECT tsvector_to_array(public_doc || internal_doc) AS words FROM ticket_search WHERE ticket_id = ${ticketId}`.execute(db);
  const still = new Set(rows[0]?.words ?? []);
  for (const word of new Set(formerWords)) {
    if (!kept(word) || still.has(word)) continue;
    await sql`DELETE FROM ticket_search_words WHERE word = ${word}
      AND NOT EXISTS (SELECT 1 FROM ticket_search WHERE (public_doc || internal_doc) @@ ${sql.lit(lexeme(word))}::tsquery)`.execute(db);
  }
}

/** A word as a tsquery operand. */
export function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
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
  const prefixes = [...new Set(terms.flatMap((t) => (t.prefix ? t.alternatives.filter(kept) : [])))];
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
