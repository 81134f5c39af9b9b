import type { Transaction } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';

/** Runs `work` in the caller's transaction when given one, else in a new one. */
export async function inTransaction<T>(db: Db | Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
