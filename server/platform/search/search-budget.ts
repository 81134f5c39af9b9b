import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import { AppError } from '../errors.ts';

/**
 * The longest a search statement may run. Searches answer in milliseconds; this bounds what a
 * query that slips past the bounds on expansion (prefixes, candidates) could cost, so that
 * text typed into a search field cannot hold a database connection for seconds. An object so
 * that a test can lower it.
 */
export const searchBudget = { ms: 2_000 };

/** PostgreSQL's code for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * Runs a search's queries under the time budget. On PostgreSQL each statement gets
 * `statement_timeout` (SET LOCAL, in a transaction of its own unless the caller is already in
 * one); a statement that runs past it is cancelled and the caller gets a 503 `search_timeout`
 * that asks for a narrower search. SQLite has no way to cancel a statement from the thread that
 * runs it; its searches are bounded by their shape (prefix indexes, candidate limits).
 */
export async function withSearchBudget<T>(db: Executor, work: (db: Executor) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'postgres') return work(db);
  const ms = Math.max(1, Math.round(searchBudget.ms));
  try {
    if (db.isTransaction) {
      // Under a savepoint: a cancelled statement aborts the transaction, and the caller (the
      // receipt of a new ticket, sent without suggestions then) must be able to go on in it.
      // Rolling back to the savepoint also restores the setting.
      await sql`SAVEPOINT search_budget`.execute(db);
      try {
        // The setting before and the budget in one round trip (OFFSET 0 keeps the read first).
        const before = await sql<{ before: string }>`
          SELECT before, set_config('statement_timeout', ${String(ms)}, true)
          FROM (SELECT current_setting('statement_timeout') AS before OFFSET 0) AS setting`.execute(db);
        const result = await work(db);
        await sql`SELECT set_config('statement_timeout', ${before.rows[0]?.before ?? '0'}, true)`.execute(db);
        await sql`RELEASE SAVEPOINT search_budget`.execute(db);
        return result;
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT search_budget`.execute(db);
        await sql`RELEASE SAVEPOINT search_budget`.execute(db);
        throw error;
      }
    }
    return await db.transaction().execute(async (trx) => {
      await sql.raw(`SET LOCAL statement_timeout = ${ms}`).execute(trx);
      return work(trx);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === QUERY_CANCELED) {
      throw new AppError('search_timeout', 'The search took longer than its time budget. Narrow it with more words or filters.');
    }
    throw error;
  }
}
