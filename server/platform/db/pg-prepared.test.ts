import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';

/** The texts the pg driver was asked to send while `work` ran (each call is one round trip). */
async function sentDuring(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return sent;
}

describe.skipIf(!DIALECTS.includes('postgres'))('the preparing PostgreSQL client', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await sql`CREATE TABLE begin_probe (id integer PRIMARY KEY)`.execute(t.handle.db);
  });
  afterAll(() => t.drop());

  it('sends the begin of a transaction with a following statement without parameters, and the transaction holds', async () => {
    const db = t.handle.db;
    let inside = '';
    const sent = await sentDuring(() =>
      db.transaction().execute(async (trx) => {
        await sql.raw('SET LOCAL statement_timeout = 1234').execute(trx);
        inside = (await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(trx)).rows[0]!.statement_timeout;
      }),
    );
    expect(sent).toEqual(['begin; SET LOCAL statement_timeout = 1234', 'SHOW statement_timeout', 'commit']);
    // SET LOCAL outside a transaction changes nothing: the setting held inside, so the begin was sent.
    expect(inside).toBe('1234ms');
    const after = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(db);
    expect(after.rows[0]!.statement_timeout).not.toBe('1234ms');
  });

  it('sends the begin first where the next statement has parameters, and a rollback undoes it', async () => {
    const db = t.handle.db;
    const sent = await sentDuring(async () => {
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`INSERT INTO begin_probe (id) VALUES (${7})`.execute(trx);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
    });
    expect(sent.slice(0, 2)).toEqual(['begin', 'INSERT INTO begin_probe (id) VALUES ($1)']);
    expect(sent.at(-1)).toBe('rollback');
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM begin_probe WHERE id = 7`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });

  it('fails the statement that carried the begin and leaves the connection usable', async () => {
    const db = t.handle.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql.raw('SELECT no_such_column FROM begin_probe').execute(trx);
      }),
    ).rejects.toThrow(/no_such_column/);
    await db.transaction().execute(async (trx) => {
      await sql.raw('INSERT INTO begin_probe (id) VALUES (8)').execute(trx);
    });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM begin_probe WHERE id = 8`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });
});
