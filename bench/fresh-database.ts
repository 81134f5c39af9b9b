import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';

export interface FreshDatabase {
  handle: DatabaseHandle;
  dataDir: string;
  databaseUrl: string | undefined;
  /** What the report says about where the data lived. */
  where: string;
  drop(): Promise<void>;
}

/** A new SQLite data directory, or a new PostgreSQL database `anlauf_bench_<random>` that drop() removes. */
export async function freshDatabase(dialect: Dialect, adminUrl: string): Promise<FreshDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-'));
  let databaseUrl: string | undefined;
  let dropPg = async () => {};
  if (dialect === 'postgres') {
    const name = `anlauf_bench_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropPg = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const handle = openDatabase({ databaseUrl, dataDir });
  await migrateToLatest(handle.db);
  const where = dialect === 'sqlite' ? `SQLite in ${dataDir}` : `PostgreSQL database ${new URL(databaseUrl!).pathname.slice(1)}`;
  return {
    handle,
    dataDir,
    databaseUrl,
    where,
    drop: async () => {
      await handle.destroy();
      await dropPg();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
