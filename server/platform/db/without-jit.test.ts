import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { withoutJit } from './without-jit.ts';

const jitSetting = async (db: Parameters<Parameters<typeof withoutJit>[1]>[0]) => (await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(db)).rows[0]!.jit;

describe.each(DIALECTS)('withoutJit on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.drop());

  it('runs the work and gives its answer; on PostgreSQL with JIT off there and only there', async () => {
    const db = t.handle.db;
    const answer = await withoutJit(db, async (trx) => (await sql<{ n: number }>`SELECT 41 + 1 AS n`.execute(trx)).rows[0]!.n);
    expect(Number(answer)).toBe(42);
    if (dialect !== 'postgres') return;
    // On one connection: off inside, and afterwards the server's own setting again (whatever it is).
    await db.connection().execute(async (connection) => {
      const before = await jitSetting(connection);
      expect(await withoutJit(connection, jitSetting)).toBe('off');
      expect(await jitSetting(connection)).toBe(before);
    });
    expect(await db.transaction().execute((trx) => withoutJit(trx, jitSetting))).toBe('off');
  });
});
