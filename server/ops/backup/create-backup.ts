import fs from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { PROJECT_ROOT } from '../../platform/paths.ts';
import type { Config } from '../../platform/config.ts';
import { type Dialect, type Executor, nowIso, openDatabase } from '../../platform/db/database.ts';
import { newTempPath, storagePath } from '../../modules/attachments/attachment-store.ts';
import { ATTACHMENTS_DIR, BACKUP_FORMAT, KEY_NAME, KEYS_DIR, BACKUP_VERSION, type BackupSummary, encodeValue, type Manifest, MANIFEST_FILE, TABLES_DIR, tableFile } from './backup-format.ts';
import { appliedMigrations, listTables, type TableInfo } from './table-catalogue.ts';

const PAGE = 2000;
const { version: anlaufVersion } = createRequire(import.meta.url)(path.join(PROJECT_ROOT, 'package.json')) as { version: string };

/** Reads a table page by page in primary-key order (keyset paging; offset when it has no key). */
async function* tableRows(db: Executor, table: TableInfo): AsyncGenerator<Record<string, unknown>> {
  const key = table.primaryKey;
  const order = sql.join((key.length ? key : table.columns).map((c) => sql.ref(c)));
  let after: unknown[] | undefined;
  for (let offset = 0; ; offset += PAGE) {
    const where = key.length && after ? sql`WHERE (${order}) > (${sql.join(after)})` : sql``;
    const page = key.length ? sql`` : sql`OFFSET ${offset}`;
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table.name)} ${where} ORDER BY ${order} LIMIT ${PAGE} ${page}`.execute(db);
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = key.map((c) => last[c]);
  }
}

async function writeTable(db: Executor, table: TableInfo, file: string, onRow: (row: Record<string, unknown>) => void): Promise<number> {
  const out = fs.createWriteStream(file, { flags: 'wx' });
  let count = 0;
  for await (const row of tableRows(db, table)) {
    const encoded: Record<string, unknown> = {};
    for (const column of table.columns) encoded[column] = encodeValue(row[column]);
    onRow(row);
    count++;
    if (!out.write(`${JSON.stringify(encoded)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Every table in one snapshot: REPEATABLE READ READ ONLY on PostgreSQL, one deferred read
 * transaction on SQLite (WAL). Not Kysely's transaction there: that one takes the write lock
 * up front (see platform/db/database.ts) and would hold off the serving app for the whole backup.
 */
async function inSnapshot<T>(db: ReturnType<typeof openDatabase>['db'], dialect: Dialect, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work);
  return db.connection().execute(async (connection) => {
    await sql`begin deferred`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

/** Puts a stored file into the staging area: a hard link where possible (no copy), else a copy. */
function stageFile(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.linkSync(source, target);
  } catch {
    fs.copyFileSync(source, target);
  }
}

/** The key files of the installation (<dataDir>/keys): without them encrypted secrets are lost. */
function stageKeys(dataDir: string, staging: string): string[] {
  const dir = path.join(dataDir, KEYS_DIR);
  if (!fs.existsSync(dir)) return [];
  const names = fs
    .readdirSync(dir)
    .filter((name) => KEY_NAME.test(name) && fs.statSync(path.join(dir, name)).isFile())
    .sort();
  if (names.length) fs.mkdirSync(path.join(staging, KEYS_DIR), { mode: 0o700 });
  for (const name of names) fs.copyFileSync(path.join(dir, name), path.join(staging, KEYS_DIR, name));
  return names;
}

/**
 * Writes a consistent backup of the configured installation to `file` while it may be serving:
 * all rows come from one snapshot on a connection of its own, and attachment files are
 * write-once, so copying those the snapshot names is consistent too.
 */
export async function createBackup(config: Pick<Config, 'dataDir' | 'databaseUrl'>, file: string): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (!fs.existsSync(path.dirname(target))) throw new Error(`The directory of ${file} does not exist.`);
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'anlauf.sqlite'))) {
    throw new Error(`There is no Anlauf database in ${config.dataDir} (set ANLAUF_DATA_DIR or DATABASE_URL).`);
  }
  const staging = newTempPath(config.dataDir, 'backup');
  fs.mkdirSync(path.join(staging, TABLES_DIR), { recursive: true });
  const database = openDatabase(config);
  try {
    const storageKeys = new Set<string>();
    const { tables, migrations } = await inSnapshot(database.db, database.dialect, async (trx) => {
      const catalogue = await listTables(trx, database.dialect);
      const counted: Manifest['tables'] = [];
      for (const table of catalogue) {
        const collect = table.name === 'attachments' || table.name === 'kb_images' ? (row: Record<string, unknown>) => storageKeys.add(String(row.storage_key)) : () => {};
        const rows = await writeTable(trx, table, path.join(staging, tableFile(table.name)), collect);
        counted.push({ name: table.name, columns: table.columns, rows });
      }
      return { tables: counted, migrations: await appliedMigrations(trx) };
    });

    let bytes = 0;
    const missing: string[] = [];
    for (const key of [...storageKeys].sort()) {
      const source = storagePath(config.dataDir, key);
      if (!fs.existsSync(source)) {
        missing.push(key);
        continue;
      }
      bytes += fs.statSync(source).size;
      stageFile(source, path.join(staging, ATTACHMENTS_DIR, ...key.split('/')));
    }
    const keys = stageKeys(config.dataDir, staging);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: nowIso(),
      dialect: database.dialect,
      anlaufVersion,
      migrations,
      tables,
      attachments: { files: storageKeys.size - missing.length, bytes, missing },
      keys,
    };
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    // Written next to the target and renamed at the end: a failed backup leaves no half file.
    const partial = `${target}.partial-${process.pid}`;
    // The manifest first and the tables in dependency order, so a reader can stream the archive.
    const optional = [ATTACHMENTS_DIR, KEYS_DIR].filter((dir) => fs.existsSync(path.join(staging, dir)));
    const entries = [MANIFEST_FILE, ...tables.map((t) => tableFile(t.name)), ...optional];
    try {
      fs.writeFileSync(partial, '', { mode: 0o600 });
      await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, entries);
      fs.chmodSync(partial, 0o600);
      fs.renameSync(partial, target);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    return {
      file: target,
      dialect: database.dialect,
      tables: tables.length,
      rows: tables.reduce((sum, t) => sum + t.rows, 0),
      tickets: tables.find((t) => t.name === 'tickets')?.rows ?? 0,
      attachments: manifest.attachments.files,
      missingAttachments: missing.length,
    };
  } finally {
    await database.destroy();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
