import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { type Kysely, sql } from 'kysely';
import * as tar from 'tar';
import type { Config } from '../../platform/config.ts';
import { type DatabaseHandle, type Dialect, type Executor, openDatabase } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { refillReportFacts } from '../../modules/reports/report-facts.ts';
import { commitStaged, hashFile, newTempPath } from '../../modules/attachments/attachment-store.ts';
import { ATTACHMENTS_DIR, decodeValue, KEYS_DIR, type Manifest, MANIFEST_FILE, manifestSchema, tableFile } from './backup-format.ts';
import { rebuildSearchIndex } from './rebuild-search-index.ts';
import { appliedMigrations, listTables, type TableInfo } from './table-catalogue.ts';
import { keepRecentSearchIndex } from '../../modules/tickets/recent-search-index.ts';
import { vacuumAfterBulkLoad } from '../../platform/db/vacuum-after-bulk-load.ts';

/** Parameters per INSERT statement, well below SQLite's and PostgreSQL's limits. */
const MAX_PARAMS = 10_000;

export interface RestoreSummary {
  file: string;
  from: Dialect;
  into: Dialect;
  createdAt: string;
  tickets: number;
  rows: number;
  attachments: number;
}

/**
 * "Empty" is what a fresh installation looks like, even after its first start: no tickets and
 * at most one user (the administrator the first start creates). Its default groups, that
 * administrator and any other defaults are replaced by the backup's rows.
 */
