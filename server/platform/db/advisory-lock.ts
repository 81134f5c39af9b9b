import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Runs `work` on one connection of the pool while it holds PostgreSQL's advisory lock `key` (of
 * the session, so taken and released on that connection), or returns `busy` at once when another
 * process holds it: background upkeep that one process at a time should do.
 */
export async function whileHoldingAdvisoryLock<T>(db: Db, key: number, busy: T, work: (connection: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ taken: boolean }>`SELECT pg_try_advisory_lock(${key}) AS taken`.execute(connection);
    if (!rows[0]?.taken) return busy;
    try {
      return await work(connection);
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}
