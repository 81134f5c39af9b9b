import type { Executor } from './database.ts';

/**
 * Writes that a group-commit batch (group-commit.ts) runs in order just before its commit, after
 * every other statement of its commands.
 *
 * SQLite's full-text index (FTS5) keeps what is written to it in memory until the transaction
 * commits and then writes one segment for all of it, so a batch of 32 new tickets makes one
 * segment. Unless a later statement of the same transaction opens a statement savepoint, as an
 * INSERT with foreign keys or RETURNING does: FTS5 then writes its pending entries out at once.
 * With the insert of each command's ticket row following the previous command's full-text write,
 * every ticket made a segment of its own, and the merging of ever more segments was charged to
 * that insert: in the served process it went from 0.14 to 0.9 ms per ticket over 50,000
 * tickets, and creation from 780 to 343 tickets/s (`npm run bench:sustained`, 2026-12-01). On a
 * copy of that database, 500 tickets in one transaction: the insert 387 µs after a full-text
 * write, 52 µs without; the same full-text writes all at the end cost 9 µs each and 96 µs each
 * at the commit.
 *
 * Only writes nothing in the transaction reads back belong here (the full-text rows: searches
 * run in requests of their own). Outside a batch they run at once.
 */
const pending = new WeakMap<object, Array<() => Promise<unknown>>>();

/** Runs `write` before the batch's commit when `db` is a batch's transaction, else now. */
export async function beforeCommit(db: Executor, write: () => Promise<unknown>): Promise<void> {
  const writes = pending.get(db);
  if (writes) writes.push(write);
  else await write();
}

/** For group-commit.ts: the batch's list (a failed command's writes are cut off again). */
export function collectBeforeCommit(trx: Executor): Array<() => Promise<unknown>> {
  const writes: Array<() => Promise<unknown>> = [];
  pending.set(trx, writes);
  return writes;
}

/** For group-commit.ts: runs what the batch's commands deferred, in their order. */
export async function runBeforeCommit(trx: Executor): Promise<void> {
  const writes = pending.get(trx) ?? [];
  pending.delete(trx);
  for (const write of writes) await write();
}
