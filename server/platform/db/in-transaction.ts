import type { Transaction } from 'kysely';
import type { Db, Executor } from './database.ts';
import type { Database } from './schema.ts';
import { dialectOf } from './dialect.ts';
import { inGroupCommit } from './group-commit.ts';

/** PostgreSQL's "deadlock detected": the transaction was rolled back whole, so running it again is safe. */
const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/**
 * Waits a little before the next attempt, longer each time and never the same for two callers: run
 * again at once, the victim can take back the row it released before the session that waited for
 * that row gets it, and close the same cycle again.
 */
function pauseBeforeAttempt(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 20));
}

/**
 * Runs `work` in the caller's transaction when given one, else in a new one. A new transaction
 * that PostgreSQL picks as a deadlock's victim runs again (at most three times in all): a
 * command locking tickets for update and the event dispatcher's subscribers writing rows that
 * refer to the same tickets can wait for each other in rare orders, and the person who clicked
 * must not get a 500 for that.
 */
export async function inTransaction<T>(db: Db | Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  if (dialectOf(db) === 'sqlite') return inGroupCommit(db as Db, work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || (error as { code?: unknown }).code !== DEADLOCK) throw error;
    }
    await pauseBeforeAttempt(attempt);
  }
}
