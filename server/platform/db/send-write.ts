import type { CompiledQuery } from 'kysely';
import type { Executor } from './database.ts';
import { dialectOf } from './dialect.ts';
import { NO_WAIT } from './pg-prepared.ts';

export { NO_WAIT };

/**
 * Writes whose answer nobody reads (a history entry, a search document, an event), sent inside a
 * transaction without waiting for PostgreSQL's answer.
 *
 * On the machines we measure, a round trip to PostgreSQL costs the server more than the work
 * of most of our statements: waking the other process across cores is a few dozen microseconds
 * of CPU on each side, and a ticket's creation waited for nine of them. The pool's connections
 * run in pg's pipeline mode, so a statement marked here goes on the wire at once and the
 * transaction goes on; its answer comes back with the next statement's (pg-prepared.ts). Should
 * it fail, the transaction is aborted in PostgreSQL, and the next statement or the commit that
 * the transaction waits for fails with this write's error instead of its own, so a failed write
 * still fails the transaction and reaches the caller (a deadlock's victim still runs again,
 * in-transaction.ts). Outside a transaction, and on SQLite, the write runs as any other.
 */
export async function sendWrite(db: Executor, query: CompiledQuery): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await db.executeQuery(query);
    return;
  }
  await db.executeQuery({ ...query, sql: NO_WAIT + query.sql });
}
