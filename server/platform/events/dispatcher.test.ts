import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import pg from 'pg';
import { DOMAIN_EVENT_CHANNEL, recordEvents, type StoredEvent } from './domain-events.ts';
import { write, writeTogether } from './test/event-writes.ts';
import { EventDispatcher, type Subscriber } from './dispatcher.ts';

const keysOf = (events: StoredEvent[]) => events.map((e) => (e.payload as { key: string }).key);

/**
 * A transactional subscriber that writes a mark per event (`<prefix>:<key>` in settings, whose
 * primary key makes a second commit of the same mark fail loudly); the event `failOnce` fails
 * once after writing. `calls`: every run of the handler; `handled`: the runs that succeeded.
 */
function markingSubscriber(name: string, prefix: string, failOnce: string) {
  const calls: string[] = [];
  const handled: string[] = [];
  let failuresLeft = 1;
  const subscriber: Subscriber = {
    name,
    events: ['thing.written'],
    startAt: 'now',
    async handle(event, ctx) {
      const key = (event.payload as { key: string }).key;
      calls.push(key);
      await ctx.db
        .insertInto('settings')
        .values({ key: `${prefix}:${key}`, value: String(event.id) })
        .execute();
      if (key === failOnce && failuresLeft-- > 0) throw new Error(`${key} fails once`);
      handled.push(key);
    },
  };
  return { subscriber, calls, handled };
}

