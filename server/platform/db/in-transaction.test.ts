import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { inTransaction } from './in-transaction.ts';

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
      await sql`BEGIN`.execute(connection);
      await sql`SELECT id FROM lock_probe WHERE id = 2 FOR UPDATE`.execute(connection);
      let attempts = 0;
      let otherTakesRowOne: Promise<unknown> | undefined;
      const command = inTransaction(db, async (trx) => {
        attempts++;
        await sql`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`.execute(trx);
        // The first attempt waits for row 2 first, so its deadlock check runs first and picks it.
        otherTakesRowOne ??= new Promise((resolve) => setTimeout(resolve, 200)).then(() => sql`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`.execute(connection));
        await sql`SELECT id FROM lock_probe WHERE id = 2 FOR UPDATE`.execute(trx);
        return attempts;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Once the command's first attempt is rolled back, the other transaction gets row 1 and ends.
      await otherTakesRowOne;
      await sql`COMMIT`.execute(connection);
      return await command;
    });
    expect(attempts).toBe(2);
  });
});
