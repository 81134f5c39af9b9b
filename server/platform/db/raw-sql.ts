import type SQLite from 'better-sqlite3';
import type pgModule from 'pg';
import type { Dialect } from './dialect.ts';
import { checkedDatabaseUrl, loadPg } from './pg-driver.ts';
import { openSqliteFile } from './sqlite-file.ts';

/**
 * Statements written as text, for code that must also run without Kysely: a short command that
 * stores a few rows and exits (an MTA's pipe delivery, import-mail-command.ts) spent about 40 ms
 * of its start loading Kysely. `?` marks a parameter on both databases. On the server's pool the
 * same code runs through `rawSqlOf` (database.ts).
 */
export interface RawSql {
  readonly dialect: Dialect;
  /** The rows of one statement (none for a write without RETURNING). */
  query<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** One connection of a short command, without a pool and without Kysely. */
export interface RawConnection extends RawSql {
  /** Runs `work` in one transaction (on SQLite holding the write lock from its start). */
  transaction<T>(work: (sql: RawSql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL numbers its parameters: `?` → `$1`, `$2`, … (our texts have no `?` in a literal). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export async function openRawConnection(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<RawConnection> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): RawConnection {
  const { sqlite } = openSqliteFile(dataDir);
  const statements = new Map<string, SQLite.Statement>();
  const query = async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = sqlite.prepare(text)));
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  };
  return {
    dialect: 'sqlite',
    query,
    async transaction(work) {
      // Immediate, as the server's transactions (database.ts): the write lock is waited for up
      // front, under the busy timeout.
      sqlite.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await work({ dialect: 'sqlite', query });
        sqlite.prepare('COMMIT').run();
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
        throw error;
      }
    },
    async close() {
      sqlite.close();
    },
  };
}

async function openPostgres(databaseUrl: string): Promise<RawConnection> {
  const connectionString = checkedDatabaseUrl(databaseUrl);
  const client: pgModule.Client = new (loadPg().Client)({ connectionString });
  await client.connect();
  const query = async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> => (await client.query(numberedPlaceholders(text), [...params])).rows as T[];
  return {
    dialect: 'postgres',
    query,
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work({ dialect: 'postgres', query });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    // The Terminate message goes out at once, but waiting for PostgreSQL to close its end took
    // 9 ms of every pipe delivery. So the socket stops keeping the process alive: it exits once
    // nothing else is left, and closing the descriptor sends what is still buffered.
    close: async () => {
      const ended = client.end().catch(() => undefined);
      const { stream } = (client as unknown as { connection: { stream?: { unref?: () => void } } }).connection;
      if (stream?.unref) stream.unref();
      else await ended;
    },
  };
}
