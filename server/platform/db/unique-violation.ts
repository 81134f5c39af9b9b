/**
 * True when a write failed on a unique constraint (SQLite or PostgreSQL). Routes check for
 * duplicates first; this catches the race where two requests pass that check at once.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
