import { sql } from 'kysely';
import type { Db, Dialect } from './database.ts';

/**
 * After writing many rows at once on PostgreSQL (demo data, a restore): vacuum and analyse the
 * whole database now. A freshly loaded page carries no hint bits and no table has a visibility
 * map yet, so every first read of a page had to look its rows' transactions up (and dirty the
 * page), and index-only scans visited the table for every row, until autovacuum came along
 * minutes later, in the middle of the first users' work. At 1,000,000 tickets right after the
 * load (`bench:existing`), p50 before → after: the queue 4.1 → 2.7 ms, a customer's tickets
 * 3.4 → 1.7 ms, similar tickets "Outlook startet nicht mehr" 17.9 → 11.7 ms; the vacuum took
 * 6 s. SQLite needs nothing of the kind.
 */
export async function vacuumAfterBulkLoad(db: Db, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`VACUUM (ANALYZE)`.execute(db);
}
