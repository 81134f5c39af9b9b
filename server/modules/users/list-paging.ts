import { sql, type Expression, type SqlBool } from 'kysely';
import { decodeCursor, encodeCursor } from '../../platform/http/keyset-cursor.ts';

/**
 * Keyset paging for lists sorted by (name, id): the cursor is the last row's name and id,
 * so pages stay stable while rows are added, on both databases.
 */
export type NameCursor = [name: string, id: number];

export function encodeNameCursor(cursor: NameCursor): string {
  return encodeCursor(cursor);
}

export function decodeNameCursor(raw: string): NameCursor {
  return decodeCursor(raw, ['text', 'id']);
}

/** Rows after the cursor in (name, id) order. */
export function afterNameCursor(nameColumn: string, idColumn: string, cursor: NameCursor): Expression<SqlBool> {
  const [name, id] = cursor;
  return sql<SqlBool>`(${sql.ref(nameColumn)} > ${name} or (${sql.ref(nameColumn)} = ${name} and ${sql.ref(idColumn)} > ${id}))`;
}

/** Case-insensitive "contains" on one column; % and _ in the text match literally. */
export function containsText(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** Cuts one extra row off a page fetched with limit + 1 and makes the next cursor from the last row. */
export function pageOf<T extends { id: number; name: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: last ? encodeNameCursor([last.name, last.id]) : null };
}
