import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../db/database.ts';
import type { ReadOnce, Subscriber, SubscriberContext } from './subscriber.ts';
import { type EventRow, toEvent } from './event-reading.ts';

export interface ChunkOutcome {
  /** Events the cursor passed (committed with the cursor move). */
  delivered: number;
  /** The event whose handler failed, rolled back alone; the ones before it are committed. */
  failure?: { row: EventRow; error: unknown };
}

/** A fresh per-transaction memo for `SubscriberContext.once`. */
export function newReadOnce(): ReadOnce {
  const values = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let value = values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      // A failed read is not remembered: the next event reads again.
      value.catch(() => values.delete(key));
      values.set(key, value);
    }
    return value;
  };
}

/** Carries the first handler's failure out of the transaction so that it rolls back whole. */
class FirstHandlerFailed extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super('the first handler of the chunk failed');
  }
}

/**
 * Delivers a chunk of events to a transactional subscriber in one transaction and moves its
 * cursor (`advance`) in the same one. A failing event is rolled back alone: the events before it
 * commit with the cursor just before it. That needs a savepoint around each event except the
 * first one handled: when that one fails, nothing else was written and the whole transaction
 * rolls back instead (then the cursor passes only the events before it that the subscriber
 * ignores). Under a steady trickle most chunks hold one event, so most deliveries need no
 * savepoint: two statements less per event and subscriber, a round trip each on PostgreSQL.
 * Other errors (the transaction itself broke, the lease was lost) propagate.
 */
export async function deliverChunk(db: Db, dialect: Dialect, subscriber: Subscriber, chunk: EventRow[], advance: (trx: Executor, row: EventRow) => Promise<void>): Promise<ChunkOutcome> {
  let failure: ChunkOutcome['failure'];
  let delivered = 0;
  const once = newReadOnce();
  try {
    await db.transaction().execute(async (trx) => {
      let last: EventRow | undefined;
      let handled = 0;
      for (const [index, row] of chunk.entries()) {
        if (subscriber.events.includes(row.type)) {
          if (handled++ === 0) {
            try {
              await subscriber.handle(toEvent(row), { db: trx, dialect, once });
            } catch (error) {
              throw new FirstHandlerFailed(index, error);
            }
          } else {
            const outcome = await handleUnderSavepoint(trx, { db: trx, dialect, once }, subscriber, row);
            if (outcome.failed) {
              failure = { row, error: outcome.error };
              break;
            }
          }
        }
        last = row;
        delivered++;
      }
      if (last) await advance(trx, last);
    });
  } catch (error) {
    if (!(error instanceof FirstHandlerFailed)) throw error;
    if (error.index > 0) await advance(db, chunk[error.index - 1]!);
    return { delivered: error.index, failure: { row: chunk[error.index]!, error: error.error } };
  }
  return failure ? { delivered, failure } : { delivered };
}

/** Runs one handler under a savepoint, which is rolled back when the handler fails. */
async function handleUnderSavepoint(trx: Executor, ctx: SubscriberContext, subscriber: Subscriber, row: EventRow): Promise<{ failed: false } | { failed: true; error: unknown }> {
  await sql`SAVEPOINT event_delivery`.execute(trx);
  try {
    await subscriber.handle(toEvent(row), ctx);
    return { failed: false };
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT event_delivery`.execute(trx);
    return { failed: true, error };
  } finally {
    await sql`RELEASE SAVEPOINT event_delivery`.execute(trx);
  }
}