/** Drains again and again (retries wait for their back-off) until `done`. */
async function drainUntil(dispatcher: EventDispatcher, done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) {
    await dispatcher.drain();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(DIALECTS)('domain event dispatcher on %s', (dialect) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    db = tdb.handle.db;
  });
  afterAll(() => tdb.drop());

  it('retries a subscriber that throws without touching the write or the other subscribers, and keeps its writes exactly once', async () => {
    const seen: StoredEvent[] = [];
    let failuresLeft = 2;
    const flaky: Subscriber = {
      name: 'flaky-1',
      events: ['thing.written'],
      async handle(event, ctx) {
        // Its own write rolls back with the failure: after the retries there is exactly one row.
        await ctx.db
          .insertInto('settings')
          .values({ key: `seen:${(event.payload as { key: string }).key}`, value: String(event.id) })
          .execute();
        if (failuresLeft-- > 0) throw new Error('mail server down');
      },
    };
    const steady: Subscriber = { name: 'steady-1', events: ['thing.written'], handle: async (event) => void seen.push(event) };
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [flaky, steady], backoffBaseMs: 1 });

    await write(db, 'a');
    await expect(write(db, 'rolled-back', true)).rejects.toThrow('the command failed');
    // The write committed, whatever the subscribers do later.
    expect(await db.selectFrom('settings').select('key').where('key', 'in', ['a', 'rolled-back']).execute()).toEqual([{ key: 'a' }]);

    await dispatcher.drain();
    const state = async () => db.selectFrom('event_subscriptions').select(['attempts', 'last_error', 'retry_at']).where('name', '=', 'flaky-1').executeTakeFirstOrThrow();
    for (let i = 0; i < 100 && (failuresLeft >= 0 || (await dispatcher.behind()).length > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await dispatcher.drain();
    }
    expect(keysOf(seen)).toEqual(['a']);
    expect(failuresLeft).toBe(-1);
    expect(await state()).toEqual({ attempts: 0, last_error: null, retry_at: null });
    expect(await db.selectFrom('settings').select('key').where('key', '=', 'seen:a').execute()).toHaveLength(1);
    expect(await db.selectFrom('event_failures').selectAll().where('subscriber', '=', 'flaky-1').execute()).toEqual([]);
  });

  it('parks an event after its last attempt, shows why, and carries on with the next one', async () => {
    const handled: string[] = [];
    const picky: Subscriber = {
      name: 'picky-1',
      events: ['thing.written'],
      async handle(event) {
        const key = (event.payload as { key: string }).key;
        if (key === 'poison') throw new Error('cannot handle poison');
        handled.push(key);
      },
    };
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [picky], backoffBaseMs: 1, maxAttempts: 3 });
    await dispatcher.drain();
    handled.length = 0;
    await write(db, 'before');
    await write(db, 'poison');
    await write(db, 'after');
    await drainUntil(dispatcher, () => handled.includes('after'));
    // 'before' shared a chunk with the poison: it ran again after the rollback, then committed.
    expect(handled).toEqual(['before', 'before', 'after']);
    const failures = await db.selectFrom('event_failures').select(['attempts', 'error']).where('subscriber', '=', 'picky-1').execute();
    expect(failures).toEqual([{ attempts: 3, error: 'cannot handle poison' }]);
  });

  it('rolls back a failing first event of a chunk alone: its writes vanish, the ignored event before it and the events after it pass', async () => {
    const { subscriber: marker, handled } = markingSubscriber('marker-1', 'mark', 'first-bad');
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [marker], backoffBaseMs: 1 });
    await dispatcher.drain();
    await db.transaction().execute((trx) => recordEvents(trx, [{ type: 'other.thing', aggregateId: null, actorId: null, payload: {} }]));
    await write(db, 'first-bad');
    await write(db, 'then-good');
    await drainUntil(dispatcher, () => handled.includes('then-good'));
    expect(handled).toEqual(['first-bad', 'then-good']);
    const marks = await db.selectFrom('settings').select('key').where('key', 'in', ['mark:first-bad', 'mark:then-good']).orderBy('key').execute();
    expect(marks.map((m) => m.key)).toEqual(['mark:first-bad', 'mark:then-good']);
    expect(await db.selectFrom('event_failures').selectAll().where('subscriber', '=', 'marker-1').execute()).toEqual([]);
  });

  it('commits the events before a failing one in the same chunk once, rolls the failing one back and delivers it on retry', async () => {
    const { subscriber: marker, calls } = markingSubscriber('marker-2', 'mark2', 'third-bad');
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [marker], backoffBaseMs: 1 });
    await dispatcher.drain();
    await writeTogether(db, ['first-good', 'second-good', 'third-bad', 'fourth-good']);
    await drainUntil(dispatcher, () => calls.includes('fourth-good'));
    // One chunk: the two good ones ran, the third failed and rolled all back; the two ran again
    // and committed; the third ran alone after its back-off, then the fourth.
    expect(calls).toEqual(['first-good', 'second-good', 'third-bad', 'first-good', 'second-good', 'third-bad', 'fourth-good']);
    const marks = await db.selectFrom('settings').select('key').where('key', 'like', 'mark2:%').orderBy('key').execute();
    expect(marks.map((m) => m.key)).toEqual(['mark2:first-good', 'mark2:fourth-good', 'mark2:second-good', 'mark2:third-bad']);
    expect(await db.selectFrom('event_failures').selectAll().where('subscriber', '=', 'marker-2').execute()).toEqual([]);
  });

  it('gives subscribers at different cursors each its own events, once and in order, though they share what was read', async () => {
    const collecting = (name: string) => {
      const got: string[] = [];
      const subscriber: Subscriber = {
        name,
        events: ['thing.written'],
        delivery: 'at-least-once',
        startAt: 'now',
        async handle(event) {
          got.push((event.payload as { key: string }).key);
        },
      };
      return { subscriber, got };
    };
    // The names say where each stands in the first part.
    const behind = collecting('spread-behind');
    const ahead = collecting('spread-ahead');
    // `ahead` also runs in another process (`elsewhere`), which takes it past spread-2 alone.
    const here = new EventDispatcher({ db, dialect, subscribers: [behind.subscriber, ahead.subscriber], batchSize: 4 });
    const elsewhere = new EventDispatcher({ db, dialect, subscribers: [ahead.subscriber], batchSize: 4 });
    await here.drain();
    for (const key of ['spread-1', 'spread-2']) await write(db, key);
    await elsewhere.drain();
    for (const key of ['spread-3', 'spread-4']) await write(db, key);
    // `behind` reads spread-1 to spread-4 here; `ahead`'s cursor lies inside that batch.
    await here.drain();
    expect(behind.got).toEqual(['spread-1', 'spread-2', 'spread-3', 'spread-4']);
    expect(ahead.got).toEqual(['spread-1', 'spread-2', 'spread-3', 'spread-4']);
    // Now `behind` runs ahead elsewhere, and here it reads a batch that begins past `ahead`'s cursor.
    for (const key of ['spread-5', 'spread-6']) await write(db, key);
    await new EventDispatcher({ db, dialect, subscribers: [behind.subscriber], batchSize: 4 }).drain();
    for (const key of ['spread-7', 'spread-8']) await write(db, key);
    await here.drain();
    const all = ['spread-1', 'spread-2', 'spread-3', 'spread-4', 'spread-5', 'spread-6', 'spread-7', 'spread-8'];
    expect(behind.got).toEqual(all);
    expect(ahead.got).toEqual(all);
    expect(await here.behind()).toEqual([]);
  });

  it('hands an at-least-once subscriber the events of a batch at once, and one by one when the batch fails', async () => {
    const batches: string[][] = [];
    const single: string[] = [];
    let batchFailuresLeft = 1;
    const batching: Subscriber = {
      name: 'batching-1',
      events: ['thing.written'],
      delivery: 'at-least-once',
      startAt: 'now',
      async handle(event) {
        single.push((event.payload as { key: string }).key);
      },
      async handleBatch(events) {
        if (keysOf(events).includes('batch-c') && batchFailuresLeft-- > 0) throw new Error('batch fails once');
        batches.push(keysOf(events));
      },
    };
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [batching] });
    await dispatcher.drain();
    await writeTogether(db, ['batch-a', 'batch-b']);
    await db.transaction().execute((trx) => recordEvents(trx, [{ type: 'other.thing', aggregateId: null, actorId: null, payload: {} }]));
    await dispatcher.drain();
    expect(batches).toEqual([['batch-a', 'batch-b']]);
    expect(single).toEqual([]);
    await writeTogether(db, ['batch-c', 'batch-d']);
    await dispatcher.drain();
    expect(batches).toEqual([['batch-a', 'batch-b']]);
    expect(single).toEqual(['batch-c', 'batch-d']);
    expect(await dispatcher.behind()).toEqual([]);
  });

  it('hands a transactional subscriber a chunk at once in its transaction; a failing chunk rolls back whole and goes one by one', async () => {
    const { subscriber: marker, calls } = markingSubscriber('batch-marker', 'bm', 'tx-bad');
    const batches: string[][] = [];
    const batching: Subscriber = {
      ...marker,
      async handleBatch(events, ctx) {
        batches.push(keysOf(events));
        // Writes for every event, then fails on the bad one: all of it must vanish.
        for (const key of keysOf(events))
          await ctx.db
            .insertInto('settings')
            .values({ key: `bm-batch:${key}`, value: 'x' })
            .execute();
        if (keysOf(events).includes('tx-bad')) throw new Error('the batch fails');
      },
    };
    const dispatcher = new EventDispatcher({ db, dialect, subscribers: [batching], backoffBaseMs: 1 });
    await dispatcher.drain();
    await writeTogether(db, ['tx-a', 'tx-b']);
    await db.transaction().execute((trx) => recordEvents(trx, [{ type: 'other.thing', aggregateId: null, actorId: null, payload: {} }]));
    await dispatcher.drain();
    expect(batches).toEqual([['tx-a', 'tx-b']]);
    expect(calls).toEqual([]);
    await writeTogether(db, ['tx-c', 'tx-bad', 'tx-d']);
    await drainUntil(dispatcher, () => calls.includes('tx-d'));
    // The batch failed; one by one, tx-c commits and tx-bad fails (rolled back). On retry the
    // batch from tx-bad fails again, and one by one tx-bad passes, then tx-d.
    expect(batches).toEqual([
      ['tx-a', 'tx-b'],
      ['tx-c', 'tx-bad', 'tx-d'],
      ['tx-bad', 'tx-d'],
    ]);
    expect(calls).toEqual(['tx-c', 'tx-bad', 'tx-c', 'tx-bad', 'tx-d']);
    const marks = await db.selectFrom('settings').select('key').where('key', 'like', 'bm%').orderBy('key').execute();
    expect(marks.map((m) => m.key)).toEqual(['bm-batch:tx-a', 'bm-batch:tx-b', 'bm:tx-bad', 'bm:tx-c', 'bm:tx-d']);
    expect(await dispatcher.behind()).toEqual([]);
  });

  it('keeps a lease between rounds while events come, so another process waits, and gives it back when idle and at stop', async () => {
    const got: string[] = [];
    const subscriber = (): Subscriber => ({
      name: 'kept-1',
      events: ['thing.written'],
      startAt: 'now',
      async handle(event) {
        got.push((event.payload as { key: string }).key);
      },
    });
    const lease = async () => (await db.selectFrom('event_subscriptions').select(['lock_token', 'locked_until']).where('name', '=', 'kept-1').executeTakeFirstOrThrow()).lock_token;
    const waitFor = async (done: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 600 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    // Polls only every 1.5 s: a round and the next events come well inside one interval.
    const one = new EventDispatcher({ db, dialect, subscribers: [subscriber()], idleMs: 1500, lockSeconds: 30 });
    await one.start();
    await write(db, 'kept-a');
    await waitFor(() => got.includes('kept-a'));
    const held = await lease();
    expect(held).not.toBeNull();
    // Another process finds the subscriber taken and delivers nothing; the first carries on under the same lease.
    const two = new EventDispatcher({ db, dialect, subscribers: [subscriber()], idleMs: 5, lockSeconds: 30 });
    await two.start();
    await write(db, 'kept-b');
    await waitFor(() => got.includes('kept-b'));
    expect(await lease()).toBe(held);
    // Idle for a poll interval: given back, and the other process takes over.
    await waitFor(async () => (await lease()) !== held);
    await write(db, 'kept-c');
    await waitFor(() => got.includes('kept-c'));
    // Stopped, neither process keeps it (the first may have taken it back once the second stopped).
    await two.stop();
    await one.stop();
    expect(await lease()).toBeNull();
    expect(got).toEqual(['kept-a', 'kept-b', 'kept-c']);
  });

  it('delivers every event exactly once with two dispatchers working at the same time', async () => {
    const subscriber = (): Subscriber => ({
      name: 'counter-1',
      events: ['thing.written'],
      async handle(event, ctx) {
        // The primary key makes a second delivery fail loudly instead of counting twice.
        await ctx.db
          .insertInto('settings')
          .values({ key: `counted:${event.id}`, value: nowIso() })
          .execute();
      },
    });
    const one = new EventDispatcher({ db, dialect, subscribers: [subscriber()], idleMs: 5, lockSeconds: 30 });
    const two = new EventDispatcher({ db, dialect, subscribers: [subscriber()], idleMs: 5, lockSeconds: 30 });
    await one.start();
    await two.start();
    const keys = Array.from({ length: 40 }, (_, i) => `parallel-${i}`);
    await Promise.all(keys.map((k) => write(db, k)));
    await one.drain();
    await two.drain();
    await one.stop();
    await two.stop();
    const ids = await db.selectFrom('domain_events').select('id').where('type', '=', 'thing.written').execute();
    const counted = await db.selectFrom('settings').select('key').where('key', 'like', 'counted:%').execute();
    expect(counted.map((c) => c.key).sort()).toEqual(ids.map((e) => `counted:${e.id}`).sort());
    expect(await db.selectFrom('event_failures').selectAll().where('subscriber', '=', 'counter-1').execute()).toEqual([]);
  });

  if (dialect === 'postgres')
    it('tells the dispatchers of other processes at commit (NOTIFY with the events, never for a rollback)', async () => {
      const listener = new pg.Client({ connectionString: tdb.databaseUrl });
      await listener.connect();
      try {
        const heard: string[] = [];
        listener.on('notification', (n) => heard.push(n.channel));
        await listener.query(`LISTEN ${DOMAIN_EVENT_CHANNEL}`);
        await write(db, 'rolled-back', true).catch(() => undefined);
        await write(db, 'told');
        for (let i = 0; i < 200 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(heard).toEqual([DOMAIN_EVENT_CHANNEL]);
      } finally {
        await listener.end();
      }
    });

  // PostgreSQL only: SQLite commits in id order.
  if (dialect === 'postgres')
    it('never skips an event whose transaction commits after a later one (PostgreSQL ids are taken before commit)', async () => {
      const seen: string[] = [];
      const dispatcher = new EventDispatcher({ db, dialect, subscribers: [{ name: 'order-1', events: ['thing.written'], handle: async (e) => void seen.push((e.payload as { key: string }).key) }] });
      await dispatcher.drain();
      seen.length = 0;
      let releaseSlow!: () => void;
      const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
      let slowRecorded!: () => void;
      const slowHasRecorded = new Promise<void>((resolve) => (slowRecorded = resolve));
      // The slow transaction takes the lower id, then waits; the fast one takes a higher id and commits first.
      const slow = db.transaction().execute(async (trx) => {
        await recordEvents(trx, [{ type: 'thing.written', aggregateId: null, actorId: null, payload: { key: 'slow' } }]);
        // More work of the same transaction: the event's insert, sent without waiting
        // (send-write.ts), has run once this statement is answered.
        await sql`SELECT 1`.execute(trx);
        slowRecorded();
        await slowMayCommit;
      });
      await slowHasRecorded;
      await write(db, 'fast');
      await dispatcher.drain(200);
      expect(seen).toEqual([]);
      releaseSlow();
      await slow;
      await dispatcher.drain();
      expect(seen.sort()).toEqual(['fast', 'slow']);
    });
});
