import { sql } from 'kysely';
import type { Executor } from './database.ts';
import { dialectOf } from './dialect.ts';

/**
 * Runs `work` (statements that read a large share of the database: the reports) with
 * PostgreSQL's JIT compilation off. JIT starts where the planner's cost passes `jit_above_cost`,
 * which a report over a year passes by far, and compiling took 0.5 s of a year's summary at
 * 1,000,000 tickets (of about 3 s) without making its execution measurably faster. Outside a
 * transaction `work` runs in one of its own, where the setting lasts; inside one it lasts until
 * that transaction ends. SQLite has no JIT.
 */
export async function withoutJit<T>(db: Executor, work: (db: Executor) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'postgres') return work(db);
  const run = async (trx: Executor) => {
    await sql`SELECT set_config('jit', 'off', true)`.execute(trx);
    return work(trx);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
