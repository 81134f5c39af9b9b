import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { beforeCommit } from './before-commit.ts';
import type { Executor } from './database.ts';
import { inTransaction } from './in-transaction.ts';

describe('group commit on SQLite', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await sql`CREATE TABLE gc_parent (id integer PRIMARY KEY)`.execute(t.handle.db);
    await sql`CREATE TABLE gc_child (id integer PRIMARY KEY, parent integer REFERENCES gc_parent (id) DEFERRABLE INITIALLY DEFERRED)`.execute(t.handle.db);
  });
  afterAll(() => t.drop());

  const rows = async (table: 'gc_parent' | 'gc_child') => (await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} ORDER BY id`.execute(t.handle.db)).rows.map((r) => r.id);

  it('runs commands that arrive together in one transaction, with the outcome of running them one after the other', async () => {
    const db = t.handle.db;
    const transactions = new Set<unknown>();
    const runs = new Array<number>(12).fill(0);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(db, async (trx) => {
          transactions.add(trx);
          runs[i]!++;
          // Fails before writing: only this command fails, the batch goes on.
          if (i === 4) throw new Error('command 5 fails');
          await sql`INSERT INTO gc_parent (id) VALUES (${i + 1})`.execute(trx);
          // Sees what the commands before it wrote, as if they had committed.
          const before = (await sql<{ n: number }>`SELECT count(*) AS n FROM gc_parent`.execute(trx)).rows[0]!.n;
          // Fails after writing a row: the batch is rolled back and the commands before it run again.
          if (i === 7) await sql`INSERT INTO gc_parent (id) VALUES (1)`.execute(trx);
          return before;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[4] as PromiseRejectedResult).reason).toHaveProperty('message', 'command 5 fails');
    expect((results[7] as PromiseRejectedResult).reason).toHaveProperty('code', 'SQLITE_CONSTRAINT_PRIMARYKEY');
    // Each command counted the rows of those before it that were kept, and its own.
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await rows('gc_parent')).toEqual([1, 2, 3, 4, 6, 7, 9, 10, 11, 12]);
    // One transaction for all, rolled back at command 8; the next one ran the first seven again.
    expect(transactions.size).toBe(2);
    expect(runs).toEqual([2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]);
  });

  it('fails every command of a batch whose commit fails, and stores none of them', async () => {
    const db = t.handle.db;
    const results = await Promise.allSettled([
      inTransaction(db, (trx) => sql`INSERT INTO gc_parent (id) VALUES (100)`.execute(trx)),
      // Deferred: the foreign key is checked at the commit, which fails for the whole batch.
      inTransaction(db, (trx) => sql`INSERT INTO gc_child (id, parent) VALUES (1, 999)`.execute(trx)),
      inTransaction(db, (trx) => sql`INSERT INTO gc_parent (id) VALUES (101)`.execute(trx)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toHaveProperty('code', 'SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(await rows('gc_parent')).not.toContain(100);
    expect(await rows('gc_child')).toEqual([]);
    // The next command gets a batch of its own and is stored.
    await inTransaction(db, (trx) => sql`INSERT INTO gc_parent (id) VALUES (102)`.execute(trx));
    expect(await rows('gc_parent')).toContain(102);
  });

  it('fails the whole batch when SQLite may have ended the transaction itself', async () => {
    const db = t.handle.db;
    const results = await Promise.allSettled([
      inTransaction(db, (trx) => sql`INSERT INTO gc_parent (id) VALUES (200)`.execute(trx)),
      inTransaction(db, () => Promise.reject(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }))),
      inTransaction(db, (trx) => sql`INSERT INTO gc_parent (id) VALUES (201)`.execute(trx)),
    ]);
    // The command before it is not stored either; the one after it runs in a batch of its own.
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toHaveProperty('code', 'SQLITE_IOERR_WRITE');
    expect((await rows('gc_parent')).filter((id) => id >= 200)).toEqual([201]);
  });

  it('takes at most 32 commands into one batch and runs the rest in the next', async () => {
    const db = t.handle.db;
    const transactions: unknown[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        inTransaction(db, async (trx) => {
          transactions.push(trx);
          await sql`INSERT INTO gc_parent (id) VALUES (${1000 + i})`.execute(trx);
        }),
      ),
    );
    expect(new Set(transactions).size).toBe(2);
    expect(transactions.filter((trx) => trx === transactions[0])).toHaveLength(32);
    expect((await rows('gc_parent')).filter((id) => id >= 1000)).toHaveLength(40);
  });

  it('runs the writes its commands deferred to the commit after all their other statements, in order, and drops those of a failed command', async () => {
    const db = t.handle.db;
    await sql`CREATE TABLE gc_log (seq integer PRIMARY KEY AUTOINCREMENT, entry text NOT NULL)`.execute(db);
    const log = (entry: string, trx: Executor) => sql`INSERT INTO gc_log (entry) VALUES (${entry})`.execute(trx);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        inTransaction(db, async (trx) => {
          await beforeCommit(trx, () => log(`deferred ${i} a`, trx));
          // Fails before writing a row: what it deferred goes too, the batch goes on.
          if (i === 2) throw new Error('command 3 fails');
          await log(`direct ${i}`, trx);
          await beforeCommit(trx, () => log(`deferred ${i} b`, trx));
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const entries = (await sql<{ entry: string }>`SELECT entry FROM gc_log ORDER BY seq`.execute(db)).rows.map((r) => r.entry);
    expect(entries).toEqual([
      'direct 0',
      'direct 1',
      'direct 3',
      'direct 4',
      'deferred 0 a',
      'deferred 0 b',
      'deferred 1 a',
      'deferred 1 b',
      'deferred 3 a',
      'deferred 3 b',
      'deferred 4 a',
      'deferred 4 b',
    ]);
    // Outside a batch (a transaction of its own) a deferred write runs at once.
    await db.transaction().execute(async (trx) => {
      await beforeCommit(trx, () => log('at once', trx));
      expect((await sql<{ n: number }>`SELECT count(*) AS n FROM gc_log WHERE entry = 'at once'`.execute(trx)).rows[0]!.n).toBe(1);
    });
  });
});
