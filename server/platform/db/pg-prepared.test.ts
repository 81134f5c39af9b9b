import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { sendWrite } from './send-write.ts';

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

  it('answers a write sent without waiting at once, and a failing one fails the transaction with its own error and commits nothing', async () => {
    const db = t.handle.db;
    const probe = (id: number) => sql`INSERT INTO begin_probe (id) VALUES (${id})`.compile(db);
    // Succeeding: the later read of the same transaction sees the writes, and the commit keeps them.
    const seen = await db.transaction().execute(async (trx) => {
      await sendWrite(trx, probe(20));
      await sendWrite(trx, probe(21));
      return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM begin_probe WHERE id IN (20, 21)`.execute(trx)).rows[0]!.n;
    });
    expect(seen).toBe(2);
    // The second write breaks the primary key: the read after it fails with the write's error
    // (not "current transaction is aborted"), and the first write is rolled back with it.
    let readError: unknown;
    await expect(
      db.transaction().execute(async (trx) => {
        await sendWrite(trx, probe(22));
        await sendWrite(trx, probe(20));
        try {
          await sql`SELECT 1`.execute(trx);
        } catch (error) {
          readError = error;
          throw error;
        }
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(readError).toMatchObject({ code: '23505', constraint: 'begin_probe_pkey' });
    // A failing write as the transaction's last statement: the commit fails with it.
    await expect(
      db.transaction().execute(async (trx) => {
        await sendWrite(trx, probe(23));
        await sendWrite(trx, probe(21));
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const { rows } = await sql<{ id: number }>`SELECT id FROM begin_probe WHERE id BETWEEN 20 AND 29 ORDER BY id`.execute(db);
    expect(rows.map((r) => r.id)).toEqual([20, 21]);
    // The connections are usable afterwards, and outside a transaction the write waits and fails at once.
    await expect(sendWrite(db, probe(20))).rejects.toMatchObject({ code: '23505' });
    await sendWrite(db, probe(24));
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM begin_probe WHERE id = 24`.execute(db)).rows[0]!.n).toBe(1);
  });

  it('writes what is sent without waiting to the socket together with the next statement that is waited for', async () => {
    const db = t.handle.db;
    let writes = -1;
    await db.transaction().execute(async (trx) => {
      await sql`SELECT ${1}::int`.execute(trx);
      // Socket writes from here on (nothing else in this test process talks to PostgreSQL now).
      const proto = net.Socket.prototype as unknown as { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown };
      const [write, writev] = [proto._write, proto._writev];
      let count = 0;
      proto._write = function (this: unknown, ...a: unknown[]) {
        count++;
        return write.apply(this, a);
      };
      proto._writev = function (this: unknown, ...a: unknown[]) {
        count++;
        return writev.apply(this, a);
      };
      try {
        await sendWrite(trx, sql`INSERT INTO begin_probe (id) VALUES (${30})`.compile(trx));
        await sendWrite(trx, sql`INSERT INTO begin_probe (id) VALUES (${31})`.compile(trx));
        await sql`SELECT ${2}::int`.execute(trx);
      } finally {
        [proto._write, proto._writev] = [write, writev];
      }
      writes = count;
    });
    expect(writes).toBe(1);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM begin_probe WHERE id IN (30, 31)`.execute(db);
    expect(rows[0]!.n).toBe(2);
  });
});
