import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/**
 * Gives a small SQLite test database the planner statistics of the tickets table as `ANALYZE`
 * left them at 1,000,000 tickets (the demo data, 2026-12-03): a group holds a sixth of the
 * tickets, a status a fifth, 73,000 are open; nothing says how many changed since a time. Plans
 * that only go wrong at that size can then be asked for in a test.
 */
export async function useMillionTicketStatistics(db: Db): Promise<void> {
  const stats: Array<[string, string]> = [
    ['tickets_assignee_status', '1000000 52632 12988 1 1'],
    ['tickets_group_status', '1000000 166667 40000 1 1'],
    ['tickets_organisation_updated', '1000000 71429 1 1'],
    ['tickets_requester_updated', '1000000 4976 1 1'],
    ['tickets_closed_at', '772606 1'],
    ['tickets_resolved_at', '927020 1'],
    ['tickets_category', '1000000 83334 1'],
    ['tickets_organisation', '1000000 71429 1'],
    ['tickets_status_created', '1000000 200000 1'],
    ['tickets_open_newest', '72980 1'],
    ['tickets_group_id', '1000000 166667 1'],
    ['tickets_priority', '1000000 250000 1'],
    ['tickets_created', '1000000 1 1'],
    ['tickets_updated', '1000000 1 1'],
    ['tickets_status', '1000000 200000 1'],
    ['tickets_requester', '1000000 4976 1'],
  ];
  await sql`ANALYZE`.execute(db);
  await sql`DELETE FROM sqlite_stat1 WHERE tbl = 'tickets'`.execute(db);
  // better-sqlite3's SQLite keeps samples too (STAT4); those of the few test rows would decide instead.
  await sql`DELETE FROM sqlite_stat4 WHERE tbl = 'tickets'`.execute(db);
  for (const [index, stat] of stats) await sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('tickets', ${index}, ${stat})`.execute(db);
  await sql`ANALYZE sqlite_schema`.execute(db);
}
