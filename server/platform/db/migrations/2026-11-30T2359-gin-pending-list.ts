import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * PostgreSQL's GIN indexes collect new entries in a pending list (4 MB by default) that every
 * search reads from start to end until a vacuum merges it: a word in no ticket took 74 ms with
 * a full list at 200,000 tickets against 0.3 ms after merging. A small list keeps that cost
 * small between vacuums; the merge then happens more often, in smaller steps, during inserts.
 */
const GIN_INDEXES = ['ticket_search_public', 'ticket_search_all', 'kb_search_doc'];

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  for (const index of GIN_INDEXES) await sql`ALTER INDEX ${sql.ref(index)} SET (gin_pending_list_limit = 256)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  for (const index of GIN_INDEXES) await sql`ALTER INDEX ${sql.ref(index)} RESET (gin_pending_list_limit)`.execute(db);
}
