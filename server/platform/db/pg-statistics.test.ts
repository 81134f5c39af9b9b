import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { keepPgStatistics } from './pg-statistics.ts';

/** Waits until the statistics collector shows what this test wrote (PostgreSQL flushes them within a second or so). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the statistics never showed the writes');
}

describe.skipIf(!DIALECTS.includes('postgres'))('statistics and vacuum where autovacuum is off (PostgreSQL)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(() => t.drop());

  it('analyses a table that grew, vacuums one with many dead rows, and leaves the others alone', async () => {
    const db = t.handle.db;
    await sql`CREATE TABLE grown (id integer PRIMARY KEY, word text)`.execute(db);
    await sql`CREATE TABLE churned (id integer PRIMARY KEY, n integer)`.execute(db);
    await sql`CREATE TABLE quiet (id integer PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO churned SELECT g, 0 FROM generate_series(1, 500) g`.execute(db);
    await sql`INSERT INTO quiet SELECT g FROM generate_series(1, 500) g`.execute(db);
    const stat = (table: string) =>
      sql<{ live: number; mods: number; dead: number }>`SELECT n_live_tup::int AS live, n_mod_since_analyze::int AS mods, n_dead_tup::int AS dead
        FROM pg_stat_user_tables WHERE relname = ${table}`.execute(db);
    // The inserts reach the statistics first, so that the analysis afterwards leaves the two tables at rest.
    await until(async () => ((await stat('churned')).rows[0]?.live ?? 0) >= 500 && ((await stat('quiet')).rows[0]?.live ?? 0) >= 500);
    await sql`VACUUM (ANALYZE) churned, quiet`.execute(db);
    await until(async () => ((await stat('quiet')).rows[0]?.mods ?? 1) === 0);
    await sql`INSERT INTO grown SELECT g, 'drucker' FROM generate_series(1, 300) g`.execute(db);
    await sql`UPDATE churned SET n = n + 1`.execute(db);
    await until(async () => ((await stat('grown')).rows[0]?.mods ?? 0) >= 300 && ((await stat('churned')).rows[0]?.dead ?? 0) >= 500);

    // Where autovacuum is on, nothing is done (unless asked to, as here).
    const autovacuum = (await sql<{ on: boolean }>`SELECT current_setting('autovacuum') = 'on' AS on`.execute(db)).rows[0]!.on;
    if (autovacuum) expect(await keepPgStatistics(db)).toEqual({ analysed: [], vacuumed: [] });

    const done = await keepPgStatistics(db, { always: true });
    expect(done.analysed).toContain('grown');
    expect(done.vacuumed).toContain('churned');
    expect([...done.analysed, ...done.vacuumed]).not.toContain('quiet');
    const { rows } = await sql<{ name: string; analysed: boolean; vacuumed: boolean }>`SELECT relname AS name, last_analyze IS NOT NULL AS analysed, last_vacuum IS NOT NULL AS vacuumed
      FROM pg_stat_user_tables WHERE relname IN ('grown', 'churned') ORDER BY relname`.execute(db);
    expect(rows).toEqual([
      { name: 'churned', analysed: true, vacuumed: true },
      { name: 'grown', analysed: true, vacuumed: false },
    ]);
    // The planner now knows the grown table's rows (it had never been analysed).
    const { rows: planned } = await sql<{ tuples: number }>`SELECT reltuples::int AS tuples FROM pg_class WHERE relname = 'grown'`.execute(db);
    expect(planned[0]!.tuples).toBe(300);
  });
});
