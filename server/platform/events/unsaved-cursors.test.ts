import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { EventDispatcher, type Subscriber } from './dispatcher.ts';
import { newestPosition, storedCursor, waitUntil, write, writeTogether } from './test/event-writes.ts';

/** The dispatcher's cursor moves past events a subscriber does not handle (unsaved-cursors.ts), through a running dispatcher. */
describe.each(DIALECTS)('unwritten cursor moves on %s', (dialect) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    db = tdb.handle.db;
  });
  afterAll(() => tdb.drop());

  it('passes events a subscriber does not handle without writing its cursor each time, and writes it by drain and at stop', async () => {
    const got: string[] = [];
    const handling: Subscriber = {
      name: 'handles-1',
      events: ['thing.written'],
      startAt: 'now',
      async handle(event) {
        got.push((event.payload as { key: string }).key);
      },
    };
    const idle: Subscriber = { name: 'idle-1', events: ['thing.never'], startAt: 'now', delivery: 'at-least-once', async handle() {} };
    const stored = () => storedCursor(db, 'idle-1');
    const newest = () => newestPosition(db);
    // Polls only every 5 s: nothing but the events themselves wakes the subscribers.
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [handling, idle], idleMs: 5000, lockSeconds: 30 });
    await dispatcher.start();
    try {
      const before = await stored();
      await write(db, 'passed-a');
      await waitUntil(() => got.includes('passed-a'));
      expect(got).toEqual(['passed-a']);
      // The idle subscriber went past the event under its lease, but wrote nothing for it.
      for (let i = 0; i < 50 && !(await stored()).leased; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await stored()).toEqual({ at: before.at, leased: true });
      // drain() waits for every cursor to reach the newest event: the passed one is written.
      await dispatcher.drain();
      expect(await stored()).toEqual({ at: await newest(), leased: true });
      await write(db, 'passed-b');
      await waitUntil(() => got.includes('passed-b'));
      // Many at once: the position is written once 500 events have passed, not only by drain() or when idle.
      await writeTogether(
        db,
        Array.from({ length: 600 }, (_, i) => `passed-many-${i}`),
      );
      await waitUntil(() => got.includes('passed-many-599'));
      const head = await newest();
      for (let i = 0; i < 300 && (await stored()).at !== head; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await stored()).toEqual({ at: head, leased: true });
    } finally {
      await dispatcher.stop();
    }
    // Stopped: the lease is given back with the cursor written past the last event.
    expect(await stored()).toEqual({ at: await newest(), leased: false });
    expect(got).toEqual(['passed-a', 'passed-b', ...Array.from({ length: 600 }, (_, i) => `passed-many-${i}`)]);
  });
});
