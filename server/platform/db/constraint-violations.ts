/**
 * True when a write failed on a unique constraint (SQLite or PostgreSQL). Routes check for
 * duplicates first; this catches the race where two requests pass that check at once.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when a write failed because a row it removes or changes is still referenced (SQLite or
 * PostgreSQL). Deletes check their uses first and say what they are; this catches a reference
 * that check does not know yet (a table added later), so it becomes a 409 instead of a 500.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** True when a write failed because a NOT NULL column got no value (SQLite or PostgreSQL). */
export function isNotNullViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23502' || code === 'SQLITE_CONSTRAINT_NOTNULL';
}
