import type { Dialect } from '../platform/db/database.ts';
import { createFreshDatabase, type FreshDatabase } from '../platform/db/fresh-database.ts';

/** SQLite always; PostgreSQL too when ANLAUF_TEST_DATABASE_URL is set. */
export const DIALECTS: Dialect[] = process.env.ANLAUF_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export type TestDatabase = FreshDatabase;

/** A fresh, migrated database of its own: a temporary SQLite file or a new PostgreSQL database. */
export function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  return createFreshDatabase(dialect, { prefix: 'anlauf_t_', adminUrl: process.env.ANLAUF_TEST_DATABASE_URL });
}
