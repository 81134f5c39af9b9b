import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { recordEvents } from './domain-events.ts';
import { EventDispatcher } from './dispatcher.ts';
import { write } from './test/event-writes.ts';

/**
 * PostgreSQL's transaction ids belong to the whole cluster: a transaction left open in another
 * database (another application on a shared server, another test file) must not stop this
 * installation's events, while one of this database still holds back what commits after it.
 */
describe.runIf(process.env.ANLAUF_TEST_DATABASE_URL)('the outbox horizon on postgres', () => {
  let tdb: TestDatabase;
  let other: pg.Client;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    other = new pg.Client({ connectionString: process.env.ANLAUF_TEST_DATABASE_URL });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await tdb.drop();
  });

  it('delivers while a transaction of another database stays open, and still waits for an older one of its own', async () => {
    const db = tdb.handle.db;
    const seen: string[] = [];
    const dispatcher = new EventDispatcher({
      db,
      dialect: 'postgres',
      subscribers: [{ name: 'horizon-1', events: ['thing.written'], handle: async (e) => void seen.push((e.payload as { key: string }).key) }],
    });
    await dispatcher.drain();

    // Another database's transaction with an id, older than the events to come, left open.
    await other.query('BEGIN');
    await other.query('SELECT pg_current_xact_id()');
    try {
      await write(db, 'beside-another-database');
      await dispatcher.drain(3_000);
      expect(seen).toEqual(['beside-another-database']);
      expect(await dispatcher.behind()).toEqual([]);

      // One of this database, older than a later commit, still holds the later one back.
      let mayCommit!: () => void;
      const commitAllowed = new Promise<void>((resolve) => (mayCommit = resolve));
      let recorded!: () => void;
      const hasRecorded = new Promise<void>((resolve) => (recorded = resolve));
      const slow = db.transaction().execute(async (trx) => {
        await recordEvents(trx, [{ type: 'thing.written', aggregateId: null, actorId: null, payload: { key: 'slow' } }]);
        await sql`SELECT 1`.execute(trx);
        recorded();
        await commitAllowed;
      });
      await hasRecorded;
      await write(db, 'fast');
      await dispatcher.drain(200);
      expect(seen).toEqual(['beside-another-database']);
      mayCommit();
      await slow;
      await dispatcher.drain(3_000);
      expect(seen.slice(1).sort()).toEqual(['fast', 'slow']);
    } finally {
      await other.query('ROLLBACK');
    }
  });

  it('looks again soon for events an older transaction held back: its end records no event and tells nobody', async () => {
    const db = tdb.handle.db;
    const seen: string[] = [];
    // Polls only every minute: the test's own time runs out long before.
    const dispatcher = new EventDispatcher({
      db,
      dialect: 'postgres',
      subscribers: [{ name: 'held-1', events: ['thing.written'], startAt: 'now', handle: async (e) => void seen.push((e.payload as { key: string }).key) }],
      idleMs: 60_000,
    });
    await dispatcher.start();
    try {
      let mayCommit!: () => void;
      const commitAllowed = new Promise<void>((resolve) => (mayCommit = resolve));
      let begun!: () => void;
      const hasBegun = new Promise<void>((resolve) => (begun = resolve));
      // An older transaction of this database that writes, but records no event.
      const older = db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'older', value: 'v' }).execute();
        await sql`SELECT pg_current_xact_id()`.execute(trx);
        begun();
        await commitAllowed;
      });
      await hasBegun;
      await write(db, 'held-back');
      // The commit's poke finds the event held back by the older transaction.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual([]);
      mayCommit();
      await older;
      for (let i = 0; i < 2_000 && seen.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toEqual(['held-back']);
    } finally {
      await dispatcher.stop();
    }
  });
});
