import type { Dialect } from '../server/platform/db/database.ts';
import { createFreshDatabase, type FreshDatabase as Fresh } from '../server/platform/db/fresh-database.ts';

export interface FreshDatabase extends Fresh {
  /** What the report says about where the data lived. */
  where: string;
}

/**
 * A new SQLite data directory, or a new PostgreSQL database `anlauf_bench_<random>` that drop()
 * removes. `serving`: the bench serves its app from this handle, as `anlauf serve` would.
 */
export async function freshDatabase(dialect: Dialect, adminUrl: string, options: { serving?: boolean } = {}): Promise<FreshDatabase> {
  const fresh = await createFreshDatabase(dialect, { prefix: 'anlauf_bench_', adminUrl, serving: options.serving });
  const where = dialect === 'sqlite' ? `SQLite in ${fresh.dataDir}` : `PostgreSQL database ${new URL(fresh.databaseUrl!).pathname.slice(1)}`;
  return { ...fresh, where };
}
