import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from './database.ts';
import { migrateToLatest } from './migrate.ts';

export interface FreshDatabase {
  handle: DatabaseHandle;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Closes the handle and removes the database and the data directory. */
  drop(): Promise<void>;
}

/**
 * A new, migrated installation of its own for tests and benchmarks: a temporary SQLite data
 * directory, or a new PostgreSQL database `<prefix><random>` created through `adminUrl`.
 * `serving`: the handle serves an app as `anlauf serve` does (SQLite checkpoints in their thread).
 */
export async function createFreshDatabase(dialect: Dialect, options: { prefix: string; adminUrl?: string | undefined; serving?: boolean }): Promise<FreshDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.prefix.replace(/_+$/, '').replace(/_/g, '-')}-`));
  let databaseUrl: string | undefined;
  let dropPg = async () => {};
  if (dialect === 'postgres') {
    const adminUrl = options.adminUrl;
    if (!adminUrl) throw new Error('A PostgreSQL URL to create the database through is needed');
    const name = `${options.prefix}${crypto.randomBytes(6).toString('hex')}`;
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
  const handle = openDatabase({ databaseUrl, dataDir, backgroundCheckpoints: options.serving === true });
  await migrateToLatest(handle.db);
  return {
    handle,
    dataDir,
    databaseUrl,
    drop: async () => {
      await handle.destroy();
      await dropPg();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
