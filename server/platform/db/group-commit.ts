import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { collectBeforeCommit, runBeforeCommit } from './before-commit.ts';

/**
 * Group commit on SQLite: commands that arrive together run one after the other in one
 * transaction and share its commit.
 *
 * On SQLite the commit is the expensive part of a small command (the WAL append, and the
 * full-text index writes a segment per commit). better-sqlite3 answers synchronously, so a
 * request's database work runs to its end without giving another request a turn: commands never
 * overlapped, and each paid its own commit. So a command that finds no batch open opens one and
 * waits one turn of the event loop (setImmediate): the requests whose bytes have arrived
 * meanwhile reach their commands and join it. Creating tickets with 16 connections went from
 * about 800 to 1,700–1,800 tickets/s (`npm run bench`), one at a time from about 700 to about
 * 620 (the turn it waits).
 *
 * The outcome is as if the commands had run one after the other (a later one sees what an
 * earlier one wrote). A command that fails before writing anything, the common case (a check,
 * a stale version), gets its error and the others go on. One that fails after writing cannot be
 * undone alone without a savepoint per command, and releasing a savepoint makes the full-text
 * index write a segment, the cost the batch is there to share: so the batch is rolled back, that
 * command gets its error and the ones before it run again in the next batch. Work given to
 * inTransaction must be safe to run again anyway (PostgreSQL runs a deadlock victim's again).
 * Nobody hears of success before the shared commit is done, so a 201 still means committed; if
 * the commit itself fails, every command of the batch fails and nothing of it is stored.
 */

/** The most commands one batch takes; later ones wait for the next. */
const MAX_BATCH = 32;

/**
 * SQLite errors after which SQLite may have rolled back the whole transaction by itself: the
 * commands after it would run outside any transaction, so the batch must end there.
 */
function endsTransaction(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|BUSY|NOMEM|INTERRUPT|CORRUPT|NOTADB)/.test(code);
}

interface Command {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  commands: Command[];
  /** Closed once its loop has taken its last command; later ones open the next batch. */
  closed: boolean;
}

const openBatches = new WeakMap<Kysely<Database>, Batch>();

export function inGroupCommit<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const command: Command = { work, resolve: resolve as (value: unknown) => void, reject };
    const open = openBatches.get(db);
    if (open && !open.closed) {
      open.commands.push(command);
      return;
    }
    const batch: Batch = { commands: [command], closed: false };
    openBatches.set(db, batch);
    setImmediate(() => void runBatch(db, batch));
  });
}

/** A command that failed after it had written: only rolling back the whole batch takes that back. */
class WroteThenFailed extends Error {
  constructor(
    readonly command: Command,
    readonly reason: unknown,
  ) {
    super('A command of the batch failed after writing.');
  }
}

/** Rows written on this connection since it opened (SQLite counts only statements that completed). */
async function rowsWritten(trx: Transaction<Database>): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT total_changes() AS n`.execute(trx)).rows[0]!.n);
}

async function runBatch(db: Kysely<Database>, batch: Batch): Promise<void> {
  const outcomes: Array<() => void> = [];
  let started = 0;
  const close = () => {
    batch.closed = true;
    if (openBatches.get(db) === batch) openBatches.delete(db);
  };
  let again: Command[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      const deferred = collectBeforeCommit(trx);
      while (started < batch.commands.length && started < MAX_BATCH) {
        const command = batch.commands[started++]!;
        const before = await rowsWritten(trx);
        const deferredBefore = deferred.length;
        try {
          const value = await command.work(trx);
          outcomes.push(() => command.resolve(value));
        } catch (error) {
          // Failed before writing anything (a check, a conflict, a statement SQLite undid
          // itself): nothing to take back.
          if (endsTransaction(error)) throw error;
          if ((await rowsWritten(trx)) === before) {
            // Nor what it deferred (before-commit.ts).
            deferred.length = deferredBefore;
            outcomes.push(() => command.reject(error));
          } else throw new WroteThenFailed(command, error);
        }
      }
      // Right after the last check: a command arriving from now on opens the next batch.
      close();
      // The full-text writes after every other statement: one index segment for the batch.
      await runBeforeCommit(trx);
    });
    for (const outcome of outcomes) outcome();
  } catch (error) {
    close();
    if (error instanceof WroteThenFailed) {
      // The batch was rolled back: the failed command gets its error, the ones that ran before
      // it run again (as a PostgreSQL deadlock victim's would), ahead of the rest.
      error.command.reject(error.reason);
      again = batch.commands.slice(0, started - 1);
    } else {
      // The commit failed, the transaction could not start or SQLite ended it: nothing of the
      // batch is stored.
      for (const command of batch.commands.slice(0, Math.max(started, 1))) command.reject(error);
      started = Math.max(started, 1);
    }
  }
  // Commands beyond the batch's size (and those to run again) go on in the next batch.
  for (const command of [...again, ...batch.commands.slice(started)]) inGroupCommit(db, command.work).then(command.resolve, command.reject);
}
