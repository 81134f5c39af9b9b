import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * PostgreSQL only: the words of the ticket search documents (modules/tickets/search-words.ts,
 * whose rule for which words are kept this frozen copy must follow: none starting with a digit
 * or ß). A prefix being typed is expanded into the words that begin with it, which the GIN index
 * looks up as whole words instead of collecting every posting under the prefix. "C" collation:
 * a prefix's words are a range of the primary key. SQLite's full-text index has prefix indexes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  await sql`CREATE TABLE ticket_search_words (word text COLLATE "C" PRIMARY KEY)`.execute(db);
  await sql`INSERT INTO ticket_search_words (word)
    SELECT word FROM ts_stat('SELECT public_doc || internal_doc FROM ticket_search') WHERE word !~ '^[0-9ß]'
    ORDER BY word ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  await sql`DROP TABLE ticket_search_words`.execute(db);
}
