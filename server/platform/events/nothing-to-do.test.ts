import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { EventDispatcher, readOnce, type Subscriber } from './dispatcher.ts';
import { newestPosition, storedCursor, waitUntil, write } from './test/event-writes.ts';

/** A subscriber that its configuration leaves idle (Subscriber.nothingToDo) is passed without a transaction. */
describe.each(DIALECTS)('a subscriber with nothing to do on %s', (dialect) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    db = tdb.handle.db;
  });
  afterAll(() => tdb.drop());

  it('passes the events without handling them or writing its cursor, handles them once configured reading the configuration once, and delivers when it cannot tell', async () => {
    const handled: string[] = [];
    const seen: string[] = [];
    let reads = 0;
    let broken = false;
    /** "Configured" while a settings row `switch` exists; handles thing.written only then. */
    const configured: Subscriber = {
      name: 'configured-1',
      events: ['thing.written'],
      startAt: 'now',
      async handle(event, { db: trx, once }) {
        const on = await readOnce(once, 'switch', async () => {
          reads++;
          return trx.selectFrom('settings').select('key').where('key', '=', 'switch').execute();
        });
        if (on.length > 0) handled.push((event.payload as { key: string }).key);
      },
      async nothingToDo(_events, { db: outside, once }) {
        if (broken) throw new Error('the configuration could not be read');
        const on = await readOnce(once, 'switch', async () => {
          reads++;
          return outside.selectFrom('settings').select('key').where('key', '=', 'switch').execute();
        });
        return on.length === 0;
      },
    };
    const watcher: Subscriber = {
      name: 'watcher-1',
      events: ['thing.written'],
      startAt: 'now',
      async handle(event) {
        seen.push((event.payload as { key: string }).key);
      },
    };
    const stored = async () => (await storedCursor(db, 'configured-1')).at;
    const newest = () => newestPosition(db);
    // Polls only every 5 s: nothing but the events themselves wakes the subscribers.
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [configured, watcher], idleMs: 5000, lockSeconds: 30 });
    await dispatcher.start();
    try {
      const before = await stored();
      await write(db, 'idle-a');
      await waitUntil(() => seen.includes('idle-a') && reads > 0);
      // Asked, idle: no handler ran and its cursor went past the event without a write.
      expect({ handled, reads, at: await stored() }).toEqual({ handled: [], reads: 1, at: before });
      await dispatcher.drain();
      expect(await stored()).toBe(await newest());

      // Configured: handled, with the configuration read once for the question and the handler.
      await db.insertInto('settings').values({ key: 'switch', value: 'on' }).execute();
      await write(db, 'busy-b');
      await waitUntil(() => handled.includes('busy-b'));
      await waitUntil(async () => (await stored()) === (await newest()));
      expect({ handled, reads, at: await stored() }).toEqual({ handled: ['busy-b'], reads: 2, at: await newest() });
      // The question fails: the events are delivered all the same.
      broken = true;
      await write(db, 'unsure-c');
      await waitUntil(() => handled.includes('unsure-c'));
      expect(handled).toEqual(['busy-b', 'unsure-c']);
    } finally {
      await dispatcher.stop();
    }
    expect(seen).toEqual(['idle-a', 'busy-b', 'unsure-c']);
    expect(await stored()).toBe(await newest());
  });
});
