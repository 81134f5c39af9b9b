/**
 * Names sorted for display as German readers expect them (Bäckerei before Buchhaltung, Öztürk
 * before Schwarz, "Team 9" before "Team 10"). The databases cannot: SQLite compares bytes and
 * PostgreSQL uses whatever collation the cluster was created with. Only for lists that are
 * returned whole; keyset-paged lists (users, organisations) keep the database order, because
 * their cursors continue from it (the web app sorts each page it shows).
 */
const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

export const compareNames = (a: string, b: string): number => collator.compare(a, b);

export function sortByName<T extends { name: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareNames(a.name, b.name));
}
