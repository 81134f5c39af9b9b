import type SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { type Dialect, dialectOf } from './dialect.ts';
import { checkedDatabaseUrl, loadPg } from './pg-driver.ts';
import { preparingClient } from './pg-prepared.ts';
import { numberedPlaceholders, type RawSql } from './raw-sql.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import { openSqliteFile } from './sqlite-file.ts';
import { keepSqliteStatisticsFresh } from './sqlite-statistics.ts';

export { nowIso } from './now.ts';

export type { Dialect };
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

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  dbPool?: number;
  pgPrepare?: boolean;
  /** SQLite: checkpoint in a thread of its own (sqlite-checkpointer.ts), for serving processes. */
  backgroundCheckpoints?: boolean;
}

export function openDatabase(options: OpenOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const connectionString = checkedDatabaseUrl(options.databaseUrl);
    const pg = loadPg();
    const pool = new pg.Pool({
      connectionString,
      max: options.dbPool ?? 10,
      ...(options.pgPrepare === false ? {} : { Client: preparingClient(pg) }),
      // Statements are written without waiting for the answer of the one before (answers come
      // back in order): a transaction's begin travels with its first statement, and writes sent
      // without waiting (send-write.ts) cost no round trip of their own.
      pipeline: true,
      // A new connection starts with empty catalogue caches (its first ticket page planned in
      // 13 ms instead of 2) and none of our prepared statements: keep idle ones for 5 minutes
      // rather than pg's 10 s, which under light load reopened them all the time.
      idleTimeoutMillis: 300_000,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', destroy: () => db.destroy() };
  }
  const { sqlite, sqlitePath } = openSqliteFile(options.dataDir);
  const stopStatistics = keepSqliteStatisticsFresh(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const checkpointer = options.backgroundCheckpoints ? startCheckpointer(sqlite, sqlitePath) : undefined;
  return {
    db,
    dialect: 'sqlite',
    sqlitePath,
    sqlite,
    destroy: async () => {
      stopStatistics();
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every statement anew; compiling the SQL costs more than running most of our
 * queries. The same SQL text always gets the same prepared statement back (queries run one at
 * a time on this connection, so sharing a statement is safe).
 *
 * Kysely's SqliteDialect starts every transaction with a plain (deferred) `begin` and has no
 * setting for another kind. A deferred transaction that has read and then writes must upgrade
 * its lock; when another connection (a backup's statistics refresh, a worker or CLI process)
 * has written meanwhile, SQLite refuses at once with "database is locked", without waiting for
 * the busy timeout. So Kysely's `begin` becomes `begin immediate`: the write lock is taken up
 * front, where the busy timeout applies, and write transactions run one after the other across
 * processes. A read-only snapshot that must not block writers says `begin deferred` itself
 * (see ops/backup/create-backup.ts).
 */
const STATEMENT_CACHE_SIZE = 400;

function withStatementCache(sqlite: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const sql = text === 'begin' ? 'begin immediate' : text;
      let statement = cache.get(sql);
      if (statement) {
        // Least recently used goes first: the hot path's statements stay.
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        // Lists with IN (…) of varying length make many texts; a prepared statement holds about
        // 13 kB of native memory, so 2,000 of them were some 27 MB of the process's RSS.
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/**
 * Statements written as text (raw-sql.ts) on a Kysely handle or transaction: code shared with a
 * short command that runs without Kysely (store-raw-mail.ts) runs here on the server's pool.
 */
export function rawSqlOf(executor: Executor): RawSql {
  const dialect = dialectOf(executor);
  return {
    dialect,
    async query<T>(text: string, params: readonly unknown[] = []) {
      const compiled = CompiledQuery.raw(dialect === 'postgres' ? numberedPlaceholders(text) : text, [...params]);
      return (await executor.executeQuery<T>(compiled)).rows as T[];
    },
  };
}
