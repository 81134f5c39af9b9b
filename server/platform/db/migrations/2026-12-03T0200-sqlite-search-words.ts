import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * SQLite gets the list of the words in the ticket search index that PostgreSQL has had since
 * 2026-11-30T2359l (modules/tickets/search-words.ts): a prefix longer than FTS5's prefix indexes
 * (four letters) is looked up as the words that begin with it. The list is filled from the index's
 * own terms, with the rule of the list (this frozen copy must follow it): none starting with a
 * digit or with ß (the scope words). WITHOUT ROWID: a prefix's words are a range of the key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`CREATE TABLE ticket_search_words (word TEXT PRIMARY KEY) WITHOUT ROWID`.execute(db);
  await sql`CREATE VIRTUAL TABLE temp.ticket_fts_terms USING fts5vocab(main, ticket_fts, row)`.execute(db);
  await sql`INSERT INTO ticket_search_words (word) SELECT term FROM temp.ticket_fts_terms WHERE term NOT GLOB '[0-9]*' AND term NOT GLOB 'ß*'`.execute(db);
  await sql`DROP TABLE temp.ticket_fts_terms`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`DROP TABLE ticket_search_words`.execute(db);
}
