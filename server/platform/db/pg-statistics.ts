import { sql } from 'kysely';
import type { Db } from './database.ts';
import { whileHoldingAdvisoryLock } from './advisory-lock.ts';

/** How often a worker looks (as autovacuum's launcher does by default). */
export const KEEP_PG_STATISTICS_EVERY_MS = 60_000;
/** Only one process vacuums at a time (an advisory lock of the session). */
const LOCK_KEY = 0x616e_6c02;

export interface PgMaintenance {
  analysed: string[];
  vacuumed: string[];
}

/**
 * Where PostgreSQL's autovacuum is off (as on the CI machines we measure on, `autovacuum = off`),
 * the worker does what it would do, with its default thresholds: `ANALYZE` a table once more
 * than 50 + 10 % of its rows changed since the last analysis, `VACUUM (ANALYZE)` it once more
 * than 50 + 20 % of its rows are dead or 1,000 + 20 % were inserted since the last vacuum,
 * throttled as autovacuum is (`vacuum_cost_delay` 2 ms). Without it the statistics describe the
 * tables as they were when last analysed: the mail threads, empty when demo data was loaded,
 * held 534,000 rows half an hour of load later, and the notifications' read of a few tickets'
 * threads, estimated at 43,000 rows, ran as a parallel query with two workers (87 ms for no
 * rows); the issue that asked for this measured a rare word at 1,030 ms after 100,000 tickets
 * created one by one. Where autovacuum is on, this does nothing (`always` makes a test run it).
 */
export async function keepPgStatistics(db: Db, options: { always?: boolean } = {}): Promise<PgMaintenance> {
  const done: PgMaintenance = { analysed: [], vacuumed: [] };
  const { rows: setting } = await sql<{ on: boolean }>`SELECT current_setting('autovacuum') = 'on' AS on`.execute(db);
  if (setting[0]?.on && !options.always) return done;
  return whileHoldingAdvisoryLock(db, LOCK_KEY, done, async (connection) => {
    const { rows } = await sql<{ name: string; vacuum: boolean }>`SELECT relname AS name,
        (n_dead_tup > 50 + 0.2 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup) AS vacuum
      FROM pg_stat_user_tables
      WHERE schemaname = current_schema()
        AND (n_mod_since_analyze > 50 + 0.1 * n_live_tup OR n_dead_tup > 50 + 0.2 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup)
      ORDER BY relname`.execute(connection);
    if (rows.length === 0) return done;
    await sql`SET vacuum_cost_delay = 2`.execute(connection);
    try {
      for (const table of rows) {
        if (table.vacuum) {
          await sql`VACUUM (ANALYZE) ${sql.table(table.name)}`.execute(connection);
          done.vacuumed.push(table.name);
        } else {
          await sql`ANALYZE ${sql.table(table.name)}`.execute(connection);
          done.analysed.push(table.name);
        }
      }
    } finally {
      await sql`RESET vacuum_cost_delay`.execute(connection);
    }
    return done;
  });
}
