import { type Compilable, CompiledQuery, sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { dialectOf } from '../platform/db/dialect.ts';

/**
 * The plan the database would run a query with, as text: SQLite's `EXPLAIN QUERY PLAN` details
 * or PostgreSQL's `EXPLAIN` lines. `avoid` (PostgreSQL): plan types switched off for this one
 * plan (`seqscan`, `bitmapscan`, `indexscan`), since on a test's few rows PostgreSQL reads the table itself,
 * where at a million rows it would use the index the test is about.
 */
export async function queryPlan(db: Db, query: Compilable<unknown> | CompiledQuery, avoid: Array<'seqscan' | 'bitmapscan' | 'indexscan'> = []): Promise<string> {
  const compiled = 'compile' in query ? query.compile() : query;
  const explain = (prefix: string) => CompiledQuery.raw(`${prefix} ${compiled.sql}`, [...compiled.parameters]);
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(explain('EXPLAIN QUERY PLAN'));
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    for (const setting of avoid) await sql`SELECT set_config(${`enable_${setting}`}, 'off', true)`.execute(trx);
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(explain('EXPLAIN'));
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
