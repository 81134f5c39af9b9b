import { vi } from 'vitest';
import type { Db, Dialect, Executor } from '../platform/db/database.ts';
import { newReadOnce } from '../platform/events/deliver-chunk.ts';
import type { StoredEvent } from '../platform/events/domain-events.ts';
import { type EventRow, toEvent } from '../platform/events/event-reading.ts';
import type { Subscriber } from '../platform/events/subscriber.ts';

class Undo extends Error {
  constructor(readonly outcome: unknown) {
    super('undo');
  }
}

/**
 * For a subscriber that handles a chunk of events at once (`handleBatch`), which must do exactly
 * what its events one by one would: runs `events` both ways, each in a transaction that is rolled
 * back afterwards (so both start from the same state), with the clock held still (so rows written
 * at "now" carry the same time), and returns what `read` finds in each transaction before its
 * rollback. `read` gets the newest job id from before the delivery, to find the jobs it queued.
 */
export async function chunkAndOneByOne<T>(
  db: Db,
  dialect: Dialect,
  subscriber: Subscriber,
  events: StoredEvent[],
  read: (trx: Executor, newestJobBefore: number) => Promise<T>,
): Promise<{ chunk: T; oneByOne: T }> {
  const run = async (asChunk: boolean): Promise<T> => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await db.transaction().execute(async (trx) => {
        const newestJob = await newestId(trx, 'jobs');
        if (asChunk) await subscriber.handleBatch!(events, { db: trx, dialect, once: newReadOnce() });
        else for (const event of events) await subscriber.handle(event, { db: trx, dialect, once: newReadOnce() });
        throw new Undo(await read(trx, newestJob));
      });
    } catch (error) {
      if (error instanceof Undo) return error.outcome as T;
      throw error;
    } finally {
      vi.useRealTimers();
    }
    throw new Error('the transaction was not rolled back');
  };
  return { chunk: await run(true), oneByOne: await run(false) };
}

/** The newest domain event's id: the events a test's story records come after it (eventsAfter). */
export function newestEventId(db: Db): Promise<number> {
  return newestId(db, 'domain_events');
}

async function newestId(db: Executor, table: 'jobs' | 'domain_events'): Promise<number> {
  return (
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0
  );
}

/** The events after `id` that `subscriber` takes, in order, as the dispatcher hands them over. */
export async function eventsAfter(db: Db, id: number, subscriber: Subscriber): Promise<StoredEvent[]> {
  const rows = (await db.selectFrom('domain_events').selectAll().where('id', '>', id).orderBy('id').execute()) as EventRow[];
  return rows.filter((row) => subscriber.events.includes(row.type)).map(toEvent);
}
