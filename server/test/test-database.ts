import pg from 'pg';
import type { Dialect } from '../platform/db/database.ts';
import { createFreshDatabase, type FreshDatabase } from '../platform/db/fresh-database.ts';

/** SQLite always; PostgreSQL too when ANLAUF_TEST_DATABASE_URL is set. */
export const DIALECTS: Dialect[] = process.env.ANLAUF_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export type TestDatabase = FreshDatabase;

/** A fresh, migrated database of its own: a temporary SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const adminUrl = process.env.ANLAUF_TEST_DATABASE_URL;
  const fresh = await createFreshDatabase(dialect, { prefix: 'anlauf_t_', adminUrl });
  if (!fresh.databaseUrl || !adminUrl) return fresh;
  const name = new URL(fresh.databaseUrl).pathname.slice(1);
  return {
    ...fresh,
    // A closed pool (the handle's, or one of a command run in-process) resolves before its
    // connections are gone; DROP DATABASE … WITH (FORCE) would then terminate them, and the
    // closing pool would raise that as an uncaught error. So wait for them to go first.
    drop: async () => {
      await fresh.handle.destroy();
      await sessionsGone(adminUrl, name);
      await fresh.drop();
    },
  };
}

async function sessionsGone(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let i = 0; i < 250; i++) {
      const { rows } = await admin.query<{ n: string | number }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (Number(rows[0]!.n) === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await admin.end();
  }
}
