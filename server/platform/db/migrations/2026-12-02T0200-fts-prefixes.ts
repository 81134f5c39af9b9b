import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * SQLite's full-text index of tickets keeps prefix indexes for three and four letters only.
 * Since only a query's last word of at least three letters is a prefix (MIN_PREFIX in
 * platform/search/normalise.ts), nothing asked the two-letter prefix index any more, yet every
 * word of every ticket was written into it: creating tickets at 16 connections in `npm run bench`
 * went from 1,634–1,855 to 1,923–2,166 tickets/s and the bulk load from 2,555–2,726 to
 * 3,015–3,314 tickets/s without it (alternated runs on one machine). FTS5 cannot change a table's
 * prefix option, so the table is built anew from its own content (the same rowids, the ticket
 * ids): 4 s at 100,000 tickets. PostgreSQL keeps no such index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, '3 4');
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, '2 3 4');
}

async function rebuild(db: Kysely<any>, prefixes: string): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`CREATE VIRTUAL TABLE ticket_fts_next USING fts5(public_text, internal_text, tokenize = 'unicode61 remove_diacritics 0', prefix = ${sql.lit(prefixes)})`.execute(db);
  await sql`INSERT INTO ticket_fts_next (rowid, public_text, internal_text) SELECT rowid, public_text, internal_text FROM ticket_fts`.execute(db);
  await sql`DROP TABLE ticket_fts`.execute(db);
  await sql`ALTER TABLE ticket_fts_next RENAME TO ticket_fts`.execute(db);
}
