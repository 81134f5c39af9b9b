import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type SQLite from 'better-sqlite3';

/**
 * Loaded with require rather than imported: an ES import of a CommonJS package first has Node
 * scan its source for the names it exports, some 3 ms of a short command's start. And only once
 * a SQLite file is opened, so that a short command on PostgreSQL does not load it.
 */
let loaded: typeof SQLite | undefined;
const sqliteDriver = () => (loaded ??= createRequire(import.meta.url)('better-sqlite3') as typeof SQLite);

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the installation's SQLite file with the settings every connection needs, for the
 * server's connection (database.ts) and a short command's (raw-sql.ts) alike.
 */
export function openSqliteFile(dataDir: string): { sqlite: SQLite.Database; sqlitePath: string } {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlitePath = path.join(dataDir, 'anlauf.sqlite');
  const sqlite = new (sqliteDriver())(sqlitePath, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  // WAL: readers never block the writer. synchronous=NORMAL in WAL mode keeps every committed
  // transaction across a process crash (only an OS crash or power loss can lose the last ones).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Wait up to 5 s for another connection's write lock instead of failing at once.
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('cache_size = -32000');
  return { sqlite, sqlitePath };
}