async function assertEmpty(db: Executor): Promise<void> {
  const tickets = Number(
    (
      await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const users = Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (tickets > 0 || users > 1) {
    throw new Error(`The target installation is not empty (${tickets} tickets, ${users} users); restore into a new ANLAUF_DATA_DIR or an empty database.`);
  }
}

/** Unpacks the archive (regular files and directories only) and reads its manifest. */
async function unpack(file: string, staging: string): Promise<Manifest> {
  try {
    await tar.x({ file, cwd: staging, strict: true, filter: (_path, entry) => !('type' in entry) || entry.type === 'File' || entry.type === 'Directory' });
  } catch (error) {
    throw new Error(`${file} is not a readable Anlauf backup (${error instanceof Error ? error.message : String(error)}).`);
  }
  const manifestPath = path.join(staging, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath)) throw new Error(`${file} is not an Anlauf backup: it has no ${MANIFEST_FILE}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    throw new Error(`${file} is not an Anlauf backup: ${MANIFEST_FILE} is not JSON.`);
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) throw new Error(`${file} is not a backup this version of Anlauf can read (${manifest.error.issues[0]?.path.join('.') || 'manifest'}: ${manifest.error.issues[0]?.message}).`);
  return manifest.data;
}

async function* ndjson(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as Record<string, unknown>;
}

/**
 * Inserts one table's rows, keeping their ids. A reference to the same table that points at a
 * row not inserted yet is set afterwards, so the order of rows inside a table does not matter.
 */
async function loadTable(trx: Kysely<any>, dialect: Dialect, staging: string, table: TableInfo, columns: string[]): Promise<number> {
  const selfRefs = table.references.filter((r) => r.table === table.name && columns.includes(r.column));
  const inserted = new Map(selfRefs.map((r) => [r.refColumn, new Set<unknown>()]));
  const later: Array<{ where: Record<string, unknown>; column: string; value: unknown }> = [];
  const perBatch = Math.max(1, Math.min(500, Math.floor(MAX_PARAMS / Math.max(1, columns.length))));
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length) await trx.insertInto(table.name).values(batch).execute();
    batch = [];
  };
  for await (const raw of ndjson(path.join(staging, tableFile(table.name)))) {
    const row: Record<string, unknown> = {};
    for (const column of columns) row[column] = decodeValue(raw[column] ?? null, dialect);
    for (const ref of selfRefs) {
      const value = row[ref.column];
      if (value !== null && !inserted.get(ref.refColumn)!.has(value)) {
        later.push({ where: Object.fromEntries(table.primaryKey.map((k) => [k, row[k]])), column: ref.column, value });
        row[ref.column] = null;
      }
    }
    for (const ref of selfRefs) inserted.get(ref.refColumn)!.add(row[ref.refColumn]);
    batch.push(row);
    count++;
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  for (const fix of later) {
    let update = trx.updateTable(table.name).set({ [fix.column]: fix.value });
    for (const [key, value] of Object.entries(fix.where)) update = update.where(key, '=', value);
    await update.execute();
  }
  return count;
}

/** Moves the backup's attachment files into the store, checking each against its hash. */
async function placeAttachments(staging: string, dataDir: string): Promise<number> {
  const root = path.join(staging, ATTACHMENTS_DIR);
  if (!fs.existsSync(root)) return 0;
  let placed = 0;
  for (const relative of fs.readdirSync(root, { recursive: true }) as string[]) {
    const file = path.join(root, relative);
    if (!fs.statSync(file).isFile()) continue;
    const sha256 = path.basename(file);
    if (!/^[0-9a-f]{64}$/.test(sha256) || (await hashFile(file)) !== sha256) throw new Error(`The backup's attachment file ${relative} is damaged.`);
    commitStaged(dataDir, { tempPath: file, sha256 });
    placed++;
  }
  return placed;
}

/**
 * Puts the backup's key files in place, replacing the target's: the target is empty, so its own
 * keys protect nothing, while the restored rows need the backup's keys.
 */
function placeKeys(staging: string, dataDir: string, manifest: Manifest): number {
  if (manifest.keys.length === 0) return 0;
  const dir = path.join(dataDir, KEYS_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of manifest.keys) {
    const source = path.join(staging, KEYS_DIR, name);
    if (!fs.existsSync(source)) throw new Error(`The backup is damaged: the key file ${name} is missing.`);
    fs.copyFileSync(source, path.join(dir, name));
    fs.chmodSync(path.join(dir, name), 0o600);
  }
  return manifest.keys.length;
}

async function restoreRows(database: DatabaseHandle, staging: string, manifest: Manifest): Promise<number> {
  const { db, dialect } = database;
  return db.transaction().execute(async (trx) => {
    const tables = await listTables(trx, dialect);
    const byName = new Map(tables.map((t) => [t.name, t]));
    for (const saved of manifest.tables) {
      const table = byName.get(saved.name);
      if (!table) throw new Error(`The backup has a table "${saved.name}" that this version of Anlauf does not know.`);
      const unknown = saved.columns.filter((c) => !table.columns.includes(c));
      if (unknown.length) throw new Error(`The backup has columns this version of Anlauf does not know: ${unknown.map((c) => `${saved.name}.${c}`).join(', ')}.`);
    }
    await assertEmpty(trx);
    for (const table of [...tables].reverse()) await trx.deleteFrom(table.name as 'users').execute();
    if (dialect === 'sqlite' && (await sql`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`.execute(trx)).rows.length) {
      await sql`DELETE FROM sqlite_sequence`.execute(trx);
    }
    let rows = 0;
    const saved = new Map(manifest.tables.map((t) => [t.name, t]));
    for (const table of tables) {
      const entry = saved.get(table.name);
      if (!entry) continue;
      const count = await loadTable(trx as Kysely<any>, dialect, staging, table, entry.columns).catch((error: unknown) => {
        throw new Error(`Restoring table ${table.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (count !== entry.rows) throw new Error(`The backup is damaged: table ${table.name} has ${count} rows, the manifest says ${entry.rows}.`);
      rows += count;
      if (dialect === 'postgres') {
        for (const column of table.sequenceColumns) {
          await sql`SELECT setval(pg_get_serial_sequence(${table.name}, ${column}), COALESCE((SELECT MAX(${sql.ref(column)}) FROM ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
        }
      }
    }
    await rebuildSearchIndex(trx, dialect);
    // A backup from before the reports' facts table, or before it kept the times in minutes:
    // compute them from the restored history.
    if (!saved.get('ticket_report_facts')?.columns.includes('resolution_minutes')) await refillReportFacts(trx);
    return rows;
  });
}

/**
 * Restores a backup into the configured installation (ANLAUF_DATA_DIR / DATABASE_URL), which
 * must be empty. Works across databases: a SQLite backup restores into PostgreSQL and back.
 */
export async function restoreBackup(config: Pick<Config, 'dataDir' | 'databaseUrl'>, file: string): Promise<RestoreSummary> {
  const source = path.resolve(file);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new Error(`There is no backup file ${file}.`);
  const database = openDatabase(config);
  const staging = newTempPath(config.dataDir, 'restore');
  try {
    await migrateToLatest(database.db);
    await assertEmpty(database.db);
    fs.mkdirSync(staging, { recursive: true });
    const manifest = await unpack(source, staging);
    const known = new Set(await appliedMigrations(database.db));
    const newer = manifest.migrations.filter((m) => !known.has(m));
    if (newer.length) throw new Error(`The backup comes from a newer version of Anlauf (migration ${newer[0]}); update Anlauf first.`);
    const attachments = await placeAttachments(staging, config.dataDir);
    placeKeys(staging, config.dataDir, manifest);
    const rows = await restoreRows(database, staging, manifest);
    await vacuumAfterBulkLoad(database.db, database.dialect);
    await keepRecentSearchIndex(database.db);
    return {
      file: source,
      from: manifest.dialect,
      into: database.dialect,
      createdAt: manifest.createdAt,
      tickets: manifest.tables.find((t) => t.name === 'tickets')?.rows ?? 0,
      rows,
      attachments,
    };
  } finally {
    await database.destroy();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
