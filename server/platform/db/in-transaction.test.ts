import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import type { Db } from './database.ts';
import { inTransaction } from './in-transaction.ts';
import { sendWrite } from './send-write.ts';

/** Resolves once a session of this database waits for a lock (pg_stat_activity is read afresh on each poll). */
async function someoneWaitsForALock(db: Db): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ waiting: number }>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * PostgreSQL's victim of a deadlock is the session whose deadlock check runs first: the one that
 * has waited `deadlock_timeout` (1 s) first. The command starts waiting first, and the test's own
 * session closes the cycle half a second later and checks only after 5 s where it may set that
 * (a superuser): with 10 ms between the two, a busy machine once made the test's session the victim.
 */
const CLOSE_THE_CYCLE_AFTER_MS = 500;

describe.skipIf(!DIALECTS.includes('postgres'))('a command transaction on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await sql`CREATE TABLE lock_probe (id integer PRIMARY KEY)`.execute(t.handle.db);
    await sql`INSERT INTO lock_probe VALUES (1), (2)`.execute(t.handle.db);
  });
  afterAll(() => t.drop());

  it('runs again, not failing, when it was the victim of a deadlock', async () => {
    const db = t.handle.db;
    const attempts = await db.connection().execute(async (connection) => {
      await sql`SET deadlock_timeout = '5s'`.execute(connection).catch(() => undefined);
      await sql`BEGIN`.execute(connection);
      await sql`SELECT id FROM lock_probe WHERE id = 2 FOR UPDATE`.execute(connection);
      let attempts = 0;
      let holdsRowOne!: () => void;
      const firstAttemptHoldsRowOne = new Promise<void>((resolve) => (holdsRowOne = resolve));
      const command = inTransaction(db, async (trx) => {
        attempts++;
        await sql`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`.execute(trx);
        holdsRowOne();
        await sql`SELECT id FROM lock_probe WHERE id = 2 FOR UPDATE`.execute(trx);
        return attempts;
      });
      // The command's first attempt waits for row 2 before this transaction asks for row 1, so its
      // deadlock check runs first and picks it; once it is rolled back, this one gets row 1 and ends.
      await firstAttemptHoldsRowOne;
      await someoneWaitsForALock(db);
      await new Promise((resolve) => setTimeout(resolve, CLOSE_THE_CYCLE_AFTER_MS));
      await sql`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`.execute(connection);
      await sql`COMMIT`.execute(connection);
      await sql`RESET deadlock_timeout`.execute(connection);
      return await command;
    });
    // Two as a rule; a third only if the waiting session was slower than the pause before the retry.
    expect(attempts).toBeGreaterThanOrEqual(2);
  });

  it('runs again when the deadlock hits a write sent without waiting, which only its commit hears of', async () => {
    const db = t.handle.db;
    const attempts = await db.connection().execute(async (connection) => {
      await sql`SET deadlock_timeout = '5s'`.execute(connection).catch(() => undefined);
      await sql`BEGIN`.execute(connection);
      await sql`SELECT id FROM lock_probe WHERE id = 2 FOR UPDATE`.execute(connection);
      let attempts = 0;
      let holdsRowOne!: () => void;
      const firstAttemptHoldsRowOne = new Promise<void>((resolve) => (holdsRowOne = resolve));
      const command = inTransaction(db, async (trx) => {
        attempts++;
        await sql`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`.execute(trx);
        holdsRowOne();
        // Goes out with the commit and waits there for row 2 (send-write.ts).
        await sendWrite(trx, sql`UPDATE lock_probe SET id = id WHERE id = ${2}`.compile(trx));
        return attempts;
      });
      await firstAttemptHoldsRowOne;
      await someoneWaitsForALock(db);
      await new Promise((resolve) => setTimeout(resolve, CLOSE_THE_CYCLE_AFTER_MS));
      await sql`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`.execute(connection);
      await sql`COMMIT`.execute(connection);
      await sql`RESET deadlock_timeout`.execute(connection);
      return await command;
    });
    // Two as a rule; a third only if the waiting session was slower than the pause before the retry.
    expect(attempts).toBeGreaterThanOrEqual(2);
  });
});
