import type { Db } from '../../db/database.ts';
import { recordEvents } from '../domain-events.ts';

/** A write of "the domain": a settings row and its event, in one transaction like a command. */
export async function write(db: Db, key: string, fail = false): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('settings').values({ key, value: 'v' }).execute();
    await recordEvents(trx, [{ type: 'thing.written', aggregateId: null, actorId: null, payload: { key } }]);
    if (fail) throw new Error('the command failed after recording');
  });
}

/**
 * Several writes in one transaction: their events become visible together. (On PostgreSQL,
 * events of separate transactions may become visible one by one while an older transaction
 * of the same database holds back the horizon.)
 */
export async function writeTogether(db: Db, keys: string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      await trx.insertInto('settings').values({ key, value: 'v' }).execute();
      await recordEvents(trx, [{ type: 'thing.written', aggregateId: null, actorId: null, payload: { key } }]);
    }
  });
}

/** The newest stored event's position as `tx:id`. */
export async function newestPosition(db: Db): Promise<string> {
  const row = await db.selectFrom('domain_events').select(['tx_id', 'id']).orderBy('tx_id', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return `${row.tx_id}:${row.id}`;
}

/** A subscriber's stored cursor as `tx:id`, and whether a process holds its lease. */
export async function storedCursor(db: Db, name: string): Promise<{ at: string; leased: boolean }> {
  const row = await db.selectFrom('event_subscriptions').select(['last_tx_id', 'last_event_id', 'lock_token']).where('name', '=', name).executeTakeFirstOrThrow();
  return { at: `${row.last_tx_id}:${row.last_event_id}`, leased: row.lock_token !== null };
}

/** Waits until `done` holds, looking every 10 ms for at most 6 s (the caller's assertion tells if it never did). */
export async function waitUntil(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
