import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
/** A database handle or an open transaction: queries take either. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The SQLite file, when the dialect is sqlite. */
  sqlitePath?: string;
  /** The raw better-sqlite3 connection (backups use it). */
  sqlite?: SQLite.Database;
  destroy(): Promise<void>;
}

// COUNT(*) and BIGINT come back as strings from pg by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): DatabaseHandle {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error('DATABASE_URL must start with postgres:// (SQLite is used when it is unset)');
    }
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: Number(process.env.ANLAUF_DB_POOL) || 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', destroy: () => db.destroy() };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const sqlitePath = path.join(options.dataDir, 'anlauf.sqlite');
  const sqlite = new SQLite(sqlitePath);
  // WAL: readers never block the writer. synchronous=NORMAL in WAL mode keeps every committed
  // transaction across a process crash (only an OS crash or power loss can lose the last ones).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -32000');
  // The planner needs statistics to pick "walk the primary key newest first" over "read a whole
  // group and sort" for queue pages; refresh them at open and every hour as the tables grow.
  sqlite.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => sqlite.open && sqlite.pragma('optimize'), 3_600_000);
  optimizer.unref();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    sqlitePath,
    sqlite,
    destroy: async () => {
      clearInterval(optimizer);
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every statement anew; compiling the SQL costs more than running most of our
 * queries. The same SQL text always gets the same prepared statement back (queries run one at
 * a time on this connection, so sharing a statement is safe).
 */
function withStatementCache(sqlite: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        // Lists with IN (…) of varying length make many texts; keep the cache bounded.
        if (cache.size >= 2000) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** The current time as the ISO string we store. */
export const nowIso = () => new Date().toISOString();
