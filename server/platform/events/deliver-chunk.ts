import type { Db, Dialect, Executor } from '../db/database.ts';
import type { ReadOnce, Subscriber } from './subscriber.ts';
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

type Log = { warn(details: object, message: string): void };

/**
 * At-least-once delivery of a whole batch through `handleBatch`, then the cursor's move past it
 * (`advance`). False when the handler failed: the caller then delivers the events one by one
 * (they may repeat, as at-least-once allows).
 */
export async function deliverAsBatch(on: { db: Db; dialect: Dialect; log?: Log }, subscriber: Subscriber, rows: EventRow[], advance: (row: EventRow) => Promise<void>): Promise<boolean> {
  const events = rows.filter((row) => subscriber.events.includes(row.type)).map(toEvent);
  try {
    await subscriber.handleBatch!(events, { db: on.db, dialect: on.dialect, once: newReadOnce() });
  } catch (error) {
    on.log?.warn({ subscriber: subscriber.name, events: events.length, err: error instanceof Error ? error.message : String(error) }, 'event subscriber failed on a batch; delivering one by one');
    return false;
  }
  await advance(rows[rows.length - 1]!);
  return true;
}

/** Subscriber.nothingToDo for the events of `rows` it handles; when it cannot tell (its read failed), the events are delivered. */
export async function nothingToDo(on: { db: Db; dialect: Dialect; log?: Log }, subscriber: Subscriber, rows: EventRow[], once: ReadOnce): Promise<boolean> {
  if (!subscriber.nothingToDo) return false;
  try {
    return await subscriber.nothingToDo(rows.filter((row) => subscriber.events.includes(row.type)).map(toEvent), { db: on.db, dialect: on.dialect, once });
  } catch (error) {
    on.log?.warn({ subscriber: subscriber.name, err: error instanceof Error ? error.message : String(error) }, 'event subscriber could not tell whether it has work; delivering');
    return false;
  }
}

/** Carries a handler's failure out of the transaction so that it rolls back whole. */
class HandlerFailed extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super('a handler of the chunk failed');
  }
}

/** Carries the failure of a subscriber's handleBatch out of the transaction. */
class BatchFailed extends Error {
  constructor(readonly error: unknown) {
    super('the batch handler failed');
  }
}

/**
 * Delivers a chunk of events to a transactional subscriber in one transaction (through its
 * handleBatch when it has one; `once` is the memo of small reads its handlers share, see
 * SubscriberContext) and moves its cursor (`advance`) in the same one. When handleBatch
 * fails, the chunk is delivered again event by event, as follows. When a handler fails, the whole transaction rolls back;
 * the events before the failing one are delivered again in a transaction of their own (their
 * handlers ran without error and their writes were undone with the rest), so they commit with
 * the cursor just before it, and the failing one is reported to be retried by itself. Handlers
 * are transactional, so running one again after a rollback does nothing twice. No savepoint
 * per event: two statements less per event and subscriber (a round trip each on PostgreSQL),
 * the price being the repeated events when one fails, which is rare.
 * Other errors (the transaction itself broke, the lease was lost) propagate.
 */
export async function deliverChunk(
  db: Db,
  dialect: Dialect,
  subscriber: Subscriber,
  chunk: EventRow[],
  advance: (trx: Executor, row: EventRow) => Promise<void>,
  once: ReadOnce = newReadOnce(),
  asBatch = subscriber.handleBatch !== undefined,
): Promise<ChunkOutcome> {
  try {
    await db.transaction().execute(async (trx) => {
      if (asBatch) {
        try {
          await subscriber.handleBatch!(chunk.filter((row) => subscriber.events.includes(row.type)).map(toEvent), { db: trx, dialect, once });
        } catch (error) {
          throw new BatchFailed(error);
        }
      }
      for (const [index, row] of asBatch ? [] : chunk.entries()) {
        if (!subscriber.events.includes(row.type)) continue;
        try {
          await subscriber.handle(toEvent(row), { db: trx, dialect, once });
        } catch (error) {
          throw new HandlerFailed(index, error);
        }
      }
      await advance(trx, chunk[chunk.length - 1]!);
    });
    return { delivered: chunk.length };
  } catch (error) {
    // The batch rolled back whole: one event at a time finds the one that fails, if any.
    if (error instanceof BatchFailed) return deliverChunk(db, dialect, subscriber, chunk, advance, once, false);
    if (!(error instanceof HandlerFailed)) throw error;
    const failure = { row: chunk[error.index]!, error: error.error };
    if (error.index === 0) return { delivered: 0, failure };
    const before = await deliverChunk(db, dialect, subscriber, chunk.slice(0, error.index), advance, once, false);
    return before.failure ? before : { delivered: error.index, failure };
  }
}

/**
 * Delivers events one at a time (each in its own transaction when `transactional`, with the
 * cursor move). Stops at the first failure, after moving the cursor past the events before it,
 * and hands it to `failed`; an error that `endsRound` names (a lost lease) propagates at once. Returns how many events
 * the cursor passed.
 */
export async function deliverEach(
  db: Db,
  dialect: Dialect,
  subscriber: Subscriber,
  rows: EventRow[],
  transactional: boolean,
  on: { advance(db: Executor, row: EventRow): Promise<void>; moved(row: EventRow): void; failed(row: EventRow, error: unknown): Promise<void>; endsRound(error: unknown): boolean },
): Promise<number> {
  let passed = 0;
  let unsaved: EventRow | undefined;
  for (const row of rows) {
    if (subscriber.events.includes(row.type)) {
      try {
        if (transactional) {
          await db.transaction().execute(async (trx) => {
            await subscriber.handle(toEvent(row), { db: trx, dialect, once: newReadOnce() });
            await on.advance(trx, row);
          });
          on.moved(row);
          unsaved = undefined;
        } else {
          await subscriber.handle(toEvent(row), { db, dialect, once: newReadOnce() });
          unsaved = row;
        }
      } catch (error) {
        if (on.endsRound(error)) throw error;
        if (unsaved) await on.advance(db, unsaved);
        await on.failed(row, error);
        return passed;
      }
    } else {
      unsaved = row;
    }
    passed++;
  }
  if (unsaved) await on.advance(db, unsaved);
  return passed;
}
