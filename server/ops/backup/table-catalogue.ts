import { sql } from 'kysely';
import type { Dialect, Executor } from '../../platform/db/database.ts';

/**
 * What a backup dumps: every table of the installation as the database itself describes it,
 * so that tables added by later migrations are included without touching this code. Left out
 * are Kysely's migration bookkeeping (the manifest lists the applied migrations instead) and
 * derived search indexes (SQLite FTS5 virtual tables and their shadow tables, PostgreSQL
 * tables holding tsvector columns, and on both the word list taken from them), which restore
 * rebuilds.
 */

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Foreign keys to other tables or to itself: column → referenced table and column. */
  references: Array<{ column: string; table: string; refColumn: string }>;
  /** PostgreSQL: columns filled by a sequence, to be set to max(id) after a restore. */
  sequenceColumns: string[];
}

const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);
/** The words of the ticket search documents (modules/tickets/search-words.ts), on both databases. */
const DERIVED = new Set(['ticket_search_words']);

async function rows<T>(db: Executor, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

async function sqliteTables(db: Executor): Promise<TableInfo[]> {
  const all = await rows<{ name: string; sql: string | null }>(db, sql`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const virtual = all.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  const isDerived = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
  const tables: TableInfo[] = [];
  for (const { name } of all) {
    if (BOOKKEEPING.has(name) || isDerived(name) || DERIVED.has(name)) continue;
    const columns = await rows<{ name: string; pk: number }>(db, sql`SELECT name, pk FROM pragma_table_info(${name}) ORDER BY cid`);
    const fks = await rows<{ table: string; from: string; to: string | null }>(db, sql`SELECT "table", "from", "to" FROM pragma_foreign_key_list(${name})`);
    tables.push({
      name,
      columns: columns.map((c) => c.name),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      references: fks.map((fk) => ({ column: fk.from, table: fk.table, refColumn: fk.to ?? 'rowid' })),
      sequenceColumns: [],
    });
  }
  return tables;
}

async function postgresTables(db: Executor): Promise<TableInfo[]> {
  const columns = await rows<{ table_name: string; column_name: string; data_type: string; udt_name: string; column_default: string | null; is_identity: string }>(
    db,
    sql`SELECT table_name, column_name, data_type, udt_name, column_default, is_identity FROM information_schema.columns
        WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const baseTables = new Set(
    (await rows<{ table_name: string }>(db, sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)).map((t) => t.table_name),
  );
  const keys = await rows<{ table_name: string; column_name: string; position: number }>(
    db,
    sql`SELECT c.relname AS table_name, a.attname AS column_name, k.ord AS position
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisprimary ORDER BY c.relname, k.ord`,
  );
  const fks = await rows<{ table_name: string; column_name: string; ref_table: string; ref_column: string }>(
    db,
    sql`SELECT c.relname AS table_name, a.attname AS column_name, rc.relname AS ref_table, ra.attname AS ref_column
        FROM pg_constraint f
        JOIN pg_class c ON c.oid = f.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        JOIN pg_class rc ON rc.oid = f.confrelid
        CROSS JOIN LATERAL unnest(f.conkey, f.confkey) AS k(col, refcol)
        JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.col
        JOIN pg_attribute ra ON ra.attrelid = f.confrelid AND ra.attnum = k.refcol
        WHERE f.contype = 'f'`,
  );
  const byTable = new Map<string, typeof columns>();
  for (const column of columns) byTable.set(column.table_name, [...(byTable.get(column.table_name) ?? []), column]);
  const tables: TableInfo[] = [];
  for (const [name, cols] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
    if (!baseTables.has(name) || BOOKKEEPING.has(name) || DERIVED.has(name) || cols.some((c) => c.udt_name === 'tsvector')) continue;
    tables.push({
      name,
      columns: cols.map((c) => c.column_name),
      primaryKey: keys.filter((k) => k.table_name === name).map((k) => k.column_name),
      references: fks.filter((f) => f.table_name === name).map((f) => ({ column: f.column_name, table: f.ref_table, refColumn: f.ref_column })),
      sequenceColumns: cols.filter((c) => c.is_identity === 'YES' || (c.column_default ?? '').startsWith('nextval(')).map((c) => c.column_name),
    });
  }
  return tables;
}

/**
 * The installation's tables in dependency order: a table comes after every table it refers to
 * (references to itself are resolved row by row on restore).
 */
export async function listTables(db: Executor, dialect: Dialect): Promise<TableInfo[]> {
  const tables = dialect === 'sqlite' ? await sqliteTables(db) : await postgresTables(db);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableInfo, path: string[]) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') throw new Error(`Tables refer to each other in a cycle (${[...path, table.name].join(' → ')}); backup cannot order them.`);
    state.set(table.name, 'visiting');
    for (const ref of table.references) {
      const target = byName.get(ref.table);
      if (target && target.name !== table.name) visit(target, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** The migrations applied to this database, oldest first. */
export async function appliedMigrations(db: Executor): Promise<string[]> {
  const result = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return result.rows.map((r) => r.name);
}
